// `per process` and `process NAME` (docs/alerts.md): parsed with their
// columns in errors, grouped by the process each flow update carries, and
// an alert that names the program.
#include <gtest/gtest.h>

#include "alert_test_snapshot.h"
#include "alerts/alert_engine.h"
#include "alerts/flow_classes.h"
#include "alerts/rule_list.h"
#include "alerts/rule_parser.h"
#include "core/error.h"
#include "output/alert_json.h"
#include "unit/alerts/rule_error.h"

namespace netmon::alerts {
namespace {

using testing::error_of;
using testing::SnapshotBuilder;
using testing::v4_key;

std::shared_ptr<const ProcessInfo> process(uint32_t id, uint32_t pid, const char *comm)
{
    auto p = std::make_shared<ProcessInfo>();
    p->id = id;
    p->pid = pid;
    p->comm = comm;
    p->cgroup = "/system.slice/test.service";
    return p;
}

TEST(ProcessRules, KeyAndSelectorParse)
{
    Rule r = parse_rule("per process bps > 1M");
    EXPECT_FALSE(r.selector);
    EXPECT_EQ(r.key, AlertKey::Kind::Process);
    EXPECT_EQ(r.primary().value, 1e6);
    EXPECT_EQ(r.baseline_id(r.primary()), "per process bps");

    r = parse_rule("outbound and new dst host per process bps > 1M for 10s");
    ASSERT_TRUE(r.selector);
    EXPECT_EQ(r.selector->op, Selector::Op::And);
    EXPECT_EQ(r.key, AlertKey::Kind::Process);
    EXPECT_TRUE(r.uses_new_hosts);
    EXPECT_EQ(r.duration_s, 10);

    r = parse_rule("process iperf3 and not tcp pps > 10");
    ASSERT_TRUE(r.selector);
    EXPECT_EQ(r.selector->left->op, Selector::Op::Process);
    EXPECT_EQ(r.selector->left->process, "iperf3");
    EXPECT_EQ(r.selector_text, "process iperf3 and not tcp");

    // The kernel keeps a command name's first 15 bytes: so does the rule.
    r = parse_rule("process systemd-resolved per dst host pps > 1");
    EXPECT_EQ(r.selector->process, "systemd-resolve");
}

TEST(ProcessRules, ErrorsNameTheColumn)
{
    auto e = error_of("process pps > 1");
    EXPECT_EQ(e.first, 9u);
    EXPECT_NE(e.second.find("expected a process name after 'process'"), std::string::npos)
        << e.second;

    e = error_of("udp and process");
    EXPECT_EQ(e.first, 16u);
    EXPECT_NE(e.second.find("got the end of the rule"), std::string::npos) << e.second;

    e = error_of("process (curl) pps > 1");
    EXPECT_EQ(e.first, 9u);

    e = error_of("per processes bps > 1");
    EXPECT_EQ(e.first, 5u);
    EXPECT_NE(e.second.find("'dst net /N' or 'process'"), std::string::npos) << e.second;

    e = error_of("process curl wget pps > 1");
    EXPECT_EQ(e.first, 14u);
    EXPECT_NE(e.second.find("expected 'and', 'or', 'per'"), std::string::npos) << e.second;
}

// replay and --no-process have no processes: a rule that reads them is
// refused before the run, one line naming the rule.
TEST(ProcessRules, RefusedWhereTheRunHasNoProcesses)
{
    AlertOptions opts;
    opts.rules = {"udp pps > 1", "  per process bps > 1M "};
    EXPECT_EQ(load_rules(opts).size(), 2u);
    opts.no_processes = "replay has no processes";
    try {
        load_rules(opts);
        ADD_FAILURE() << "a process rule was accepted without processes";
    } catch (const Error &e) {
        EXPECT_EQ(std::string(e.what()), "--alert 'per process bps > 1M': reads the process "
                                         "('per process', 'process NAME'), and replay has no "
                                         "processes");
        EXPECT_EQ(e.exit_code(), kExitUsage);
    }
    opts.rules = {"not process curl pps > 1"};
    EXPECT_THROW(load_rules(opts), Error);
    opts.rules = {"udp per dst host pps > 1"};
    EXPECT_EQ(load_rules(opts).size(), 1u);
    EXPECT_FALSE(parse_rule("udp per dst host pps > 1").uses_processes);
}

// Two processes and a flow with none (spoofed, forwarded): `per process`
// gives each process exactly its flows, and the flow with none nothing.
Snapshot three_owners(double end_s, uint64_t iperf_bytes)
{
    const auto iperf = process(1, 4242, "iperf3");
    const auto curl = process(2, 777, "curl");
    SnapshotBuilder b(end_s);
    b.flow(v4_key("10.0.0.1", "10.0.0.2", 6, 40000, 5201), 1000, iperf_bytes);
    b.detail->updates.back().process = iperf;
    b.flow(v4_key("10.0.0.2", "10.0.0.1", 6, 5201, 40000), 500, 30000);
    b.detail->updates.back().process = iperf;
    b.flow(v4_key("10.0.0.1", "10.0.0.2", 6, 40001, 8080), 10, 1000);
    b.detail->updates.back().process = curl;
    b.flow(v4_key("10.0.0.1", "10.0.0.2", 17, 5000, 53), 20, 2000);
    b.detail->updates.back().process = curl;
    b.flow(v4_key("192.0.2.7", "10.0.0.1", 6, 1234, 7), 300, 18000, 300); // no process
    b.flow(v4_key("10.0.0.1", "10.0.0.2", 1, 0, 0x0800), 5, 500);         // ICMP: no socket
    return b.build();
}

TEST(ProcessRules, PerProcessTalliesEachProcessExactly)
{
    const Snapshot s = three_owners(1, 1'000'000);
    const LocalNets nets;
    const KnownHosts known;
    const MatchContext ctx{nets, known};
    const IntervalTallies t = tally(parse_rule("per process bps > 1"), s, ctx);
    ASSERT_EQ(t.by_key.size(), 2u);
    for (const auto &[key, tally] : t.by_key) {
        const std::string name = key.comm.data();
        if (name == "iperf3") {
            EXPECT_EQ(key.pid, 4242u);
            EXPECT_EQ(tally.packets, 1500u);
            EXPECT_EQ(tally.bytes, 1'030'000u);
        } else {
            EXPECT_EQ(name, "curl");
            EXPECT_EQ(key.pid, 777u);
            EXPECT_EQ(tally.packets, 30u);
            EXPECT_EQ(tally.bytes, 3000u);
        }
    }
    EXPECT_EQ(t.total.packets, 1530u);

    EXPECT_EQ(tally(parse_rule("process curl pps > 1"), s, ctx).total.packets, 30u);
    EXPECT_EQ(tally(parse_rule("process curl and udp pps > 1"), s, ctx).total.packets, 20u);
    EXPECT_EQ(tally(parse_rule("not process iperf3 pps > 1"), s, ctx).total.packets, 335u);
    EXPECT_EQ(tally(parse_rule("process wget pps > 1"), s, ctx).total.packets, 0u);

    // The classes a process rule reads: TCP and UDP, nothing it could miss.
    const FlowIndex index = FlowIndex::build(*s.flow_detail);
    for (const char *text : {"per process pps > 1", "process curl pps > 1",
                             "process iperf3 or icmp pps > 1", "not process curl pps > 1"}) {
        const Rule r = parse_rule(text);
        EXPECT_EQ(tally(r, s, ctx, &index).total.packets, tally(r, s, ctx).total.packets) << text;
    }
}

TEST(ProcessRules, AlertNamesTheProgram)
{
    AlertOptions opts;
    std::vector<Rule> rules;
    rules.push_back(parse_rule("per process bps > 1M"));
    AlertEngine engine(std::move(rules), opts);
    Snapshot quiet = three_owners(1, 50'000); // iperf3: 0.64 Mbit/s
    EXPECT_TRUE(engine.evaluate(quiet).empty());
    Snapshot busy = three_owners(2, 1'000'000); // iperf3: 8.24 Mbit/s
    const auto events = engine.evaluate(busy);
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0]->state, AlertEvent::State::Start);
    EXPECT_EQ(alert_key_json(events[0]->alert.key).dump(), R"({"comm":"iperf3","pid":4242})");
    EXPECT_EQ(alert_key_text(events[0]->alert.key), "process iperf3 pid 4242");
    EXPECT_EQ(events[0]->alert.value, 1'030'000 * 8.0);
    EXPECT_NE(events[0]->explain.find("with process iperf3 pid 4242"), std::string::npos)
        << events[0]->explain;
    // Its contributors are the process's own flows only.
    ASSERT_EQ(events[0]->top.flows.size(), 2u);
    EXPECT_EQ(events[0]->top.flows[0].packets + events[0]->top.flows[1].packets, 1500u);
}

} // namespace
} // namespace netmon::alerts
