#include "cli/parse_errors.h"

#include <algorithm>
#include <sstream>

#include "core/excerpt.h"

namespace netmon::cli {

namespace {

size_t edit_distance(std::string_view a, std::string_view b)
{
    std::vector<size_t> row(b.size() + 1);
    for (size_t j = 0; j <= b.size(); j++)
        row[j] = j;
    for (size_t i = 1; i <= a.size(); i++) {
        size_t diagonal = row[0];
        row[0] = i;
        for (size_t j = 1; j <= b.size(); j++) {
            const size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
            // A swap of two neighbours ("jsno") is one typo, not two.
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                row[j] = std::min(row[j], diagonal);
            diagonal = above;
        }
    }
    return row[b.size()];
}

// Multi-line messages joined, runs of spaces collapsed.
std::string single_line(const std::string &text)
{
    std::string out;
    for (char ch : text) {
        if (ch == '\n' || ch == '\r' || ch == '\t')
            ch = ' ';
        if (ch == ' ' && (out.empty() || out.back() == ' '))
            continue;
        out += ch;
    }
    while (!out.empty() && (out.back() == ' ' || out.back() == '.'))
        out.pop_back();
    return out;
}

// The arguments CLI11 lists after "not expected: ".
std::vector<std::string> unexpected_arguments(const std::string &what)
{
    std::vector<std::string> out;
    const size_t colon = what.rfind(':');
    std::istringstream words(colon == std::string::npos ? what : what.substr(colon + 1));
    for (std::string w; words >> w;)
        out.push_back(w);
    return out;
}

} // namespace

std::string closest_option(std::string_view given, const std::vector<std::string> &known)
{
    std::string best;
    size_t best_distance = 0;
    for (const std::string &option : known) {
        const size_t d = edit_distance(given, option);
        if (best.empty() || d < best_distance) {
            best = option;
            best_distance = d;
        }
    }
    // A typo: at most 2 edits, and fewer than a third of the name.
    const size_t allowed = std::min<size_t>(2, std::max<size_t>(1, given.size() / 3));
    return !best.empty() && best_distance <= allowed ? best : std::string();
}

std::string one_line_parse_error(const std::string &what, std::string_view kind,
                                 const std::vector<std::string> &known,
                                 const std::vector<ForeignOption> &foreign,
                                 const std::string &command)
{
    std::string line;
    // CLI11 names it ExtrasError, or (from a subcommand) by its message only.
    if (kind == "ExtrasError" || what.rfind("The following argument", 0) == 0) {
        line = "";
        // Its first line lists the arguments; a footer may follow.
        for (const std::string &arg : unexpected_arguments(what.substr(0, what.find('\n')))) {
            if (!line.empty())
                line += "; ";
            if (arg.rfind('-', 0) == 0) {
                line += "unknown option " + excerpt(arg);
                const std::string name = arg.substr(0, arg.find('='));
                const auto other =
                    std::find_if(foreign.begin(), foreign.end(),
                                 [&](const ForeignOption &f) { return f.option == name; });
                if (other != foreign.end() && !command.empty())
                    line += " (an option of " + other->subcommand + ", not " + command + ")";
                else if (std::string guess = closest_option(name, known); !guess.empty())
                    line += " (did you mean " + guess + "?)";
            } else {
                line += "unexpected argument '" + excerpt(arg) + "'";
            }
        }
    } else {
        line = single_line(what);
    }
    return line + "; see 'netmon-xdp " + (command.empty() ? "" : command + " ") + "--help'";
}

std::string unknown_subcommand_error(std::string_view given,
                                     const std::vector<std::string> &subcommands)
{
    std::string line = "unknown subcommand '" + excerpt(given) + "'";
    if (std::string guess = closest_option(given, subcommands); !guess.empty())
        line += " (did you mean " + guess + "?)";
    else {
        line += " (subcommands:";
        for (const std::string &s : subcommands)
            line += " " + s;
        line += ")";
    }
    return line + "; see 'netmon-xdp --help'";
}

} // namespace netmon::cli
