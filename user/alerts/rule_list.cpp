#include "alerts/rule_list.h"

#include <sstream>

#include "alerts/rule_parser.h"
#include "core/bounded_file.h"
#include "core/error.h"
#include "core/excerpt.h"

namespace netmon::alerts {

namespace {

std::string trimmed(const std::string &s)
{
    const size_t b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos)
        return "";
    return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

Rule parse_or_explain(const std::string &text, const std::string &where)
{
    try {
        return parse_rule(text);
    } catch (const RuleError &e) {
        throw Error(where + " '" + excerpt(text) + "': " + e.what() + " (grammar: docs/alerts.md)",
                    kExitUsage);
    }
}

} // namespace

std::vector<Rule> load_rules(const AlertOptions &opts)
{
    std::vector<Rule> rules;
    auto add = [&](const std::string &text, const std::string &where) {
        rules.push_back(parse_or_explain(text, where));
        if (rules.back().uses_processes && !opts.no_processes.empty())
            throw Error(where + " '" + excerpt(text) + "': reads the process ('per process', " +
                            "'process NAME'), and " + opts.no_processes,
                        kExitUsage);
    };
    for (const auto &r : opts.rules)
        add(trimmed(r), "--alert");
    if (!opts.rule_file.empty()) {
        std::istringstream in(
            read_bounded_file(opts.rule_file, kMaxAlertFileBytes, "--alert-file").content);
        std::string line;
        for (size_t n = 1; std::getline(in, line); n++) {
            const std::string rule = trimmed(line);
            if (rule.empty() || rule[0] == '#')
                continue;
            add(rule, opts.rule_file + " line " + std::to_string(n) + ":");
        }
    }
    return rules;
}

} // namespace netmon::alerts
