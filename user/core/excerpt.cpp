#include "core/excerpt.h"

namespace netmon {

std::string excerpt(std::string_view text, size_t max_bytes)
{
    const bool cut = text.size() > max_bytes;
    size_t keep = cut ? max_bytes : text.size();
    // Back up to a character's first byte: UTF-8 continuation bytes are 10xxxxxx.
    while (cut && keep > 0 && (static_cast<unsigned char>(text[keep]) & 0xc0) == 0x80)
        keep--;
    std::string out(text.substr(0, keep));
    for (char &c : out) {
        const auto byte = static_cast<unsigned char>(c);
        if (c == '\n' || c == '\r' || c == '\t')
            c = ' '; // one line; pcap-filter and the rules read them as spaces too
        else if (byte < 0x20 || byte == 0x7f)
            c = '?'; // never a terminal control sequence
    }
    if (cut)
        out += "... (" + std::to_string(text.size()) + " bytes)";
    return out;
}

} // namespace netmon
