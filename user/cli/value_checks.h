// CLI11 checks of option values whose refusals read as one clear line:
// "--top: must be a whole number between 0 and 1000, not '1.5'". CLI11's
// own Range and PositiveNumber print their bounds to six decimals (or up to
// DBL_MAX) and say "not in range" of a value that is not a number at all.
#pragma once

#include <CLI/CLI.hpp>

#include <sstream>
#include <string>
#include <type_traits>

#include "core/excerpt.h"

namespace netmon::cli {

// Seconds above 0 and below 1e9, for --duration.
CLI::Validator positive_seconds();

// CLI::Range prints its bounds as "0.050000 to 3600.000000"; this says
// "between 0.05 and 3600".
template <typename T> CLI::Validator range(T min, T max)
{
    std::ostringstream text, description;
    text << min << " and " << max;
    // CLI::Range's own description, which the man page generator reads.
    description << CLI::detail::type_name<T>() << " in [" << min << " - " << max << "]";
    return CLI::Validator(
        [min, max, bounds = text.str()](std::string &input) -> std::string {
            T v{};
            if (!CLI::detail::lexical_cast(input, v))
                return std::string(std::is_integral_v<T> ? "must be a whole number"
                                                         : "must be a number") +
                       " between " + bounds + ", not '" + excerpt(input) + "'";
            if (v >= min && v <= max)
                return "";
            return "must be between " + bounds + ", not " + excerpt(input);
        },
        description.str());
}

// An option whose empty value would mean "not given" where the user gave
// one: --config '' read no file, --host-name '' wrote rows with no host.
// `what`: "file name" -> "needs a file name".
CLI::Validator non_empty(const std::string &what);

} // namespace netmon::cli
