#include "output/text_wrap.h"

#include <vector>

#include "output/text_columns.h"

namespace netmon {
namespace {

// `text` split at `separator`, empty pieces dropped.
std::vector<std::string_view> split(std::string_view text, std::string_view separator)
{
    std::vector<std::string_view> out;
    for (size_t at = 0; at <= text.size();) {
        size_t next = text.find(separator, at);
        if (next == std::string_view::npos)
            next = text.size();
        if (next > at)
            out.push_back(text.substr(at, next - at));
        at = next + separator.size();
    }
    return out;
}

class Folder {
  public:
    Folder(size_t width, std::string_view indent) : width_(width), indent_(indent) {}

    // Appends `piece` after `separator`, or on a new line when it does not
    // fit; a piece too long for any line is folded at its spaces
    // (`fold_words`) or split.
    void add(std::string_view piece, std::string_view separator, bool fold_words)
    {
        const std::string_view sep = fresh_ ? std::string_view() : separator;
        if (display_width(current_) + display_width(sep) + display_width(piece) <= width_) {
            current_ += sep;
            current_ += piece;
            fresh_ = false;
            return;
        }
        if (!fresh_)
            new_line();
        if (display_width(current_) + display_width(piece) <= width_) {
            current_ += piece;
            fresh_ = false;
            return;
        }
        if (fold_words) {
            for (std::string_view word : split(piece, " "))
                add(word, " ", false);
            return;
        }
        while (display_width(current_) + display_width(piece) > width_) {
            const size_t used = display_width(current_);
            const size_t cut = byte_offset(piece, used < width_ ? width_ - used : 1);
            current_ += piece.substr(0, cut);
            piece.remove_prefix(cut);
            new_line();
        }
        current_ += piece;
        fresh_ = piece.empty();
    }

    std::string finish()
    {
        out_ += current_ + "\n";
        return out_;
    }

  private:
    void new_line()
    {
        out_ += current_ + "\n";
        current_ = indent_;
        fresh_ = true;
    }

    size_t width_;
    std::string indent_;
    std::string current_;
    std::string out_;
    bool fresh_ = true; // nothing but the indent on the current line
};

} // namespace

std::string wrap_line(std::string_view line, size_t width, std::string_view indent)
{
    if (display_width(line) <= width)
        return std::string(line) + "\n";
    // A leading indent belongs to the first field.
    const size_t lead = line.find_first_not_of(' ');
    const std::string_view head = line.substr(0, lead == std::string_view::npos ? 0 : lead);
    Folder folder(width, indent.size() > width / 2 ? indent.substr(0, width / 2) : indent);
    bool first = true;
    for (std::string_view field : split(line.substr(head.size()), "  ")) {
        const std::string piece =
            first ? std::string(head) + std::string(field) : std::string(field);
        folder.add(piece, "  ", true);
        first = false;
    }
    return folder.finish();
}

std::string wrap_text(std::string_view text, size_t width, std::string_view indent)
{
    std::string out;
    for (size_t at = 0; at < text.size();) {
        size_t end = text.find('\n', at);
        const bool newline = end != std::string_view::npos;
        if (!newline)
            end = text.size();
        std::string folded = wrap_line(text.substr(at, end - at), width, indent);
        if (!newline)
            folded.pop_back();
        out += folded;
        at = end + 1;
    }
    return out;
}

} // namespace netmon
