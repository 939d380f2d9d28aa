// Errors a user sees: one clear line, and the exit code it maps to.
#pragma once

#include <stdexcept>
#include <string>

namespace netmon {

// Exit codes of the tool (documented in docs/usage.md and the man page).
enum ExitCode : int {
    kExitOk = 0,
    kExitFailure = 1, // a runtime failure (kernel refused, map read failed)
    kExitUsage = 2,   // bad command line, invalid filter, bad file
    kExitNoPermission = 3,
    kExitInterfacesGone = 4, // every monitored interface disappeared
};

// An error with a message meant for the user, already phrased for them.
class Error : public std::runtime_error {
  public:
    explicit Error(const std::string &message, int exit_code = kExitFailure)
        : std::runtime_error(message), exit_code_(exit_code)
    {
    }
    int exit_code() const { return exit_code_; }

  private:
    int exit_code_;
};

// "what: strerror(err)" using libbpf's wording for its own error codes.
std::string errno_message(const std::string &what, int err);

} // namespace netmon
