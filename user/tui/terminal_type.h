// Whether this system can draw the dashboard on the terminal TERM names.
#pragma once

namespace netmon::tui {

// Whether terminfo knows $TERM: where it does not, initscr() would end the
// process with "Error opening terminal". Asked once, then remembered.
bool terminal_type_known();

} // namespace netmon::tui
