// --config FILE (docs/service.md): a TOML or INI file whose keys are a
// subcommand's long option names. CLI11 parses the file; the options it
// sets become command-line arguments appended after the user's, for those
// options the command line did not give, so the command line always wins
// and every value passes the same checks as on the command line.
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace netmon::cli {

// Reads `path` (a regular file of at most 1 MiB) and returns the arguments
// it stands for, for subcommand `cmd` after parsing the command line:
// "--interval=10", "--json", ... Keys may sit at the top or under a
// [SUBCOMMAND] section. Throws netmon::Error (kExitUsage), one line naming
// the file: unreadable, not TOML/INI, or a key that is not an option.
std::vector<std::string> config_file_arguments(const CLI::App &cmd, const std::string &path);

} // namespace netmon::cli
