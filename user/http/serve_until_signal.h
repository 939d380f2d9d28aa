// replay --http: once the replay is done, the server goes on answering
// with the final state until the user stops it.
#pragma once

#include "http/http_options.h"

namespace netmon::http {

// Says on stderr where it serves and how to stop, then waits for SIGINT
// or SIGTERM.
void serve_until_signal(const HttpOptions &opts);

} // namespace netmon::http
