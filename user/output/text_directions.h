// Text view sections for both directions: what each hook counted (received
// and sent), and traffic by direction relative to the local networks.
#pragma once

#include <string>

#include "snapshot/snapshot.h"

namespace netmon {

// "received (ingress)" and "sent (egress)" rows for all interfaces; empty
// when only ingress is counted (the traffic table already says it all).
std::string render_hook_table(const Snapshot &s);

// Inbound / outbound / internal / other rows and the local networks; empty
// without local networks.
std::string render_direction_table(const Snapshot &s);

} // namespace netmon
