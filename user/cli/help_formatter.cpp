#include "cli/help_formatter.h"

#include <cstdlib>
#include <memory>
#include <sstream>

namespace netmon::cli {
namespace {

// "  NAME" in the column, the description beside it or, when the name
// fills the column, on the lines below; folded at kWidth.
std::string two_columns(const std::string &name, const std::string &desc, size_t column)
{
    std::string out = "  " + name;
    if (desc.empty())
        return out + "\n";
    if (out.size() + 1 > column)
        out += "\n" + std::string(column, ' ');
    else
        out += std::string(column - out.size(), ' ');
    return out + fold(desc, HelpFormatter::kWidth - column, column) + "\n";
}

} // namespace

std::string short_type_name(const std::string &type_name)
{
    const size_t open = type_name.find('{');
    const size_t close = type_name.find('}', open);
    if (open != std::string::npos && close != std::string::npos)
        return type_name.substr(open, close - open + 1);
    return type_name.substr(0, type_name.find(':'));
}

std::string fold(const std::string &text, size_t width, size_t indent)
{
    std::string out;
    size_t line = 0; // columns on the current line
    std::istringstream paragraphs(text);
    bool first_paragraph = true;
    for (std::string paragraph; std::getline(paragraphs, paragraph);) {
        if (!first_paragraph) {
            out += "\n" + std::string(indent, ' ');
            line = 0;
        }
        first_paragraph = false;
        std::istringstream words(paragraph);
        for (std::string word; words >> word;) {
            if (line > 0 && line + 1 + word.size() > width) {
                out += "\n" + std::string(indent, ' ');
                line = 0;
            }
            if (line > 0) {
                out += ' ';
                line++;
            }
            out += word;
            line += word.size();
        }
    }
    return out;
}

std::string HelpFormatter::make_option(const CLI::Option *opt, bool is_positional) const
{
    return two_columns(make_option_name(opt, is_positional) + make_option_opts(opt),
                       make_option_desc(opt), get_column_width());
}

std::string HelpFormatter::make_option_opts(const CLI::Option *opt) const
{
    std::string out;
    if (opt->get_type_size() != 0) {
        const std::string type = short_type_name(opt->get_type_name());
        if (!type.empty())
            out += " " + type;
        if (!opt->get_default_str().empty())
            out += "=" + opt->get_default_str();
        if (opt->get_expected_max() == CLI::detail::expected_max_vector_size)
            out += " ...";
        if (opt->get_required())
            out += " REQUIRED";
    }
    for (const CLI::Option *needed : opt->get_needs())
        out += " (needs " + needed->get_name() + ")";
    for (const CLI::Option *excluded : opt->get_excludes())
        out += " (not with " + excluded->get_name() + ")";
    return out;
}

std::string HelpFormatter::make_subcommand(const CLI::App *sub) const
{
    return two_columns(sub->get_display_name(true), sub->get_description(), get_column_width());
}

std::string HelpFormatter::make_description(const CLI::App *app) const
{
    const std::string desc = app->get_description();
    return desc.empty() ? "" : fold(desc, kWidth, 0) + "\n";
}

std::string HelpFormatter::make_footer(const CLI::App *app) const
{
    const std::string footer = app->get_footer();
    return footer.empty() ? "" : fold(footer, kWidth, 0) + "\n";
}

void use_short_help(CLI::App &app)
{
    const char *format = std::getenv("NETMON_HELP_FORMAT");
    if (format != nullptr && std::string(format) == "full")
        return;
    app.formatter(std::make_shared<HelpFormatter>());
}

} // namespace netmon::cli
