// /metrics per local process (docs/process.md): the processes of the
// snapshot's top.processes, at most kMaxProcessSeries of them, so that the
// series stay few however many processes the host runs.
#pragma once

#include <cstddef>

#include "http/prometheus_text.h"
#include "snapshot/snapshot.h"

namespace netmon::http {

inline constexpr size_t kMaxProcessSeries = 20;

// Nothing without process attribution (s.processes empty).
void process_metrics(PrometheusText &p, const Snapshot &s);

} // namespace netmon::http
