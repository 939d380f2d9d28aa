#include "cli/filter_file.h"

#include "core/bounded_file.h"
#include "core/error.h"

namespace netmon::cli {

std::string read_filter_file(const std::string &path)
{
    std::string text = read_bounded_file(path, kMaxFilterFileBytes, "--filter-file").content;
    for (size_t i = 0; i < text.size(); i++) {
        const auto ch = static_cast<unsigned char>(text[i]);
        // Text is printable ASCII, whitespace and UTF-8 bytes (>= 0x80).
        if (ch < 0x20 && ch != '\n' && ch != '\r' && ch != '\t')
            throw Error(
                "filter file '" + path + "' is not text (control byte 0x" +
                    [ch] {
                        static const char hex[] = "0123456789abcdef";
                        return std::string{hex[ch >> 4], hex[ch & 15]};
                    }() +
                    " at offset " + std::to_string(i) +
                    "); it should hold a tcpdump filter expression",
                kExitUsage);
    }
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r'))
        text.pop_back();
    return text;
}

} // namespace netmon::cli
