// A process started with stdout closed (`netmon-xdp ... >&-`) would hand fd 1
// to the first file it opens (a BPF map, an eventfd), and the reports would
// be written into it. Each closed standard fd is taken by /dev/null opened
// read-only: writing to it fails with EBADF, so a closed stdout is reported
// as an output failure, like any other, and nothing else lands on fd 1.
#pragma once

namespace netmon::cli {

// Call first thing in main().
void hold_closed_standard_fds();

} // namespace netmon::cli
