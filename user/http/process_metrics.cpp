#include "http/process_metrics.h"

#include <algorithm>
#include <string>

namespace netmon::http {

void process_metrics(PrometheusText &p, const Snapshot &s)
{
    if (!s.processes)
        return;
    const ProcessFigures &f = *s.processes;
    p.family("netmon_process_sockets", "gauge",
             "Sockets in the kernel table of process attribution now");
    p.sample("", {}, f.sockets);
    p.family("netmon_process_sockets_refused_total", "counter",
             "Sockets the full kernel table could not record (their flows have no process)");
    p.sample("", {}, f.sockets_refused);

    const size_t n = std::min(s.top.processes.size(), kMaxProcessSeries);
    auto labels = [](const ProcessEntry &e, const char *way) {
        return Labels{{"pid", std::to_string(e.process->pid)},
                      {"comm", e.process->comm},
                      {"cgroup", e.process->cgroup},
                      {"way", way}};
    };
    for (bool bytes : {false, true}) {
        p.family(bytes ? "netmon_process_bytes_total" : "netmon_process_packets_total", "counter",
                 bytes ? "Bytes of the flows a local process owns, by whether its socket sent "
                         "or received them (the top processes only)"
                       : "Frames of the flows a local process owns, by whether its socket sent "
                         "or received them (the top processes only)");
        for (size_t i = 0; i < n; i++) {
            const ProcessEntry &e = s.top.processes[i];
            p.sample("", labels(e, "sent"), bytes ? e.sent.bytes : e.sent.packets);
            p.sample("", labels(e, "received"), bytes ? e.received.bytes : e.received.packets);
        }
    }
}

} // namespace netmon::http
