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
        line += "  " + alert.metric + " " + format_alert_value(alert.metric, alert.value) + " > " +
                format_alert_value(alert.metric, alert.threshold);
        if (alert.baseline)
            line += " (baseline " + format_alert_value(alert.metric, *alert.baseline) + ")";
        line += "  since " + rfc3339_utc(alert.since_ns, 0);
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
