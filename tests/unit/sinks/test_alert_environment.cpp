// --on-alert's environment: the event's fields as NETMON_ALERT_* variables,
// the same text and numbers as its JSON line, and the command sees them
// (with the rest of the environment kept).
#include <gtest/gtest.h>

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "sinks/alert_environment.h"
#include "sinks/command_run.h"
#include "unit/output/test_view_sample_alerts.h"

using namespace netmon;
using namespace std::chrono_literals;

TEST(AlertEnvironment, EveryFieldOfTheEventByName)
{
    const AlertEventPtr e =
        test::syn_alert_event(AlertEvent::State::Start, 3000.25, test::kAlertT0 + 4000000000ull);
    const std::vector<std::string> want = {
        "NETMON_ALERT_STATE=start",
        "NETMON_ALERT_RULE=syn per dst host pps > 1000 for 2s",
        "NETMON_ALERT_NAME=syn per dst host pps > 1000 for 2s",
        "NETMON_ALERT_METRIC=pps",
        "NETMON_ALERT_VALUE=3000.25",
        "NETMON_ALERT_THRESHOLD=1000.0",
        "NETMON_ALERT_SINCE=2023-11-14T22:13:22.000Z",
        "NETMON_ALERT_TIMESTAMP=2023-11-14T22:13:24.000Z",
        "NETMON_ALERT_EXPLAIN=",
        "NETMON_ALERT_KEY=dst host 10.10.10.20",
        "NETMON_ALERT_KEY_DST_HOST=10.10.10.20",
    };
    EXPECT_EQ(alert_environment(*e), want);
}

TEST(AlertEnvironment, PortKeysAndBaselinesHaveTheirOwnVariables)
{
    AlertEvent e;
    e.state = AlertEvent::State::End;
    e.alert.rule = e.alert.name = "per dst port pps > 2x baseline";
    e.alert.key.kind = AlertKey::Kind::DstPort;
    e.alert.key.port = 53;
    e.alert.key.proto = 17;
    e.alert.metric = "pps";
    e.alert.value = 10;
    e.alert.threshold = 40;
    e.alert.baseline = 20;
    const std::vector<std::string> env = alert_environment(e);
    for (const char *want : {"NETMON_ALERT_STATE=end", "NETMON_ALERT_BASELINE=20.0",
                             "NETMON_ALERT_KEY=dst port 53/udp", "NETMON_ALERT_KEY_DST_PORT=53",
                             "NETMON_ALERT_KEY_PROTO=udp"})
        EXPECT_NE(std::find(env.begin(), env.end(), want), env.end()) << want;
    e.alert.key = {};
    e.alert.baseline.reset();
    for (const std::string &entry : alert_environment(e)) {
        EXPECT_EQ(entry.rfind("NETMON_ALERT_KEY", 0), std::string::npos) << entry;
        EXPECT_EQ(entry.rfind("NETMON_ALERT_BASELINE", 0), std::string::npos) << entry;
    }
}

TEST(AlertEnvironment, TheCommandSeesItBesideItsOwnEnvironment)
{
    char path[32] = "/tmp/netmon-env-XXXXXX";
    const int fd = mkstemp(path);
    ASSERT_GE(fd, 0);
    setenv("NETMON_ALERT_STATE", "stale", 1); // replaced, not duplicated
    CommandOutput out(fd, "");
    std::atomic<bool> never{false};
    const CommandRun run = run_command(
        "echo \"$NETMON_ALERT_STATE|$NETMON_ALERT_KEY|${PATH:+path}\"; env | grep -c "
        "^NETMON_ALERT_STATE=",
        "", 5s, out, never, {"NETMON_ALERT_STATE=start", "NETMON_ALERT_KEY=dst host 10.0.0.1"});
    unsetenv("NETMON_ALERT_STATE");
    EXPECT_EQ(run.failure, "");
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    EXPECT_EQ(text.str(), "start|dst host 10.0.0.1|path\n1\n");
    close(fd);
    unlink(path);
}

// The documented example script works with what alert_environment() gives.
TEST(AlertEnvironment, TheDocumentedExampleScriptLogsTheEvent)
{
    char log[32] = "/tmp/netmon-log-XXXXXX";
    const int log_fd = mkstemp(log);
    ASSERT_GE(log_fd, 0);
    char out_path[32] = "/tmp/netmon-out-XXXXXX";
    const int out_fd = mkstemp(out_path);
    ASSERT_GE(out_fd, 0);
    std::vector<std::string> env = alert_environment(
        *test::syn_alert_event(AlertEvent::State::Update, 3000, test::kAlertT0 + 4000000000ull));
    env.push_back(std::string("NETMON_ALERT_LOG=") + log);
    CommandOutput out(out_fd, "");
    std::atomic<bool> never{false};
    // Started from the source tree, as ctest does (WORKING_DIRECTORY).
    const CommandRun run = run_command("docs/examples/on-alert-notify.sh", "", 5s, out, never, env);
    EXPECT_EQ(run.failure, "");
    std::ifstream in(log);
    std::stringstream text;
    text << in.rdbuf();
    EXPECT_EQ(text.str(), "2023-11-14T22:13:24.000Z update: syn per dst host pps > 1000 for 2s "
                          "[dst host 10.10.10.20] pps 3000.0 (threshold 1000.0)\n");
    close(log_fd);
    close(out_fd);
    unlink(log);
    unlink(out_path);
}
