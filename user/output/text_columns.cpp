#include "output/text_columns.h"

namespace netmon {

size_t display_width(std::string_view text)
{
    size_t n = 0;
    for (unsigned char c : text)
        if ((c & 0xC0) != 0x80) // skip UTF-8 continuation bytes
            ++n;
    return n;
}

std::string pad_right(std::string_view text, size_t width)
{
    std::string out(text);
    size_t w = display_width(text);
    if (w < width)
        out.append(width - w, ' ');
    return out;
}

std::string pad_left(std::string_view text, size_t width)
{
    size_t w = display_width(text);
    std::string out = w < width ? std::string(width - w, ' ') : std::string();
    out += text;
    return out;
}

} // namespace netmon
