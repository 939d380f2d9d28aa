// A CLI11 check that a number option is finite. CLI11's Range and
// PositiveNumber compare with < and >, which every comparison with NaN
// fails, so "nan" passes them; "inf" passes PositiveNumber.
#pragma once

#include <CLI/CLI.hpp>

#include <string>

namespace netmon::cli {

// Empty if text is a finite number, else why not (CLI11's convention).
std::string check_finite(const std::string &text);

// Add before the range check: --interval nan fails with this message.
const CLI::Validator &finite_number();

} // namespace netmon::cli
