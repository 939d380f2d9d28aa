// The nesting check before libpcap, and invalid filters quoted shortened.
#include <gtest/gtest.h>

#include <string>

#include "core/error.h"
#include "filter/filter_nesting.h"
#include "filter/pcap_compile.h"

namespace netmon::filter {
namespace {

std::string repeated(const std::string &piece, size_t times)
{
    std::string out;
    for (size_t i = 0; i < times; i++)
        out += piece;
    return out;
}

std::string compile_error(const std::string &expression)
{
    try {
        compile_pcap_filter(expression);
    } catch (const Error &e) {
        EXPECT_EQ(e.exit_code(), kExitUsage);
        std::string what = e.what();
        EXPECT_EQ(what.find('\n'), std::string::npos) << what.substr(0, 300);
        return what;
    }
    ADD_FAILURE() << "compiled: " << expression.substr(0, 100);
    return "";
}

TEST(FilterNesting, CountsOpenParenthesesAndWaitingNots)
{
    EXPECT_EQ(filter_nesting("tcp port 80"), 0u);
    EXPECT_EQ(filter_nesting("not tcp"), 1u);
    EXPECT_EQ(filter_nesting("not (not tcp)"), 3u);
    EXPECT_EQ(filter_nesting("((tcp) or (udp)) and not icmp"), 2u);
    EXPECT_EQ(filter_nesting("!tcp and ! udp"), 1u);
    // Not a 'not': a comparison, and words that only contain one.
    EXPECT_EQ(filter_nesting("ip[8] != 64 and host knot.example"), 0u);
    EXPECT_EQ(filter_nesting("not not not not tcp"), 4u);
    EXPECT_EQ(filter_nesting(repeated("(", 20000) + "tcp" + repeated(")", 20000)), 20000u);
    // A ')' too many is libpcap's to report, not a negative depth.
    EXPECT_EQ(filter_nesting(")) (tcp)"), 1u);
}

// libpcap refuses these with "memory exhausted", which does not say why.
TEST(FilterNesting, DeepFiltersAreRefusedNamingTheLimit)
{
    std::string what = compile_error(repeated("(", 20000) + "tcp" + repeated(")", 20000));
    EXPECT_EQ(what, "invalid filter: it nests 20000 levels deep, more than the limit of 1000 "
                    "(each open '(' and each 'not' before its operand is one)");
    what = compile_error(repeated("not ", 200000) + "tcp");
    EXPECT_NE(what.find("it nests 200000 levels deep"), std::string::npos) << what;
    // At the limit, libpcap compiles it.
    EXPECT_FALSE(
        compile_pcap_filter(repeated("(", 500) + repeated("not ", 500) + "tcp" + repeated(")", 500))
            .empty());
}

TEST(FilterNesting, HugeInvalidFiltersAreQuotedShortened)
{
    const std::string huge = "tcp and ) " + repeated("port 1 ", 3'000'000);
    const std::string what = compile_error(huge);
    EXPECT_LT(what.size(), 500u) << what.substr(0, 500);
    EXPECT_NE(what.find("... (" + std::to_string(huge.size()) + " bytes)"), std::string::npos)
        << what;
}

} // namespace
} // namespace netmon::filter
