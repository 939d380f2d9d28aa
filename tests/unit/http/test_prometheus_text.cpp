#include <gtest/gtest.h>

#include <limits>

#include "http/prometheus_text.h"

namespace netmon::http {

TEST(PrometheusText, EscapesLabelValues)
{
    EXPECT_EQ(escape_label_value("eth0"), "eth0");
    EXPECT_EQ(escape_label_value("a\\b\"c\nd"), "a\\\\b\\\"c\\nd");
}

TEST(PrometheusText, EscapesHelpButNotQuotes)
{
    EXPECT_EQ(escape_help("say \"hi\"\\\nbye"), "say \"hi\"\\\\\\nbye");
}

TEST(PrometheusText, FormatsValues)
{
    EXPECT_EQ(format_value(0.0005), "0.0005");
    EXPECT_EQ(format_value(1.0), "1");
    EXPECT_EQ(format_value(2.5), "2.5");
    EXPECT_EQ(format_value(std::numeric_limits<double>::infinity()), "+Inf");
    EXPECT_EQ(format_value(std::numeric_limits<double>::quiet_NaN()), "NaN");
}

TEST(PrometheusText, WritesFamiliesWithHelpAndTypeOnce)
{
    PrometheusText p;
    p.family("x_total", "counter", "Things\ncounted");
    p.sample("", {{"a", "1"}, {"b", "q\""}}, uint64_t{7});
    p.sample("", {}, uint64_t{18446744073709551615ull});
    p.family("d_seconds", "histogram", "Durations");
    p.sample("_bucket", {{"le", "0.5"}}, uint64_t{1});
    p.sample("_sum", {}, 0.25);
    EXPECT_EQ(p.text(), "# HELP x_total Things\\ncounted\n"
                        "# TYPE x_total counter\n"
                        "x_total{a=\"1\",b=\"q\\\"\"} 7\n"
                        "x_total 18446744073709551615\n"
                        "# HELP d_seconds Durations\n"
                        "# TYPE d_seconds histogram\n"
                        "d_seconds_bucket{le=\"0.5\"} 1\n"
                        "d_seconds_sum 0.25\n");
}

} // namespace netmon::http
