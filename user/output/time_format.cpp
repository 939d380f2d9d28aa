#include "output/time_format.h"

#include <cstdio>
#include <ctime>

namespace netmon {

std::string rfc3339_utc(uint64_t epoch_ns, int fraction_digits)
{
    constexpr uint64_t kNsPerSec = 1'000'000'000;
    time_t secs = static_cast<time_t>(epoch_ns / kNsPerSec);
    struct tm tm {};
    gmtime_r(&secs, &tm);
    char date[32];
    std::strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%S", &tm);

    if (fraction_digits <= 0)
        return std::string(date) + "Z";
    if (fraction_digits > 9)
        fraction_digits = 9;
    // Truncate (not round) so a timestamp never moves into the next second.
    uint64_t frac = epoch_ns % kNsPerSec;
    for (int i = fraction_digits; i < 9; ++i)
        frac /= 10;
    char out[64];
    std::snprintf(out, sizeof out, "%s.%0*lluZ", date, fraction_digits,
                  static_cast<unsigned long long>(frac));
    return out;
}

} // namespace netmon
