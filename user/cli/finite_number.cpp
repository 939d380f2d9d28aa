#include "cli/finite_number.h"

#include <cmath>
#include <cstdlib>

namespace netmon::cli {

std::string check_finite(const std::string &text)
{
    const char *begin = text.c_str();
    char *end = nullptr;
    const double value = std::strtod(begin, &end);
    if (end == begin)
        return {}; // not a number at all: CLI11's own conversion says so
    // nan, inf, and 1e999 (strtod saturates it to inf).
    if (!std::isfinite(value))
        return "Value " + text + " is not a finite number";
    return {};
}

const CLI::Validator &finite_number()
{
    static const CLI::Validator validator([](std::string &text) { return check_finite(text); },
                                          "FINITE", "finite");
    return validator;
}

} // namespace netmon::cli
