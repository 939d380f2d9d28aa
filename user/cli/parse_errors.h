// Command-line errors as one line with a hint, as the README promises:
// CLI11's own messages span lines and never suggest a spelling.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace netmon::cli {

// The known option closest to `given` ("--jsno" -> "--json") by edit
// distance, if it is close enough to be a typo; empty otherwise.
std::string closest_option(std::string_view given, const std::vector<std::string> &known);

// An option of a subcommand other than the one given: "--summary-only"
// is replay's, so `attach --summary-only` says so instead of suggesting it.
struct ForeignOption {
    std::string option;
    std::string subcommand;
};

// One line (no "netmon-xdp: " prefix, no newline) from a CLI11 error:
// `what` its message, `kind` its get_name() ("ExtrasError", ...), `known`
// the options of the command line given, `foreign` the other subcommands'
// options, `command` "attach" or "" for the hint "see 'netmon-xdp attach
// --help'".
std::string one_line_parse_error(const std::string &what, std::string_view kind,
                                 const std::vector<std::string> &known,
                                 const std::vector<ForeignOption> &foreign,
                                 const std::string &command);

// The line for a first argument that names no subcommand ("atach"), with
// the closest subcommand if it looks like a typo of one.
std::string unknown_subcommand_error(std::string_view given,
                                     const std::vector<std::string> &subcommands);

} // namespace netmon::cli
