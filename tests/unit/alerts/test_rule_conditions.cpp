// The grammar of issue 25: compound conditions, '<', durations in ms, s, m
// and h, the arp, rst, fin and new primitives, per src|dst net /N keys.
#include <gtest/gtest.h>

#include "alerts/rule_parser.h"
#include "unit/alerts/rule_error.h"

namespace netmon::alerts {
namespace {

using Op = Selector::Op;
using testing::error_of;

TEST(RuleConditions, AndJoinsConditionsAfterTheSelector)
{
    Rule r = parse_rule("udp share > 80% and pps > 1000");
    ASSERT_EQ(r.conditions.size(), 2u);
    EXPECT_EQ(r.selector_text, "udp");
    EXPECT_EQ(r.conditions[0].metric, Metric::Share);
    EXPECT_EQ(r.conditions[0].value, 80);
    EXPECT_EQ(r.conditions[1].metric, Metric::Pps);
    EXPECT_EQ(r.conditions[1].value, 1000);
    EXPECT_FALSE(r.conditions[1].below);

    // 'and' inside the selector still joins primitives
    r = parse_rule("udp and dst port 53 per dst host pps > 3x baseline and pps > 500 for 2m");
    EXPECT_EQ(r.selector_text, "udp and dst port 53");
    EXPECT_EQ(r.selector->op, Op::And);
    ASSERT_EQ(r.conditions.size(), 2u);
    EXPECT_TRUE(r.conditions[0].baseline);
    EXPECT_EQ(r.conditions[0].multiplier, 3);
    EXPECT_EQ(r.conditions[1].value, 500);
    EXPECT_EQ(r.duration_s, 120);
    EXPECT_EQ(r.baseline_id(r.conditions[0]), "udp and dst port 53 per dst host pps");

    r = parse_rule("tcp pps < 10 && bps > 1M");
    EXPECT_TRUE(r.conditions[0].below);
    EXPECT_EQ(r.conditions[0].value, 10);
    EXPECT_EQ(r.conditions[1].value, 1e6);
}

TEST(RuleConditions, DurationsTakeMsSMAndH)
{
    EXPECT_DOUBLE_EQ(parse_rule("pps > 1 for 500ms").duration_s, 0.5);
    EXPECT_DOUBLE_EQ(parse_rule("pps > 1 for 3s").duration_s, 3);
    EXPECT_DOUBLE_EQ(parse_rule("pps > 1 for 2m").duration_s, 120);
    EXPECT_DOUBLE_EQ(parse_rule("pps > 1 for 1.5h").duration_s, 5400);
    for (const char *bad : {"pps > 1 for 3", "pps > 1 for ms", "pps > 1 for 3d", "pps > 1 for 3sm",
                            "pps > 1 for 3000h"})
        EXPECT_NE(error_of(bad).second.find("expected a duration such as 500ms"), std::string::npos)
            << bad;
    EXPECT_EQ(error_of("pps > 1 for 3d").first, 13u);
}

TEST(RuleConditions, NewPrimitivesAndNetKeys)
{
    Rule r = parse_rule("arp pps > 100");
    EXPECT_EQ(r.selector->op, Op::Arp);
    r = parse_rule("rst per src host pps > 100");
    EXPECT_EQ(r.selector->op, Op::TcpFlag);
    EXPECT_EQ(r.selector->tcp_flag, 0x04);
    r = parse_rule("fin pps > 100");
    EXPECT_EQ(r.selector->tcp_flag, 0x01);
    // rst and fin pick whole flows: bps stays exact
    EXPECT_FALSE(parse_rule("rst bps > 1M").partial_packets);

    r = parse_rule("outbound and new dst host per dst host bps > 1M for 10s");
    EXPECT_TRUE(r.uses_new_hosts);
    ASSERT_EQ(r.selector->op, Op::And);
    EXPECT_EQ(r.selector->right->op, Op::New);
    EXPECT_EQ(r.selector->right->side, Selector::Side::Dst);
    EXPECT_EQ(parse_rule("new host pps > 1").selector->side, Selector::Side::Either);
    EXPECT_FALSE(parse_rule("udp pps > 1").uses_new_hosts);

    r = parse_rule("per src net /24 pps > 1000");
    EXPECT_EQ(r.key, AlertKey::Kind::SrcNet);
    EXPECT_EQ(r.key_prefix, 24);
    EXPECT_EQ(r.baseline_id(r.primary()), "per src net /24 pps");
    r = parse_rule("per dst net /64 sources > 10");
    EXPECT_EQ(r.key, AlertKey::Kind::DstNet);
    EXPECT_EQ(r.key_prefix, 64);
}

TEST(RuleConditions, ErrorsKeepTheColumn)
{
    auto e = error_of("udp share > 80% and");
    EXPECT_EQ(e.first, 20u);
    EXPECT_NE(e.second.find("expected a metric"), std::string::npos) << e.second;

    e = error_of("udp share > 80% and pps 1000");
    EXPECT_EQ(e.first, 25u);
    EXPECT_NE(e.second.find("expected '>' or '<'"), std::string::npos) << e.second;

    e = error_of("syn pps > 1 and bps > 1");
    EXPECT_EQ(e.first, 17u);
    EXPECT_NE(e.second.find("use pps"), std::string::npos);

    e = error_of("per dst net 24 pps > 1");
    EXPECT_EQ(e.first, 13u);
    EXPECT_NE(e.second.find("expected a prefix length such as /24"), std::string::npos);
    EXPECT_EQ(error_of("per src net /129 pps > 1").first, 13u);

    e = error_of("new 10.0.0.1 pps > 1");
    EXPECT_EQ(e.first, 5u);
    EXPECT_NE(e.second.find("expected 'host' after 'new'"), std::string::npos);

    e = error_of("pps > 1 pps > 2");
    EXPECT_EQ(e.first, 9u);
    EXPECT_NE(e.second.find("expected 'and' COND, 'for' DURATION"), std::string::npos);

    std::string many = "pps > 1";
    for (int i = 0; i < 20; i++)
        many += " and pps > 1";
    EXPECT_NE(error_of(many).second.find("at most 16 conditions"), std::string::npos);
}

} // namespace
} // namespace netmon::alerts
