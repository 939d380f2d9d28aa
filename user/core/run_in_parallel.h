// Two independent pieces of work on two threads, for the reader's big
// polls: folding into separate tables is bound by cache misses, so a second
// core nearly halves the wall time.
#pragma once

#include <array>
#include <atomic>
#include <exception>
#include <functional>
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

// Runs every task once on this thread and one more, each thread taking the
// next task as soon as it is free, so unequal tasks still share two cores;
// list the likely longest first. Returns when no task is left; a task that
// throws stops its thread (the other goes on taking tasks), and the error
// is rethrown as run_in_parallel does.
template <size_t N> void run_on_two_threads(const std::array<std::function<void()>, N> &tasks)
{
    std::atomic<size_t> next{0};
    auto worker = [&] {
        for (size_t t; (t = next.fetch_add(1)) < N;)
            tasks[t]();
    };
    run_in_parallel(worker, worker);
}

} // namespace netmon
