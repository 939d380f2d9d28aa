// Keys to view-state changes: pure, so every key is testable without a
// terminal. The ncurses layer passes getch() codes through.
#pragma once

#include "tui/view_state.h"

namespace netmon::tui {

// Codes beyond a byte that the caller maps ncurses' KEY_* to.
enum KeyCode : int {
    kKeyTab = '\t',
    kKeyEnter = '\n',
    kKeyEscape = 27,
    kKeyBackspace = 127,
    kKeyLeft = 0x1000,
    kKeyRight,
    kKeyUp,
    kKeyDown,
    kKeyBackTab,
};

enum class KeyResult { Ignored, Changed, Quit };

KeyResult handle_key(ViewState &view, int key);

// The key lines `?` shows, also in docs/dashboard.md.
extern const char *const kKeyHelp[];

} // namespace netmon::tui
