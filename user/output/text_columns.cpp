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

// Byte offset where the first `columns` characters of `text` end.
size_t byte_offset(std::string_view text, size_t columns)
{
    size_t i = 0;
    while (i < text.size() && columns > 0) {
        i++;
        while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80)
            i++; // continuation bytes belong to the same character
        columns--;
    }
    return i;
}

} // namespace netmon
