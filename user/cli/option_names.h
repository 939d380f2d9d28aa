// The option names of the command line, for its one-line errors: which
// options "did you mean" may suggest, and which belong to another
// subcommand (attach --summary-only: replay's).
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "cli/parse_errors.h"

namespace netmon::cli {

extern const std::vector<std::string> kSubcommands;

// The options "did you mean" picks from: the given subcommand's and the
// program's (--help, --version); every subcommand's when `command` is "".
std::vector<std::string> known_options(const CLI::App &app, const std::string &command);

// The other subcommands' options that `command` lacks.
std::vector<ForeignOption> foreign_options(const CLI::App &app, const std::string &command);

// The subcommand the user typed, for the hint: "attach", or "".
std::string command_given(int argc, char **argv);

} // namespace netmon::cli
