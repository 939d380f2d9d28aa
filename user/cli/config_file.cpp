#include "cli/config_file.h"

#include <sstream>

#include "core/bounded_file.h"
#include "core/error.h"
#include "core/excerpt.h"

namespace netmon::cli {

namespace {

constexpr size_t kMaxConfigBytes = size_t{1} << 20;

bool is_true(const std::string &text)
{
    return text == "true" || text == "1" || text == "yes" || text == "on";
}

bool is_false(const std::string &text)
{
    return text == "false" || text == "0" || text == "no" || text == "off";
}

[[noreturn]] void bad_flag(const std::string &path, const std::string &key,
                           const std::string &value)
{
    throw Error("--config " + excerpt(path) + ": '" + excerpt(key) +
                    "' is a flag: true or false, not '" + excerpt(value) + "'",
                kExitUsage);
}

// The subcommand `name` of cmd's parent, or nullptr.
const CLI::App *sibling(const CLI::App &cmd, const std::string &name)
{
    const CLI::App *parent = cmd.get_parent();
    if (parent == nullptr)
        return nullptr;
    for (const CLI::App *sub : parent->get_subcommands([](const CLI::App *) { return true; }))
        if (sub->get_name() == name)
            return sub;
    return nullptr;
}

[[noreturn]] void not_an_option(const std::string &path, const std::string &key,
                                const std::string &command)
{
    throw Error("--config " + excerpt(path) + ": '" + excerpt(key) + "' is not an option of " +
                    command + " (keys are long option names without --)",
                kExitUsage);
}

} // namespace

std::vector<std::string> config_file_arguments(const CLI::App &cmd, const std::string &path)
{
    std::string content = read_bounded_file(path, kMaxConfigBytes, "--config").content;
    // Editors on some systems start a UTF-8 file with a byte order mark.
    if (content.rfind("\xEF\xBB\xBF", 0) == 0)
        content.erase(0, 3);
    std::istringstream in(content);
    std::vector<CLI::ConfigItem> items;
    try {
        items = CLI::ConfigTOML().from_config(in);
    } catch (const CLI::ParseError &e) {
        throw Error("--config " + excerpt(path) + ": " + excerpt(e.what()), kExitUsage);
    }
    std::vector<std::string> args;
    for (const CLI::ConfigItem &item : items) {
        // "++"/"--": CLI11's marks for entering and leaving a [section].
        if (item.name == "++" || item.name == "--")
            continue;
        // A misspelt [section] would otherwise hide its options silently.
        const bool known_section =
            item.parents.empty() || (item.parents.size() == 1 &&
                                     (item.parents[0] == "attach" || item.parents[0] == "replay"));
        if (!known_section)
            throw Error("--config " + excerpt(path) + ": section [" +
                            excerpt(item.parents.front()) +
                            "] is neither [attach] nor [replay] (options before any section "
                            "apply to both)",
                        kExitUsage);
        const bool ours = item.parents.empty() || item.parents[0] == cmd.get_name();
        // The other subcommand's section is checked, not used: a typo in it
        // would otherwise surface only when that subcommand runs.
        const CLI::App *owner = ours ? &cmd : sibling(cmd, item.parents[0]);
        if (owner == nullptr)
            continue;
        const std::string flag = "--" + item.name;
        const CLI::Option *opt = item.name == "config" ? nullptr : owner->get_option_no_throw(flag);
        if (opt == nullptr)
            not_an_option(path, item.name, owner->get_name());
        if (!ours)
            continue;
        if (opt->count() > 0) // given on the command line: that wins
            continue;
        if (opt->get_expected_max() == 0) { // a flag
            const std::string value = item.inputs.empty() ? "true" : item.inputs.front();
            if (is_true(value))
                args.push_back(flag);
            else if (!is_false(value))
                bad_flag(path, item.name, value);
            continue;
        }
        if (item.inputs.empty())
            throw Error("--config " + excerpt(path) + ": '" + excerpt(item.name) + "' has no value",
                        kExitUsage);
        // One --name=VALUE per value (a value may start with '-');
        // repeatable options take an array.
        for (const std::string &value : item.inputs) {
            std::string arg = flag;
            arg += '=';
            arg += value;
            args.push_back(std::move(arg));
        }
    }
    return args;
}

} // namespace netmon::cli
