#include "http/prometheus_text.h"

#include <charconv>
#include <cmath>

namespace netmon::http {

std::string escape_label_value(std::string_view value)
{
    std::string out;
    out.reserve(value.size());
    for (char c : value) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '"')
            out += "\\\"";
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
    return out;
}

std::string escape_help(std::string_view text)
{
    std::string out;
    for (char c : text) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
    return out;
}

std::string format_value(double value)
{
    if (std::isnan(value))
        return "NaN";
    if (std::isinf(value))
        return value > 0 ? "+Inf" : "-Inf";
    char buf[32];
    // Plain decimals where they stay short (bucket bounds read "0.0005").
    const double mag = std::fabs(value);
    const bool plain = mag == 0 || (mag >= 1e-6 && mag < 1e15);
    auto [end, ec] = plain ? std::to_chars(buf, buf + sizeof(buf), value, std::chars_format::fixed)
                           : std::to_chars(buf, buf + sizeof(buf), value);
    return std::string(buf, end);
}

void PrometheusText::family(std::string_view name, std::string_view type, std::string_view help)
{
    current_ = name;
    out_ += "# HELP ";
    out_ += name;
    out_ += ' ';
    out_ += escape_help(help);
    out_ += "\n# TYPE ";
    out_ += name;
    out_ += ' ';
    out_ += type;
    out_ += '\n';
}

void PrometheusText::sample_prefix(std::string_view suffix, const Labels &labels)
{
    out_ += current_;
    out_ += suffix;
    if (!labels.empty()) {
        out_ += '{';
        for (size_t i = 0; i < labels.size(); i++) {
            if (i)
                out_ += ',';
            out_ += labels[i].first;
            out_ += "=\"";
            out_ += escape_label_value(labels[i].second);
            out_ += '"';
        }
        out_ += '}';
    }
    out_ += ' ';
}

void PrometheusText::sample(std::string_view suffix, const Labels &labels, uint64_t value)
{
    sample_prefix(suffix, labels);
    out_ += std::to_string(value);
    out_ += '\n';
}

void PrometheusText::sample(std::string_view suffix, const Labels &labels, double value)
{
    sample_prefix(suffix, labels);
    out_ += format_value(value);
    out_ += '\n';
}

} // namespace netmon::http
