// RFC 3339 timestamps for the JSON view.
#pragma once

#include <cstdint>
#include <string>

namespace netmon {

// Unix epoch ns as RFC 3339 UTC with `fraction_digits` (0..9) digits of
// second fraction, e.g. 3: "2024-05-01T12:00:00.123Z".
std::string rfc3339_utc(uint64_t epoch_ns, int fraction_digits);

} // namespace netmon
