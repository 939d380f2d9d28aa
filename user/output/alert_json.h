// Alerts in JSON (docs/alerts.md): the event lines ("type": "alert") and
// the active alerts an interval object lists. Shared by every sink that
// forwards alerts (JSON Lines, --on-alert, HTTP/SSE).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "snapshot/alerts.h"

namespace netmon {

// "10.0.0.0/24": a net key's prefix.
std::string alert_net_text(const AlertKey &key);
// {"dst_host": "10.0.0.5"}, {"dst_port": 53, "proto": "udp"},
// {"dst_net": "10.0.0.0/24"}, {"pid": 4242, "comm": "iperf3"}; null for
// a rule without "per".
nlohmann::json alert_key_json(const AlertKey &key);
// "dst host 10.0.0.5", "dst port 53/udp", "process iperf3 pid 4242"; empty
// for a rule without "per".
std::string alert_key_text(const AlertKey &key);

nlohmann::json active_alert_json(const ActiveAlert &alert);
nlohmann::json alert_section_json(const AlertSection &section);
nlohmann::json alert_event_json(const AlertEvent &event);
// alert_event_json() as one line, without a trailing newline.
std::string render_alert_json_line(const AlertEvent &event);

} // namespace netmon
