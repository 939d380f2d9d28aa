#include "output/text_alerts.h"

#include <cstdio>

#include "output/alert_json.h"
#include "output/time_format.h"
#include "output/units.h"

namespace netmon {

std::string format_alert_value(const std::string &metric, double value)
{
    char buf[64];
    if (metric == "pps")
        return format_packet_rate(value);
    if (metric == "bps")
        return format_bit_rate(value);
    if (metric == "flows")
        std::snprintf(buf, sizeof(buf), "%.1f new flows/s", value);
    else if (metric == "sources")
        std::snprintf(buf, sizeof(buf), "%.0f sources", value);
    else
        std::snprintf(buf, sizeof(buf), "%.1f%%", value);
    return buf;
}

namespace {

// "pps 52.3 kpps > 1.00 kpps", with the learned normal for baseline rules.
std::string value_against_threshold(const ActiveAlert &alert)
{
    std::string out = alert.metric + " " + format_alert_value(alert.metric, alert.value) + " > " +
                      format_alert_value(alert.metric, alert.threshold);
    if (alert.baseline)
        out += " (baseline " + format_alert_value(alert.metric, *alert.baseline) + ")";
    return out;
}

} // namespace

std::string render_alert_event_line(const AlertEvent &event)
{
    const ActiveAlert &alert = event.alert;
    std::string line = std::string("alert ") + alert_state_name(event.state) + ": " + alert.name;
    const std::string key = alert_key_text(alert.key);
    if (!key.empty())
        line += "  [" + key + "]";
    // An end carries the value that no longer held: show it without ">".
    if (event.state == AlertEvent::State::End)
        line += "  " + alert.metric + " " + format_alert_value(alert.metric, alert.value) +
                " (threshold " + format_alert_value(alert.metric, alert.threshold) + ")";
    else
        line += "  " + value_against_threshold(alert);
    line +=
        "  since " + rfc3339_utc(alert.since_ns, 0) + "  at " + rfc3339_utc(event.timestamp_ns, 0);
    return line;
}

std::string render_alert_section(const Snapshot &s)
{
    if (!s.alerts)
        return "";
    const AlertSection &a = *s.alerts;
    std::string out = "ALERTS: " +
                      (a.active.empty() ? std::string("none active")
                                        : std::to_string(a.active.size()) + " active") +
                      "\n";
    for (const ActiveAlert &alert : a.active) {
        std::string line = "  ! " + alert.name;
        const std::string key = alert_key_text(alert.key);
        if (!key.empty())
            line += "  [" + key + "]";
        line += "  " + value_against_threshold(alert) + "  since " + rfc3339_utc(alert.since_ns, 0);
        out += line + "\n";
    }
    for (const auto &l : a.learning) {
        char left[32];
        std::snprintf(left, sizeof(left), "%.0f", l.remaining_s);
        out += "  learning: '" + l.rule + "' (baseline warm-up, " + left + " s left)\n";
    }
    return out;
}

} // namespace netmon
