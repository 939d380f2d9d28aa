// Two independent pieces of work on two threads, for the reader's big
// polls: folding into separate tables is bound by cache misses, so a second
// core nearly halves the wall time.
#pragma once

#include <exception>
#include <system_error>
#include <thread>

namespace netmon {

// Runs `side` on a new thread and `main` on this one, and returns when both
// have; rethrows what either threw (main's first). Without a thread to be
// had, runs both here, one after the other: the work is never skipped.
template <class Side, class Main> void run_in_parallel(Side &&side, Main &&main)
{
    std::exception_ptr side_error, main_error;
    std::thread thread;
    try {
        thread = std::thread([&] {
            try {
                side();
            } catch (...) {
                side_error = std::current_exception();
            }
        });
    } catch (const std::system_error &) {
        side();
        main();
        return;
    }
    try {
        main();
    } catch (...) {
        main_error = std::current_exception();
    }
    thread.join();
    if (main_error)
        std::rethrow_exception(main_error);
    if (side_error)
        std::rethrow_exception(side_error);
}

} // namespace netmon
