#include "tui/key_handling.h"

namespace netmon::tui {

const char *const kKeyHelp[] = {
    "q          quit: leave the screen, detach, print the final summary",
    "p          pause the display (counting goes on)",
    "1 2 3 t    sort by the 2 s, 10 s, 40 s window or the total",
    "Tab, arrows  next / previous list",
    "P          the Processes list (local programs: tx sent, rx received)",
    "b          rates in bit/s or byte/s",
    "n          ports as numbers or service names (/etc/services)",
    "/          filter the list by a substring (Enter applies, Esc clears)",
    "? h        show or hide this help",
    nullptr,
};

namespace {

void step_list(ViewState &view, int step)
{
    const int n = static_cast<int>(kNumLists);
    view.list = static_cast<ListKind>((static_cast<int>(view.list) + step + n) % n);
}

KeyResult edit_filter(ViewState &view, int key)
{
    switch (key) {
    case kKeyEnter:
    case '\r':
        view.filter = view.filter_draft;
        view.editing_filter = false;
        return KeyResult::Changed;
    case kKeyEscape:
        view.filter.clear();
        view.filter_draft.clear();
        view.editing_filter = false;
        return KeyResult::Changed;
    case kKeyBackspace:
    case 8:
        if (!view.filter_draft.empty())
            view.filter_draft.pop_back();
        return KeyResult::Changed;
    default:
        if (key >= 0x20 && key < 0x7f && view.filter_draft.size() < 64) {
            view.filter_draft += static_cast<char>(key);
            return KeyResult::Changed;
        }
        return KeyResult::Ignored;
    }
}

} // namespace

KeyResult handle_key(ViewState &view, int key)
{
    if (view.editing_filter)
        return edit_filter(view, key);
    switch (key) {
    case 'q':
    case 'Q':
        return KeyResult::Quit;
    case 'p':
    case ' ':
        view.paused = !view.paused;
        break;
    case '1':
        view.sort = SortBy::Last2s;
        break;
    case '2':
        view.sort = SortBy::Last10s;
        break;
    case '3':
        view.sort = SortBy::Last40s;
        break;
    case 't':
        view.sort = SortBy::Total;
        break;
    case kKeyTab:
    case kKeyRight:
    case kKeyDown:
        step_list(view, 1);
        break;
    case kKeyBackTab:
    case kKeyLeft:
    case kKeyUp:
        step_list(view, -1);
        break;
    case 'P':
        view.list = ListKind::Processes;
        break;
    case 'b':
        view.bytes = !view.bytes;
        break;
    case 'n':
        view.service_names = !view.service_names;
        break;
    case '/':
        view.editing_filter = true;
        view.filter_draft.clear(); // a new filter replaces the old one

        break;
    case '?':
    case 'h':
        view.help = !view.help;
        break;
    case kKeyEscape:
        if (!view.help && view.filter.empty())
            return KeyResult::Ignored;
        view.help = false;
        view.filter.clear();
        break;
    default:
        return KeyResult::Ignored;
    }
    return KeyResult::Changed;
}

} // namespace netmon::tui
