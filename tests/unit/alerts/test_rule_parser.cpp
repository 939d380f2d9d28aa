#include <gtest/gtest.h>

#include "alerts/rule_parser.h"
#include "unit/alerts/rule_error.h"

namespace netmon::alerts {
namespace {

using Op = Selector::Op;
using testing::error_of;

TEST(RuleParser, IssueExamplesParseAsWritten)
{
    Rule r = parse_rule("udp pps > 15000");
    ASSERT_TRUE(r.selector);
    EXPECT_EQ(r.selector->op, Op::Proto);
    EXPECT_EQ(r.selector->proto, 17);
    EXPECT_EQ(r.primary().metric, Metric::Pps);
    EXPECT_EQ(r.primary().value, 15000);
    EXPECT_EQ(r.name, "udp pps > 15000");

    r = parse_rule("udp share > 60%");
    EXPECT_EQ(r.primary().metric, Metric::Share);
    EXPECT_EQ(r.primary().value, 60);

    r = parse_rule("per dst host sources > 500");
    EXPECT_FALSE(r.selector);
    EXPECT_EQ(r.key, AlertKey::Kind::DstHost);
    EXPECT_EQ(r.primary().metric, Metric::Sources);
    EXPECT_EQ(r.primary().value, 500);

    r = parse_rule("udp src port 53 per dst host bps > 100k");
    ASSERT_TRUE(r.selector);
    EXPECT_EQ(r.selector->op, Op::And);
    EXPECT_EQ(r.selector->right->op, Op::Port);
    EXPECT_EQ(r.selector->right->side, Selector::Side::Src);
    EXPECT_EQ(r.selector->right->port, 53);
    EXPECT_EQ(r.selector_text, "udp src port 53");
    EXPECT_EQ(r.primary().value, 100000);

    r = parse_rule("syn per dst host pps > 1000 for 3s");
    EXPECT_EQ(r.selector->op, Op::Syn);
    EXPECT_TRUE(r.partial_packets);
    EXPECT_EQ(r.duration_s, 3);

    r = parse_rule("outbound per dst host bps > 10M for 10s");
    EXPECT_EQ(r.selector->op, Op::Outbound);
    EXPECT_EQ(r.primary().value, 10e6);
    EXPECT_EQ(r.duration_s, 10);

    r = parse_rule("pps > 3x baseline");
    EXPECT_TRUE(r.primary().baseline);
    EXPECT_EQ(r.primary().multiplier, 3);
    EXPECT_EQ(r.baseline_id(r.primary()), "pps");
}

TEST(RuleParser, NamesPrecedenceAndAddresses)
{
    Rule r = parse_rule("dns-amp: udp and not (src net 10.0.0.0/8 or dst host 2001:db8::1) "
                        "per dst port flows > 2.5G");
    EXPECT_EQ(r.name, "dns-amp");
    EXPECT_EQ(r.key, AlertKey::Kind::DstPort);
    EXPECT_EQ(r.primary().value, 2.5e9);
    ASSERT_EQ(r.selector->op, Op::And);
    const Selector &n = *r.selector->right;
    ASSERT_EQ(n.op, Op::Not);
    ASSERT_EQ(n.left->op, Op::Or);
    EXPECT_EQ(n.left->left->op, Op::Net);
    EXPECT_EQ(n.left->left->prefix_bits, 96u + 8);
    EXPECT_EQ(n.left->left->family, 4);
    EXPECT_EQ(n.left->right->op, Op::Host);
    EXPECT_EQ(n.left->right->family, 6);
    EXPECT_EQ(n.left->right->prefix_bits, 128u);

    // and binds tighter than or
    r = parse_rule("tcp or udp and port 53 pps > 1");
    EXPECT_EQ(r.selector->op, Op::Or);
    EXPECT_EQ(r.selector->right->op, Op::And);

    r = parse_rule("flood:syn pps>5");
    EXPECT_EQ(r.name, "flood");
    EXPECT_EQ(r.primary().value, 5);
}

TEST(RuleParser, ErrorsSayWhereAndWhat)
{
    auto e = error_of("udp pps >");
    EXPECT_EQ(e.first, 10u);
    EXPECT_NE(e.second.find("expected a value"), std::string::npos) << e.second;
    EXPECT_NE(e.second.find("the end of the rule"), std::string::npos);

    e = error_of("udp per dst mac pps > 1");
    EXPECT_EQ(e.first, 9u);
    EXPECT_NE(e.second.find("expected a key"), std::string::npos) << e.second;

    e = error_of("tcp bps > 5%");
    EXPECT_EQ(e.first, 11u);
    EXPECT_NE(e.second.find("a percentage applies to share only"), std::string::npos);

    e = error_of("udp share > 60");
    EXPECT_EQ(e.first, 13u);
    EXPECT_NE(e.second.find("percentage"), std::string::npos);

    e = error_of("syn per dst host bps > 1M");
    EXPECT_EQ(e.first, 18u);
    EXPECT_NE(e.second.find("use pps"), std::string::npos);

    e = error_of("udp pps > 10 for 3");
    EXPECT_EQ(e.first, 18u);
    EXPECT_NE(e.second.find("duration"), std::string::npos);

    e = error_of("udpp pps > 1");
    EXPECT_EQ(e.first, 1u);
    EXPECT_NE(e.second.find("expected a selector"), std::string::npos);

    e = error_of("udp tcp pps > 1");
    EXPECT_EQ(e.first, 5u);
    EXPECT_NE(e.second.find("expected 'and', 'or'"), std::string::npos);

    e = error_of("host 10.0.0.300 pps > 1");
    EXPECT_EQ(e.first, 6u);

    e = error_of("net 10.0.0.0/33 pps > 1");
    EXPECT_EQ(e.first, 14u);

    e = error_of("port 0 pps > 1");
    EXPECT_EQ(e.first, 6u);

    e = error_of("(tcp pps > 1");
    EXPECT_EQ(e.first, 6u);
    EXPECT_NE(e.second.find("')'"), std::string::npos);

    e = error_of("pps > 3x");
    EXPECT_EQ(e.first, 9u);
    EXPECT_NE(e.second.find("'baseline'"), std::string::npos);

    e = error_of("pps > 3 extra");
    EXPECT_EQ(e.first, 9u);

    e = error_of("");
    EXPECT_EQ(e.first, 1u);
}

std::string repeated(const std::string &piece, size_t times)
{
    std::string out;
    for (size_t i = 0; i < times; i++)
        out += piece;
    return out;
}

// Parsing, matching and freeing a selector recurse with its depth: 20,000
// nested '(' or 200,000 'not' overflowed the stack (SIGSEGV).
TEST(RuleParser, DeepNestingIsRefusedByNameNotByTheStack)
{
    auto e = error_of(repeated("(", 20000) + "tcp" + repeated(")", 20000) + " pps > 1");
    EXPECT_EQ(e.first, kMaxSelectorOperators + 1); // the first '(' past the limit
    EXPECT_NE(e.second.find("the selector has more than 1000 operators, the limit"),
              std::string::npos)
        << e.second.substr(0, 300);

    e = error_of(repeated("not ", 200000) + "tcp pps > 1");
    EXPECT_EQ(e.first, 4 * kMaxSelectorOperators + 1);
    EXPECT_NE(e.second.find("more than 1000 operators"), std::string::npos);

    e = error_of("tcp" + repeated(" or udp", 5000) + " pps > 1");
    EXPECT_NE(e.second.find("more than 1000 operators"), std::string::npos);
}

TEST(RuleParser, SelectorsUpToTheLimitParse)
{
    // 500 '(' and 499 'or' and 1 'not': 1000 operators.
    const std::string at_limit =
        repeated("(", 500) + "not tcp" + repeated(" or udp)", 499) + ")" + " pps > 1";
    const Rule r = parse_rule(at_limit);
    ASSERT_TRUE(r.selector);
    EXPECT_EQ(r.selector->op, Op::Or);
    EXPECT_NE(error_of("(" + at_limit).second.find("more than 1000 operators"), std::string::npos);
}

// A huge word is quoted shortened, on one line.
TEST(RuleParser, HugeTokensAreQuotedShortened)
{
    const auto e = error_of("udp " + std::string(100000, 'x') + " > 1");
    EXPECT_LT(e.second.size(), 400u) << e.second.substr(0, 400);
    EXPECT_NE(e.second.find("... (100000 bytes)"), std::string::npos) << e.second;
}

} // namespace
} // namespace netmon::alerts
