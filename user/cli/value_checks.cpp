#include "cli/value_checks.h"

namespace netmon::cli {

CLI::Validator positive_seconds()
{
    return CLI::Validator(
        [](std::string &text) -> std::string {
            double v = 0;
            if (!CLI::detail::lexical_cast(text, v))
                return "must be a number of seconds, not '" + excerpt(text) + "'";
            if (v >= 1e9)
                return "must be below 1e9 seconds (about 31 years), not " + excerpt(text);
            if (v > 0)
                return "";
            return "must be a number of seconds above 0, not " + excerpt(text);
        },
        "POSITIVE"); // as CLI::PositiveNumber: the man page generator reads it
}

CLI::Validator non_empty(const std::string &what)
{
    return CLI::Validator(
        [what](const std::string &text) { return text.empty() ? "needs a " + what : ""; }, "");
}

} // namespace netmon::cli
