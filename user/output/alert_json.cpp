#include "output/alert_json.h"

#include <cmath>

#include "output/address_format.h"
#include "output/json_view.h"
#include "output/protocol_names.h"
#include "output/time_format.h"

namespace netmon {

namespace {

using nlohmann::json;

double rounded(double v) { return std::isfinite(v) ? std::round(v * 1000.0) / 1000.0 : 0.0; }

json contributors(const std::vector<AlertContributor> &list)
{
    json out = json::array();
    for (const AlertContributor &c : list)
        out.push_back({{"name", c.label},
                       {"packets", c.packets},
                       {"bytes", c.bytes},
                       {"pps", rounded(c.pps)},
                       {"bps", rounded(c.bps)}});
    return out;
}

} // namespace

std::string alert_net_text(const AlertKey &key)
{
    return format_address(key.addr_kind, key.addr) + "/" + std::to_string(key.prefix);
}

json alert_key_json(const AlertKey &key)
{
    switch (key.kind) {
    case AlertKey::Kind::None:
        break;
    case AlertKey::Kind::SrcHost:
        return {{"src_host", format_address(key.addr_kind, key.addr)}};
    case AlertKey::Kind::DstHost:
        return {{"dst_host", format_address(key.addr_kind, key.addr)}};
    case AlertKey::Kind::DstPort:
        return {{"dst_port", key.port}, {"proto", ip_protocol_label(key.proto)}};
    case AlertKey::Kind::SrcNet:
        return {{"src_net", alert_net_text(key)}};
    case AlertKey::Kind::DstNet:
        return {{"dst_net", alert_net_text(key)}};
    case AlertKey::Kind::Process:
        return {{"pid", key.pid}, {"comm", std::string(key.comm.data())}};
    }
    return nullptr;
}

std::string alert_key_text(const AlertKey &key)
{
    switch (key.kind) {
    case AlertKey::Kind::None:
        break;
    case AlertKey::Kind::SrcHost:
        return "src host " + format_address(key.addr_kind, key.addr);
    case AlertKey::Kind::DstHost:
        return "dst host " + format_address(key.addr_kind, key.addr);
    case AlertKey::Kind::DstPort:
        return "dst port " + std::to_string(key.port) + "/" + ip_protocol_label(key.proto);
    case AlertKey::Kind::SrcNet:
        return "src net " + alert_net_text(key);
    case AlertKey::Kind::DstNet:
        return "dst net " + alert_net_text(key);
    case AlertKey::Kind::Process:
        return "process " + std::string(key.comm.data()) + " pid " + std::to_string(key.pid);
    }
    return "";
}

json active_alert_json(const ActiveAlert &a)
{
    json out = {{"rule", a.rule}, {"name", a.name}};
    if (a.key.kind != AlertKey::Kind::None)
        out["key"] = alert_key_json(a.key);
    out["metric"] = a.metric;
    out["value"] = rounded(a.value);
    out["threshold"] = rounded(a.threshold);
    if (a.baseline)
        out["baseline"] = rounded(*a.baseline);
    out["since"] = rfc3339_utc(a.since_ns, 3);
    return out;
}

json alert_section_json(const AlertSection &section)
{
    json active = json::array();
    for (const ActiveAlert &a : section.active)
        active.push_back(active_alert_json(a));
    json learning = json::array();
    for (const auto &l : section.learning)
        learning.push_back({{"rule", l.rule}, {"remaining_s", rounded(l.remaining_s)}});
    return {{"active", std::move(active)}, {"learning", std::move(learning)}};
}

json alert_event_json(const AlertEvent &e)
{
    json out = {{"schema", kJsonSchema}, {"type", "alert"}, {"state", alert_state_name(e.state)}};
    out.update(active_alert_json(e.alert));
    out["timestamp"] = rfc3339_utc(e.timestamp_ns, 3);
    out["explain"] = e.explain;
    out["packets"] = e.packets;
    out["bytes"] = e.bytes;
    out["interval_s"] = rounded(e.interval_s);
    out["estimate"] = e.relative_error > 0;
    if (e.relative_error > 0)
        out["relative_error"] = rounded(e.relative_error);
    if (e.unattributed)
        out["unattributed"] = {{"packets", (*e.unattributed)[0]}, {"bytes", (*e.unattributed)[1]}};
    out["top"] = {{"sources", contributors(e.top.sources)},
                  {"destinations", contributors(e.top.destinations)},
                  {"ports", contributors(e.top.ports)},
                  {"flows", contributors(e.top.flows)}};
    return out;
}

std::string render_alert_json_line(const AlertEvent &event)
{
    return alert_event_json(event).dump(-1, ' ', false, json::error_handler_t::replace);
}

} // namespace netmon
