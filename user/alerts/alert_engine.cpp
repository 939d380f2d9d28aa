#include "alerts/alert_engine.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include "alerts/contributors.h"
#include "alerts/host_values.h"
#include "core/bounded_file.h"
#include "core/error.h"
#include "output/address_format.h"
#include "output/alert_json.h"
#include "output/time_format.h"

namespace netmon::alerts {

namespace {

constexpr const char *kBaselineFormat = "netmon-xdp-baseline/1";

std::string number(double v)
{
    char buf[64];
    if (v == std::floor(v) && std::fabs(v) < 1e15)
        std::snprintf(buf, sizeof(buf), "%.0f", v);
    else
        std::snprintf(buf, sizeof(buf), "%.3f", v);
    return buf;
}

nlohmann::json key_to_file(const AlertKey &k)
{
    if (k.kind == AlertKey::Kind::DstPort)
        return {{"dst_port", k.port}, {"proto", k.proto}};
    if (k.kind == AlertKey::Kind::SrcNet || k.kind == AlertKey::Kind::DstNet)
        return {{"addr", format_address(k.addr_kind, k.addr)}, {"prefix", k.prefix}};
    return alert_key_json(k);
}

// The inverse of key_to_file; throws std::runtime_error.
AlertKey key_from_file(const nlohmann::json &j, AlertKey::Kind kind)
{
    AlertKey k;
    k.kind = kind;
    if (kind == AlertKey::Kind::DstPort) {
        k.port = j.at("dst_port").get<uint16_t>();
        k.proto = j.at("proto").get<uint8_t>();
        return k;
    }
    if (kind == AlertKey::Kind::Process) {
        k.pid = j.at("pid").get<uint32_t>();
        const std::string comm = j.at("comm").get<std::string>();
        std::copy_n(comm.begin(), std::min(comm.size(), k.comm.size() - 1), k.comm.begin());
        return k;
    }
    const bool net = kind == AlertKey::Kind::SrcNet || kind == AlertKey::Kind::DstNet;
    if (net)
        k.prefix = j.at("prefix").get<uint8_t>();
    const std::string text = j.at(net                               ? "addr"
                                  : kind == AlertKey::Kind::SrcHost ? "src_host"
                                                                    : "dst_host")
                                 .get<std::string>();
    uint8_t v4[4];
    if (inet_pton(AF_INET, text.c_str(), v4) == 1) {
        k.addr_kind = NETMON_KIND_IPV4;
        k.addr[10] = k.addr[11] = 0xff;
        std::memcpy(&k.addr[12], v4, 4);
    } else if (inet_pton(AF_INET6, text.c_str(), k.addr.data()) == 1) {
        k.addr_kind = NETMON_KIND_IPV6;
    } else {
        throw std::runtime_error("'" + text + "' is not an address");
    }
    return k;
}

} // namespace

AlertEngine::AlertEngine(std::vector<Rule> rules, const AlertOptions &opts) : opts_(opts)
{
    for (auto &rule : rules) {
        RuleState r;
        r.timing.duration_s = rule.duration_s;
        // --alert-clear 0: the rule's own duration (at least one interval).
        r.timing.clear_s = opts.clear_s > 0 ? opts.clear_s : rule.duration_s;
        r.timing.update_s = opts.update_s;
        r.rule = std::move(rule);
        rules_.push_back(std::move(r));
    }
    if (!opts.known_hosts_file.empty()) {
        if (!any_new_hosts())
            throw Error("--known-hosts lists hosts that are never new, and no rule uses "
                        "'new [src|dst] host': add such a rule or drop --known-hosts",
                        kExitUsage);
        known_.load_file(opts.known_hosts_file);
    }
    load_baseline();
}

uint64_t AlertEngine::untracked_keys() const
{
    uint64_t n = 0;
    for (const auto &r : rules_)
        n += r.untracked;
    return n;
}

bool AlertEngine::any_new_hosts() const
{
    for (const auto &r : rules_)
        if (r.rule.uses_new_hosts)
            return true;
    return false;
}

size_t AlertEngine::tracked_keys() const
{
    size_t n = 0;
    for (const auto &r : rules_)
        n += r.keys.size();
    return n;
}

std::vector<AlertEventPtr> AlertEngine::evaluate(Snapshot &snap)
{
    if (!nets_ready_) {
        // The snapshot names the local networks in canonical form.
        for (const auto &cidr : snap.local_nets)
            nets_.add(cidr);
        nets_ready_ = true;
    }
    std::vector<AlertEventPtr> events;
    AlertSection section;
    const bool final = snap.kind == Snapshot::Kind::Final;
    rate_s_ = final ? std::max(snap.interval_s, opts_.interval_s) : snap.interval_s;
    // The snapshot's overflow is since start: this interval's is the step.
    overflow_interval_ = snap.total.overflow - overflow_seen_;
    overflow_seen_ = snap.total.overflow;
    // `new` knows what the learning period saw, this interval included.
    if (snap.interval_s > 0 && any_new_hosts())
        known_.learn(snap, opts_.warmup_s);
    if (snap.interval_s > 0) {
        // Sorted once for every rule: each reads only the classes it can
        // match. Not at all when no rule reads flows.
        FlowIndex index;
        const bool any_reads_flows = std::any_of(
            rules_.begin(), rules_.end(), [](const RuleState &r) { return reads_flows(r.rule); });
        if (snap.flow_detail && any_reads_flows)
            index = FlowIndex::build(*snap.flow_detail);
        for (auto &r : rules_)
            evaluate_rule(r, snap, index, events, section);
    }
    for (const auto &r : rules_) {
        double learned = opts_.warmup_s;
        for (size_t i = 0; i < r.rule.conditions.size(); i++)
            if (r.rule.conditions[i].baseline)
                learned = std::min(learned, r.rule.key == AlertKey::Kind::None
                                                ? r.global.baselines[i].learned_s
                                                : r.learned_s);
        if (r.rule.uses_new_hosts)
            learned = std::min(learned, known_.learned_s());
        if (learned + 1e-9 < opts_.warmup_s)
            section.learning.push_back({r.rule.text, opts_.warmup_s - learned});
    }
    // The run ends: what is still active ends with it, so every start has
    // an end in the stream.
    if (final) {
        for (auto &r : rules_) {
            auto end_of = [&](const AlertKey &key, KeyState &ks) {
                if (!ks.alert.active())
                    return;
                auto e = std::make_shared<AlertEvent>();
                e->state = AlertEvent::State::End;
                e->alert = active_alert(r, key, ks);
                e->timestamp_ns = snap.wall_time_ns;
                e->explain = "the run ended while the alert was active (last value " +
                             number(e->alert.value) + ")";
                events.push_back(std::move(e));
                ks.alert = AlertState{};
            };
            AlertKey none;
            end_of(none, r.global);
            for (auto &[key, ks] : r.keys)
                end_of(key, ks);
        }
        section.active.clear();
    }
    std::stable_sort(section.active.begin(), section.active.end(),
                     [](const ActiveAlert &a, const ActiveAlert &b) {
                         auto ratio = [](const ActiveAlert &x) {
                             return x.threshold > 0 ? x.value / x.threshold : x.value;
                         };
                         return ratio(a) > ratio(b);
                     });
    snap.alerts = std::move(section);
    return events;
}

// The rule read flows (not the counters) while frames found the flow table
// full: its value may be short by up to those frames.
bool AlertEngine::flows_short(const Rule &rule) const
{
    bool from_counters = !rule.selector && rule.key == AlertKey::Kind::None;
    for (const Condition &c : rule.conditions)
        from_counters = from_counters && (c.metric == Metric::Pps || c.metric == Metric::Bps);
    return !from_counters && overflow_interval_.packets > 0;
}

bool AlertEngine::worth_keeping(const Rule &rule, const std::vector<double> &values)
{
    // Baselines learn every key with traffic (up to their own bound).
    if (rule.any_baseline())
        return true;
    for (size_t i = 0; i < values.size(); i++) {
        const Condition &c = rule.conditions[i];
        if (!c.below && values[i] < kKeepFraction * c.value)
            return false;
    }
    return true;
}

ActiveAlert AlertEngine::active_alert(const RuleState &r, const AlertKey &key,
                                      const KeyState &ks) const
{
    const Condition &c = r.rule.primary();
    ActiveAlert a{r.rule.text, r.rule.name, key,          metric_name(c.metric),
                  0,           0,           std::nullopt, ks.alert.since_ns()};
    if (!ks.values.empty())
        a.value = ks.values[0], a.threshold = ks.thresholds[0];
    if (c.baseline)
        a.baseline = ks.baselines[0].mean;
    return a;
}

void AlertEngine::evaluate_rule(RuleState &r, const Snapshot &snap, const FlowIndex &index,
                                std::vector<AlertEventPtr> &events, AlertSection &section)
{
    const Rule &rule = r.rule;
    const MatchContext ctx{nets_, known_};
    IntervalTallies t = tally(rule, snap, ctx, &index);
    t.interval_s = rate_s_;
    if (snap.local_host_counts)
        use_host_counters(rule, *snap.local_host_counts, overflow_interval_.packets > 0, t);
    auto values_of = [&](const Tally &tally) { return condition_values(rule, tally, t); };
    if (rule.any_baseline())
        r.learned_s += snap.interval_s;
    EventList rule_events;
    if (rule.key == AlertKey::Kind::None) {
        step_key(r, AlertKey{}, r.global, values_of(t.total), t, snap, rule_events, section);
    } else {
        // Keys that hold state: stepped whether or not they had traffic.
        const Tally none{};
        for (auto it = r.keys.begin(); it != r.keys.end();) {
            auto found = t.by_key.find(it->first);
            std::vector<double> v = values_of(found == t.by_key.end() ? none : found->second);
            const bool worth = worth_keeping(rule, v);
            KeyState &ks = it->second;
            step_key(r, it->first, ks, std::move(v), t, snap, rule_events, section);
            const bool drop = rule.any_baseline()
                                  ? ks.alert.idle() && (snap.wall_time_ns - ks.last_seen_ns) / 1e9 >
                                                           std::max(opts_.warmup_s, 1.0)
                                  : ks.alert.idle() && !worth;
            it = drop ? r.keys.erase(it) : std::next(it);
        }
        // New keys: only those worth keeping, the busiest first, up to the bound.
        std::vector<std::pair<std::vector<double>, const AlertKey *>> fresh;
        for (const auto &[key, tally] : t.by_key) {
            if (r.keys.count(key))
                continue;
            std::vector<double> v = values_of(tally);
            if (worth_keeping(rule, v) && (!rule.any_baseline() || tally.packets > 0))
                fresh.emplace_back(std::move(v), &key);
        }
        std::sort(fresh.begin(), fresh.end(),
                  [](const auto &a, const auto &b) { return a.first[0] > b.first[0]; });
        const size_t bound = rule.any_baseline() ? kMaxBaselineKeysPerRule : kMaxKeysPerRule;
        for (auto &[v, key] : fresh) {
            if (r.keys.size() >= bound) {
                r.untracked++;
                continue;
            }
            KeyState &ks = r.keys[*key];
            step_key(r, *key, ks, std::move(v), t, snap, rule_events, section);
        }
    }
    // Who contributed, for all the rule's events in one pass over the flows.
    std::vector<AlertKey> keys;
    for (const auto &e : rule_events)
        keys.push_back(e->alert.key);
    auto tops = top_contributors(rule, keys, snap, ctx, rate_s_);
    for (auto &e : rule_events) {
        e->top = std::move(tops[e->alert.key]);
        events.push_back(std::move(e));
    }
}

void AlertEngine::step_key(RuleState &r, const AlertKey &key, KeyState &ks,
                           std::vector<double> values, const IntervalTallies &tallies,
                           const Snapshot &snap, EventList &events, AlertSection &section)
{
    const Rule &rule = r.rule;
    const uint64_t now = snap.wall_time_ns;
    const size_t n = rule.conditions.size();
    ks.baselines.resize(n);
    ks.thresholds.assign(n, 0);
    bool any_traffic = false, warm = !rule.uses_new_hosts || known_.warm(opts_.warmup_s);
    bool over = true;
    for (size_t i = 0; i < n; i++) {
        const Condition &c = rule.conditions[i];
        any_traffic = any_traffic || values[i] > 0;
        double threshold = c.value;
        if (c.baseline) {
            warm = warm && ks.baselines[i].warm(opts_.warmup_s);
            threshold = c.multiplier * ks.baselines[i].mean;
            if (!c.below)
                threshold = std::max(threshold, baseline_floor(c.metric));
        }
        ks.thresholds[i] = threshold;
        over = over && (c.below ? values[i] < threshold : values[i] > threshold);
    }
    ks.values = std::move(values);
    if (any_traffic || ks.last_seen_ns == 0)
        ks.last_seen_ns = now;
    const auto state = ks.alert.step(warm && over, now, snap.interval_s, r.timing);
    // The baselines learn what is normal: never the intervals an alert covers.
    if (!ks.alert.active() && state != AlertEvent::State::End)
        for (size_t i = 0; i < n; i++)
            if (rule.conditions[i].baseline)
                ks.baselines[i].learn(ks.values[i], snap.interval_s, opts_.warmup_s);
    ActiveAlert alert = active_alert(r, key, ks);
    if (state) {
        auto e = std::make_shared<AlertEvent>();
        e->state = *state;
        e->alert = alert;
        e->timestamp_ns = now;
        const auto found =
            key.kind == AlertKey::Kind::None ? tallies.by_key.end() : tallies.by_key.find(key);
        const Tally none{};
        const Tally &t = key.kind == AlertKey::Kind::None ? tallies.total
                         : found == tallies.by_key.end()  ? none
                                                          : found->second;
        e->explain = explain(r, key, ks, t, tallies, snap);
        e->packets = t.packets;
        e->bytes = t.bytes;
        e->interval_s = tallies.interval_s;
        e->relative_error = rule.primary().metric == Metric::Sources ? t.sources_error : 0;
        if (!t.host_counters && flows_short(rule))
            e->unattributed = {overflow_interval_.packets, overflow_interval_.bytes};
        events.push_back(std::move(e));
    }
    if (ks.alert.active())
        section.active.push_back(std::move(alert));
}

namespace {

// "3000 packets / 1 s": how a condition's value was computed.
std::string value_text(Metric metric, const Tally &t, const IntervalTallies &tallies)
{
    const std::string len = number(tallies.interval_s) + " s";
    switch (metric) {
    case Metric::Pps:
        return number(t.packets) + " packets / " + len;
    case Metric::Bps:
        return number(t.bytes) + " frame bytes x 8 / " + len;
    case Metric::Flows:
        return number(t.new_flows) + " new flows / " + len;
    case Metric::Sources:
        if (t.sources_error > 0)
            return "about " + number(t.sources) +
                   " distinct source addresses (the kernel's sketch: the flow table overflowed; "
                   "relative error " +
                   number(std::round(t.sources_error * 1000) / 10) + " %)";
        return number(t.sources) + " distinct source addresses";
    case Metric::Share:
        break;
    }
    return number(t.packets) + " of all " + number(tallies.all_packets) + " packets counted x 100";
}

} // namespace

std::string AlertEngine::explain(const RuleState &r, const AlertKey &key, const KeyState &ks,
                                 const Tally &t, const IntervalTallies &tallies,
                                 const Snapshot &snap) const
{
    const Rule &rule = r.rule;
    const Condition &first = rule.primary();
    std::string of;
    if (!rule.selector && key.kind == AlertKey::Kind::None &&
        (first.metric == Metric::Pps || first.metric == Metric::Bps))
        of = "every frame counted (the counters)";
    else
        of = std::string(rule.selector ? "the flows matching '" + rule.selector_text + "'"
                                       : "every flow") +
             (rule.partial_packets ? " (their SYN-without-ACK split as the selector says)" : "");
    if (t.host_counters && first.metric != Metric::Sources)
        of = "the kernel's per-host counters" +
             (rule.selector ? " of '" + rule.selector_text + "'" : std::string()) +
             " (every frame, those the flow table could not hold included)";
    if (key.kind != AlertKey::Kind::None)
        of += " with " + alert_key_text(key);
    const uint64_t start = snap.wall_time_ns - static_cast<uint64_t>(snap.interval_s * 1e9);
    auto threshold_text = [&](size_t i) {
        const Condition &c = rule.conditions[i];
        std::string out = std::string(c.below ? "below " : "") + number(ks.thresholds[i]);
        if (c.baseline) {
            out += " = " + number(c.multiplier) + " x baseline " + number(ks.baselines[i].mean);
            if (!c.below && ks.thresholds[i] > c.multiplier * ks.baselines[i].mean)
                out += " raised to the floor " + number(baseline_floor(c.metric));
            out +=
                " (trimmed EWMA, " + number(std::round(ks.baselines[i].learned_s)) + " s learned)";
        }
        return out;
    };
    std::string out = std::string(metric_name(first.metric)) + " = " +
                      value_text(first.metric, t, tallies) + ", of " + of + ", in the interval " +
                      rfc3339_utc(start, 3) + " to " + rfc3339_utc(snap.wall_time_ns, 3) +
                      (snap.source == "replay" ? " (capture clock)" : "") + "; threshold " +
                      threshold_text(0);
    for (size_t i = 1; i < rule.conditions.size(); i++)
        out += "; and " + std::string(metric_name(rule.conditions[i].metric)) + " = " +
               value_text(rule.conditions[i].metric, t, tallies) + ", threshold " +
               threshold_text(i);
    if (rule.duration_s > 0)
        out += "; held for " + number(rule.duration_s) + " s";
    if (!t.host_counters && flows_short(rule))
        out += "; unattributed: " + number(overflow_interval_.packets) + " packets, " +
               number(overflow_interval_.bytes) +
               " bytes found the flow table full in this interval";
    return out;
}

// The baseline is saved at exit through FILE.tmp: a path that cannot be
// written is refused now, not after a run of hours has learned it.
void AlertEngine::check_baseline_writable() const
{
    const std::string tmp = opts_.baseline_file + ".tmp";
    struct stat st;
    const bool existed = stat(tmp.c_str(), &st) == 0;
    const int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0)
        throw Error(errno_message("--baseline '" + opts_.baseline_file +
                                      "': cannot be saved at exit (writing '" + tmp + "')",
                                  -errno),
                    kExitUsage);
    close(fd);
    if (!existed)
        unlink(tmp.c_str());
}

namespace {

// nlohmann's messages start "[json.exception.parse_error.101] ": the rest
// is what a user can act on.
std::string without_json_tag(const std::string &what)
{
    const size_t end = what.rfind("[json.exception.", 0) == 0 ? what.find("] ") : std::string::npos;
    return end == std::string::npos ? what : what.substr(end + 2);
}

} // namespace

void AlertEngine::load_baseline()
{
    if (opts_.baseline_file.empty())
        return;
    check_baseline_writable();
    struct stat st;
    if (stat(opts_.baseline_file.c_str(), &st) != 0 && errno == ENOENT)
        return; // a first run: learned from scratch, saved at exit
    const std::string text =
        read_bounded_file(opts_.baseline_file, kMaxBaselineFileBytes, "--baseline").content;
    try {
        const nlohmann::json j = nlohmann::json::parse(text);
        if (j.at("format").get<std::string>() != kBaselineFormat)
            throw std::runtime_error(std::string("not a ") + kBaselineFormat + " file");
        for (const auto &entry : j.at("baselines")) {
            const std::string id = entry.at("id").get<std::string>();
            for (auto &r : rules_) {
                for (size_t i = 0; i < r.rule.conditions.size(); i++) {
                    const Condition &c = r.rule.conditions[i];
                    if (!c.baseline || r.rule.baseline_id(c) != id)
                        continue;
                    const size_t n = r.rule.conditions.size();
                    r.learned_s = entry.at("learned_s").get<double>();
                    r.global.baselines.resize(n);
                    r.global.baselines[i] = Baseline::from_json(entry.at("global"));
                    for (const auto &k : entry.at("keys")) {
                        KeyState &ks = r.keys[key_from_file(k.at("key"), r.rule.key)];
                        ks.baselines.resize(n);
                        ks.baselines[i] = Baseline::from_json(k.at("baseline"));
                    }
                }
            }
        }
        // Older files have none: `new` then learns from scratch.
        if (j.contains("known_hosts") && any_new_hosts())
            known_.from_json(j.at("known_hosts"));
    } catch (const std::exception &e) {
        throw Error("--baseline '" + opts_.baseline_file + "': " + without_json_tag(e.what()) +
                        " (delete it to learn again)",
                    kExitUsage);
    }
}

void AlertEngine::save_baseline() const
{
    if (opts_.baseline_file.empty())
        return;
    nlohmann::json list = nlohmann::json::array();
    std::vector<std::string> written;
    for (const auto &r : rules_) {
        for (size_t i = 0; i < r.rule.conditions.size(); i++) {
            const Condition &c = r.rule.conditions[i];
            if (!c.baseline)
                continue;
            const std::string id = r.rule.baseline_id(c);
            if (std::find(written.begin(), written.end(), id) != written.end())
                continue;
            written.push_back(id);
            nlohmann::json keys = nlohmann::json::array();
            for (const auto &[key, ks] : r.keys)
                if (i < ks.baselines.size() && ks.baselines[i].learned_s > 0)
                    keys.push_back(
                        {{"key", key_to_file(key)}, {"baseline", ks.baselines[i].to_json()}});
            const Baseline global =
                i < r.global.baselines.size() ? r.global.baselines[i] : Baseline{};
            list.push_back({{"id", id},
                            {"learned_s", r.learned_s},
                            {"global", global.to_json()},
                            {"keys", std::move(keys)}});
        }
    }
    nlohmann::json file{{"format", kBaselineFormat}, {"baselines", std::move(list)}};
    if (any_new_hosts())
        file["known_hosts"] = known_.to_json();
    const std::string tmp = opts_.baseline_file + ".tmp";
    {
        std::ofstream out(tmp, std::ios::trunc);
        out << file.dump(1) << "\n";
        if (!out.flush())
            throw Error(errno != 0 ? errno_message("cannot write --baseline '" + tmp + "'", -errno)
                                   : "cannot write --baseline '" + tmp + "'");
    }
    if (std::rename(tmp.c_str(), opts_.baseline_file.c_str()) != 0)
        throw Error(errno_message("cannot save --baseline '" + opts_.baseline_file + "'", -errno));
}

} // namespace netmon::alerts
