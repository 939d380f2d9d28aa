// Runs one shell command the way --on-alert needs it: `input` on its
// stdin, `env` ("NAME=value") added to its environment, its stdout and stderr to a CommandOutput,
// in a process group of its own that is killed when the command exits (nothing it started is left
// running), when `timeout` passes, or when `interrupted` is set (the run is ending).
#pragma once

#include <atomic>
#include <chrono>
#include <string>
#include <vector>

#include "sinks/command_output.h"

namespace netmon {

struct CommandRun {
    std::string failure;      // why it failed, "" on success
    bool interrupted = false; // killed because the run was ending
};

CommandRun run_command(const std::string &command, const std::string &input,
                       std::chrono::milliseconds timeout, CommandOutput &output,
                       const std::atomic<bool> &interrupted,
                       const std::vector<std::string> &env = {});

} // namespace netmon
