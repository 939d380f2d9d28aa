#include "pipeline/serve_after_replay.h"

#include <csignal>

#include <cstdio>

#include "http/listen_address.h"

namespace netmon {

void serve_after_replay(const ReportOptions &opts)
{
    if (!opts.http.enabled())
        return;
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    // Every other thread blocks them already: the signal waits for us.
    sigset_t previous;
    pthread_sigmask(SIG_BLOCK, &stop, &previous);
    std::fprintf(stderr,
                 "netmon-xdp: replay done; serving its final state on http://%s/ "
                 "until Ctrl-C or SIGTERM\n",
                 http::parse_listen_address(opts.http.listen).to_string().c_str());
    int sig = 0;
    sigwait(&stop, &sig);
    pthread_sigmask(SIG_SETMASK, &previous, nullptr);
}

} // namespace netmon
