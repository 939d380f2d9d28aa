#include "output/local_host_json.h"

#include <algorithm>
#include <cmath>

#include "output/address_format.h"

namespace netmon {

namespace {

using nlohmann::json;

json counts(const Count &c) { return {{"packets", c.packets}, {"bytes", c.bytes}}; }

double rounded(double v) { return std::isfinite(v) ? std::round(v * 1000.0) / 1000.0 : 0.0; }

json by_class(const netmon_host_direction &d)
{
    static constexpr const char *kNames[NETMON_NUM_HOST_CLASSES] = {"tcp", "udp", "icmp", "other"};
    json out = json::object();
    for (uint32_t k = 0; k < NETMON_NUM_HOST_CLASSES; k++)
        out[kNames[k]] = counts({d.packets[k], d.bytes[k]});
    return out;
}

json host(const LocalHostCount &h)
{
    return {{"address", format_address(h.kind, h.addr)},
            {"received", counts(all_classes(h.total.received))},
            {"sent", counts(all_classes(h.total.sent))},
            {"syn_received", h.total.syn_received},
            {"received_by_class", by_class(h.total.received)},
            {"sent_by_class", by_class(h.total.sent)},
            {"interval",
             {{"received", counts(all_classes(h.interval.received))},
              {"sent", counts(all_classes(h.interval.sent))},
              {"syn_received", h.interval.syn_received},
              {"sources_estimate", rounded(h.sources_estimate)}}}};
}

} // namespace

json local_host_counts_json(const LocalHostSection &s)
{
    json hosts = json::array();
    const size_t listed = std::min(s.hosts.size(), kListedLocalHosts);
    for (size_t i = 0; i < listed; i++)
        hosts.push_back(host(s.hosts[i]));
    return {{"slots", s.slots},
            {"hosts_with_traffic", s.hosts.size()},
            {"sources_relative_error", rounded(s.sources_error)},
            {"unheld", counts(s.unheld_total)},
            {"hosts", std::move(hosts)}};
}

} // namespace netmon
