#include "tui/terminal_type.h"

// term.h defines macros named like common words (lines, columns): it is
// included here alone.
#include <curses.h>
#include <term.h>
#include <unistd.h>

namespace netmon::tui {

bool terminal_type_known()
{
    static const bool known = [] {
        int err = 0;
        if (setupterm(nullptr, STDOUT_FILENO, &err) != OK)
            return false;
        del_curterm(set_curterm(nullptr)); // initscr() loads its own
        return true;
    }();
    return known;
}

} // namespace netmon::tui
