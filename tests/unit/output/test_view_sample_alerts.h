// A hand-built alert and its events for the text view and the text sink
// tests: a SYN flood rule on one destination host.
#pragma once

#include <cstdint>
#include <memory>

#include "snapshot/alerts.h"
#include "test_view_sample_snapshot.h"

namespace netmon::test {

// 2023-11-14T22:13:20Z
inline constexpr uint64_t kAlertT0 = 1700000000ull * 1000000000ull;

inline ActiveAlert syn_alert()
{
    ActiveAlert a;
    a.rule = "syn per dst host pps > 1000 for 2s";
    a.name = a.rule;
    a.key.kind = AlertKey::Kind::DstHost;
    a.key.addr_kind = NETMON_KIND_IPV4;
    a.key.addr = ipv4(10, 10, 10, 20);
    a.metric = "pps";
    a.value = 3000;
    a.threshold = 1000;
    a.since_ns = kAlertT0 + 2000000000ull;
    return a;
}

inline AlertEventPtr syn_alert_event(AlertEvent::State state, double value, uint64_t at_ns)
{
    AlertEvent e;
    e.state = state;
    e.alert = syn_alert();
    e.alert.value = value;
    e.timestamp_ns = at_ns;
    return std::make_shared<const AlertEvent>(e);
}

} // namespace netmon::test
