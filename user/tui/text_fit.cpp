#include "tui/text_fit.h"

#include <algorithm>
#include <cmath>

#include "output/text_columns.h"

namespace netmon::tui {

std::string cut(std::string_view text, size_t width)
{
    return std::string(text.substr(0, byte_offset(text, width)));
}

std::string shorten_middle(std::string_view text, size_t width, std::string_view ellipsis)
{
    const size_t have = display_width(text);
    if (have <= width)
        return std::string(text);
    const size_t mark = display_width(ellipsis);
    if (width <= mark)
        return cut(text, width);
    const size_t keep = width - mark;
    const size_t head = (keep + 1) / 2, tail = keep - head;
    const size_t tail_start = byte_offset(text, have - tail);
    return cut(text, head) + std::string(ellipsis) + std::string(text.substr(tail_start));
}

std::string fit_left(std::string_view text, size_t width)
{
    return pad_right(cut(text, width), width);
}

std::string fit_right(std::string_view text, size_t width)
{
    return pad_left(cut(text, width), width);
}

std::string sparkline(const std::vector<double> &values, size_t width, bool unicode)
{
    static const char *const kBlocks[] = {"\u2581", "\u2582", "\u2583", "\u2584",
                                          "\u2585", "\u2586", "\u2587", "\u2588"};
    static const char kAscii[] = "_.:-=+*#";
    const size_t n = std::min(width, values.size());
    const auto first = values.end() - static_cast<std::ptrdiff_t>(n);
    const double top = n ? *std::max_element(first, values.end()) : 0;
    std::string out;
    for (auto it = first; it != values.end(); ++it) {
        // Zero stays the lowest mark; anything above it shows at least one step.
        size_t level = top > 0 ? static_cast<size_t>(std::lround(*it / top * 7)) : 0;
        if (*it > 0 && level == 0)
            level = 1;
        level = std::min<size_t>(level, 7);
        out += unicode ? std::string(kBlocks[level]) : std::string(1, kAscii[level]);
    }
    return pad_right(out, width);
}

std::string bar(double value, double max, size_t width, bool unicode)
{
    size_t filled = 0;
    if (max > 0 && value > 0)
        filled = std::max<size_t>(1, static_cast<size_t>(std::lround(value / max * width)));
    filled = std::min(filled, width);
    std::string out;
    for (size_t i = 0; i < filled; i++)
        out += unicode ? "\u2588" : "#";
    return out + std::string(width - filled, ' ');
}

} // namespace netmon::tui
