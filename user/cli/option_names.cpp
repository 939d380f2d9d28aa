#include "cli/option_names.h"

#include <algorithm>

namespace netmon::cli {

namespace {

std::vector<const CLI::App *> subcommands_of(const CLI::App &app)
{
    auto subs = app.get_subcommands([](const CLI::App *) { return true; });
    return {subs.begin(), subs.end()};
}

// The option names of `app` itself ("--json"), not of its subcommands.
std::vector<std::string> own_options(const CLI::App &app)
{
    std::vector<std::string> out;
    for (const CLI::Option *o : app.get_options())
        for (const std::string &name : o->get_lnames())
            out.push_back("--" + name);
    return out;
}

} // namespace

const std::vector<std::string> kSubcommands = {"attach", "detach", "replay", "clickhouse-schema"};

// The options "did you mean" picks from: the given subcommand's and the
// program's (--help, --version); every subcommand's when none was given.
std::vector<std::string> known_options(const CLI::App &app, const std::string &command)
{
    std::vector<std::string> out = own_options(app);
    for (const CLI::App *sub : subcommands_of(app))
        if (command.empty() || sub->get_name() == command)
            for (const std::string &name : own_options(*sub))
                out.push_back(name);
    return out;
}

// The other subcommands' options, so that one given to the wrong
// subcommand is named as such rather than "suggested" to itself.
std::vector<ForeignOption> foreign_options(const CLI::App &app, const std::string &command)
{
    const std::vector<std::string> mine = known_options(app, command);
    std::vector<ForeignOption> out;
    for (const CLI::App *sub : subcommands_of(app))
        if (sub->get_name() != command)
            for (const std::string &name : own_options(*sub))
                if (std::find(mine.begin(), mine.end(), name) == mine.end())
                    out.push_back({name, sub->get_name()});
    return out;
}

// The subcommand the user typed, for the hint: "attach", or "".
std::string command_given(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        for (const std::string &name : kSubcommands)
            if (argv[i] == name)
                return name;
    return "";
}

} // namespace netmon::cli
