#include "alerts/alert_engine.h"

#include <arpa/inet.h>
#include <sys/stat.h>

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
    const std::string text =
        j.at(kind == AlertKey::Kind::SrcHost ? "src_host" : "dst_host").get<std::string>();
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
        r.timing.clear_s = opts.clear_s >= 0 ? opts.clear_s : rule.duration_s;
        r.timing.update_s = opts.update_s;
        r.rule = std::move(rule);
        rules_.push_back(std::move(r));
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
    if (snap.interval_s > 0)
        for (auto &r : rules_)
            evaluate_rule(r, snap, events, section);
    for (const auto &r : rules_) {
        if (!r.rule.baseline)
            continue;
        const double learned =
            r.rule.key == AlertKey::Kind::None ? r.global.baseline.learned_s : r.learned_s;
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
                e->alert = {r.rule.text, r.rule.name,  key,          metric_name(r.rule.metric),
                            ks.value,    ks.threshold, std::nullopt, ks.alert.since_ns()};
                if (r.rule.baseline)
                    e->alert.baseline = ks.baseline.mean;
                e->timestamp_ns = snap.wall_time_ns;
                e->explain = "the run ended while the alert was active (last value " +
                             number(ks.value) + ")";
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
    const bool from_counters = !rule.selector && rule.key == AlertKey::Kind::None &&
                               (rule.metric == Metric::Pps || rule.metric == Metric::Bps);
    return !from_counters && overflow_interval_.packets > 0;
}

double AlertEngine::threshold_of(const RuleState &r, const KeyState &ks) const
{
    return r.rule.baseline ? r.rule.multiplier * ks.baseline.mean : r.rule.value;
}

void AlertEngine::evaluate_rule(RuleState &r, const Snapshot &snap,
                                std::vector<AlertEventPtr> &events, AlertSection &section)
{
    const Rule &rule = r.rule;
    IntervalTallies t = tally(rule, snap, nets_);
    t.interval_s = rate_s_;
    if (snap.local_host_counts)
        use_host_counters(rule, *snap.local_host_counts, overflow_interval_.packets > 0, t);
    auto value_of = [&](const Tally &tally) {
        return metric_value(rule.metric, tally, t.all_packets, t.interval_s);
    };
    if (rule.baseline)
        r.learned_s += snap.interval_s;
    EventList rule_events;
    if (rule.key == AlertKey::Kind::None) {
        step_key(r, AlertKey{}, r.global, value_of(t.total), t, snap, rule_events, section);
    } else {
        // Keys that hold state: stepped whether or not they had traffic.
        for (auto it = r.keys.begin(); it != r.keys.end();) {
            auto found = t.by_key.find(it->first);
            const double v = found == t.by_key.end() ? 0 : value_of(found->second);
            KeyState &ks = it->second;
            step_key(r, it->first, ks, v, t, snap, rule_events, section);
            const bool drop = rule.baseline
                                  ? ks.alert.idle() && (snap.wall_time_ns - ks.last_seen_ns) / 1e9 >
                                                           std::max(opts_.warmup_s, 1.0)
                                  : ks.alert.idle() && v < kKeepFraction * rule.value;
            it = drop ? r.keys.erase(it) : std::next(it);
        }
        // New keys: only those worth keeping, the busiest first, up to the bound.
        std::vector<std::pair<double, const AlertKey *>> fresh;
        for (const auto &[key, tally] : t.by_key) {
            if (r.keys.count(key))
                continue;
            const double v = value_of(tally);
            if (rule.baseline ? v > 0 : v >= kKeepFraction * rule.value)
                fresh.emplace_back(v, &key);
        }
        std::sort(fresh.begin(), fresh.end(),
                  [](const auto &a, const auto &b) { return a.first > b.first; });
        const size_t bound = rule.baseline ? kMaxBaselineKeysPerRule : kMaxKeysPerRule;
        for (const auto &[v, key] : fresh) {
            if (r.keys.size() >= bound) {
                r.untracked++;
                continue;
            }
            KeyState &ks = r.keys[*key];
            step_key(r, *key, ks, v, t, snap, rule_events, section);
        }
    }
    // Who contributed, for all the rule's events in one pass over the flows.
    std::vector<AlertKey> keys;
    for (const auto &e : rule_events)
        keys.push_back(e->alert.key);
    auto tops = top_contributors(rule, keys, snap, nets_, rate_s_);
    for (auto &e : rule_events) {
        e->top = std::move(tops[e->alert.key]);
        events.push_back(std::move(e));
    }
}

void AlertEngine::step_key(RuleState &r, const AlertKey &key, KeyState &ks, double value,
                           const IntervalTallies &tallies, const Snapshot &snap, EventList &events,
                           AlertSection &section)
{
    const Rule &rule = r.rule;
    const uint64_t now = snap.wall_time_ns;
    ks.value = value;
    if (value > 0 || ks.last_seen_ns == 0)
        ks.last_seen_ns = now;
    const double threshold = threshold_of(r, ks);
    const bool warm = !rule.baseline || ks.baseline.warm(opts_.warmup_s);
    const bool over = warm && value > threshold;
    const auto state = ks.alert.step(over, now, snap.interval_s, r.timing);
    ks.threshold = threshold;
    const std::optional<double> baseline =
        rule.baseline ? std::optional<double>(ks.baseline.mean) : std::nullopt;
    // The baseline learns what is normal: never the intervals an alert covers.
    if (rule.baseline && !ks.alert.active() && state != AlertEvent::State::End)
        ks.baseline.learn(value, snap.interval_s, opts_.warmup_s);
    ActiveAlert alert{rule.text, rule.name, key,      metric_name(rule.metric),
                      value,     threshold, baseline, ks.alert.since_ns()};
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
        e->relative_error = rule.metric == Metric::Sources ? t.sources_error : 0;
        if (!t.host_counters && flows_short(rule))
            e->unattributed = {overflow_interval_.packets, overflow_interval_.bytes};
        events.push_back(std::move(e));
    }
    if (ks.alert.active())
        section.active.push_back(std::move(alert));
}

std::string AlertEngine::explain(const RuleState &r, const AlertKey &key, const KeyState &ks,
                                 const Tally &t, const IntervalTallies &tallies,
                                 const Snapshot &snap) const
{
    const Rule &rule = r.rule;
    const std::string len = number(tallies.interval_s) + " s";
    std::string what;
    switch (rule.metric) {
    case Metric::Pps:
        what = number(t.packets) + " packets / " + len;
        break;
    case Metric::Bps:
        what = number(t.bytes) + " frame bytes x 8 / " + len;
        break;
    case Metric::Flows:
        what = number(t.new_flows) + " new flows / " + len;
        break;
    case Metric::Sources:
        what = t.sources_error > 0
                   ? "about " + number(t.sources) +
                         " distinct source addresses (the kernel's sketch: the flow table "
                         "overflowed; relative error " +
                         number(std::round(t.sources_error * 1000) / 10) + " %)"
                   : number(t.sources) + " distinct source addresses";
        break;
    case Metric::Share:
        what =
            number(t.packets) + " of all " + number(tallies.all_packets) + " packets counted x 100";
        break;
    }
    std::string of;
    if (!rule.selector && key.kind == AlertKey::Kind::None &&
        (rule.metric == Metric::Pps || rule.metric == Metric::Bps))
        of = "every frame counted (the counters)";
    else
        of = std::string(rule.selector ? "the flows matching '" + rule.selector_text + "'"
                                       : "every flow") +
             (rule.partial_packets ? " (their SYN-without-ACK split as the selector says)" : "");
    if (t.host_counters && rule.metric != Metric::Sources)
        of = "the kernel's per-host counters" +
             (rule.selector ? " of '" + rule.selector_text + "'" : std::string()) +
             " (every frame, those the flow table could not hold included)";
    if (key.kind != AlertKey::Kind::None)
        of += " with " + alert_key_text(key);
    const uint64_t start = snap.wall_time_ns - static_cast<uint64_t>(snap.interval_s * 1e9);
    std::string out =
        std::string(metric_name(rule.metric)) + " = " + what + ", of " + of + ", in the interval " +
        rfc3339_utc(start, 3) + " to " + rfc3339_utc(snap.wall_time_ns, 3) +
        (snap.source == "replay" ? " (capture clock)" : "") + "; threshold " + number(ks.threshold);
    if (rule.baseline)
        out += " = " + number(rule.multiplier) + " x baseline " + number(ks.baseline.mean) +
               " (trimmed EWMA, " + number(std::round(ks.baseline.learned_s)) + " s learned)";
    if (rule.duration_s > 0)
        out += ", held for " + number(rule.duration_s) + " s";
    if (!t.host_counters && flows_short(rule))
        out += "; unattributed: " + number(overflow_interval_.packets) + " packets, " +
               number(overflow_interval_.bytes) +
               " bytes found the flow table full in this interval";
    return out;
}

void AlertEngine::load_baseline()
{
    if (opts_.baseline_file.empty())
        return;
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
                if (!r.rule.baseline || r.rule.baseline_id() != id)
                    continue;
                r.learned_s = entry.at("learned_s").get<double>();
                r.global.baseline = Baseline::from_json(entry.at("global"));
                for (const auto &k : entry.at("keys")) {
                    KeyState &ks = r.keys[key_from_file(k.at("key"), r.rule.key)];
                    ks.baseline = Baseline::from_json(k.at("baseline"));
                }
            }
        }
    } catch (const std::exception &e) {
        throw Error("--baseline '" + opts_.baseline_file + "': " + e.what() +
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
        if (!r.rule.baseline)
            continue;
        const std::string id = r.rule.baseline_id();
        if (std::find(written.begin(), written.end(), id) != written.end())
            continue;
        written.push_back(id);
        nlohmann::json keys = nlohmann::json::array();
        for (const auto &[key, ks] : r.keys)
            if (ks.baseline.learned_s > 0)
                keys.push_back({{"key", key_to_file(key)}, {"baseline", ks.baseline.to_json()}});
        list.push_back({{"id", id},
                        {"learned_s", r.learned_s},
                        {"global", r.global.baseline.to_json()},
                        {"keys", std::move(keys)}});
    }
    const std::string tmp = opts_.baseline_file + ".tmp";
    {
        std::ofstream out(tmp, std::ios::trunc);
        out << nlohmann::json{{"format", kBaselineFormat}, {"baselines", std::move(list)}}.dump(1)
            << "\n";
        if (!out.flush())
            throw Error("cannot write --baseline '" + tmp + "'");
    }
    if (std::rename(tmp.c_str(), opts_.baseline_file.c_str()) != 0)
        throw Error(errno_message("cannot save --baseline '" + opts_.baseline_file + "'", -errno));
}

} // namespace netmon::alerts
