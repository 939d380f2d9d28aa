// load_rules() and the baseline file: what is read from files is bounded,
// and what is quoted back stays short.
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <string>

#include "alerts/alert_engine.h"
#include "alerts/rule_list.h"
#include "core/error.h"

namespace netmon::alerts {
namespace {

std::string write_file(const std::string &name, const std::string &content)
{
    std::string path = testing::TempDir() + "/" + name;
    std::ofstream(path, std::ios::binary | std::ios::trunc) << content;
    return path;
}

template <typename Action> std::string usage_error_of(Action action)
{
    try {
        action();
    } catch (const Error &e) {
        EXPECT_EQ(e.exit_code(), kExitUsage);
        return e.what();
    }
    ADD_FAILURE() << "no netmon::Error thrown";
    return "";
}

std::string load_error(const std::string &rule_file)
{
    AlertOptions opts;
    opts.rule_file = rule_file;
    return usage_error_of([&] { load_rules(opts); });
}

TEST(RuleList, ReadsTheRuleFile)
{
    AlertOptions opts;
    opts.rules = {"udp pps > 1"};
    opts.rule_file = write_file("rules-ok", "# comment\n\ntcp pps > 2\nicmp pps > 3\n");
    const auto rules = load_rules(opts);
    ASSERT_EQ(rules.size(), 3u);
    EXPECT_EQ(rules[2].text, "icmp pps > 3");
}

// /dev/zero was read until the OOM killer ended the run; a FIFO blocked.
TEST(RuleList, RefusesFilesThatAreNotRegularOrTooLarge)
{
    std::string what = load_error("/dev/zero");
    EXPECT_NE(what.find("--alert-file '/dev/zero': a character device, not a regular file"),
              std::string::npos)
        << what;

    const std::string fifo = testing::TempDir() + "/rules-fifo";
    unlink(fifo.c_str());
    ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
    what = load_error(fifo);
    EXPECT_NE(what.find("a FIFO, not a regular file"), std::string::npos) << what;
    unlink(fifo.c_str());

    what = load_error(write_file("rules-big", std::string(kMaxAlertFileBytes + 1, '#')));
    EXPECT_NE(what.find("larger than 1 MiB"), std::string::npos) << what;
}

TEST(RuleList, QuotesALongBadRuleShortened)
{
    AlertOptions opts;
    opts.rules = {"udp and " + std::string(50000, 'x') + " pps > 1"};
    const std::string what = usage_error_of([&] { load_rules(opts); });
    EXPECT_LT(what.size(), 700u) << what.substr(0, 700);
    EXPECT_NE(what.find("... (50016 bytes)"), std::string::npos) << what.substr(0, 700);
}

TEST(Baseline, RefusesFilesThatAreNotRegular)
{
    AlertOptions opts;
    opts.rules = {"pps > 3x baseline"};
    opts.baseline_file = "/dev/urandom";
    const std::string what = usage_error_of([&] { AlertEngine engine(load_rules(opts), opts); });
    EXPECT_NE(what.find("--baseline '/dev/urandom': a character device"), std::string::npos)
        << what;
}

} // namespace
} // namespace netmon::alerts
