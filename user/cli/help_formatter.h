// --help in 80 columns: each option with a short value name ("SECONDS=1",
// "FILE", "{auto,native,generic}=auto") instead of CLI11's types and
// validator descriptions ("FLOAT:FLOAT in [0 - 1e+07]"), and every
// description folded at the last space before column 80.
//
// The man page and completion generators (cmake/gen-*.sh) read the full
// CLI11 form, ranges included: NETMON_HELP_FORMAT=full asks for it.
#pragma once

#include <CLI/CLI.hpp>

#include <cstddef>
#include <string>

namespace netmon::cli {

class HelpFormatter : public CLI::Formatter {
  public:
    static constexpr size_t kWidth = 80;

    std::string make_option(const CLI::Option *opt, bool is_positional) const override;
    std::string make_option_opts(const CLI::Option *opt) const override;
    std::string make_subcommand(const CLI::App *sub) const override;
    std::string make_description(const CLI::App *app) const override;
    std::string make_footer(const CLI::App *app) const override;
};

// The value name of an option's type: what is before the first ':' of
// CLI11's type name, or the choices "{a,b}" when it lists them.
std::string short_type_name(const std::string &type_name);
// `text` folded at spaces into lines of at most `width` columns, each
// after the first starting with `indent` spaces; "\n" in `text` is kept.
std::string fold(const std::string &text, size_t width, size_t indent);

// Installs HelpFormatter on `app` (and so its subcommands), unless the
// environment asks for CLI11's full form.
void use_short_help(CLI::App &app);

} // namespace netmon::cli
