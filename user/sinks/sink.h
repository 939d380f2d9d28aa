// One consumer of the snapshot stream: the text and JSON views today, the
// dashboard, the HTTP endpoint, the IPFIX exporter and the web page next.
// A sink sees only snapshots (never the loader or the maps), and runs on a
// thread of its own behind a bounded queue (see SinkHub), so a slow or
// failing sink never stalls counting or the other sinks.
#pragma once

#include <functional>
#include <memory>
#include <stdexcept>
#include <string>

#include "snapshot/snapshot.h"

namespace netmon {

// Immutable once published: every sink reads the same object.
using SnapshotPtr = std::shared_ptr<const Snapshot>;

class Sink {
  public:
    virtual ~Sink() = default;

    // What the user calls it in a message: "JSON output", "IPFIX to h:p".
    virtual std::string name() const = 0;

    // Each interval's snapshot in order, the Final one last. Throws
    // SinkError when the sink cannot go on (its output is gone).
    virtual void consume(const SnapshotPtr &snapshot) = 0;

    // An alert event (docs/alerts.md), in order with the snapshots: the
    // events of an interval come just before its snapshot. Sinks that do
    // not report alerts ignore them.
    virtual void consume_alert(const AlertEventPtr &) {}

    // False for a sink that reports alert events only: the hub then keeps
    // snapshots out of its queue, so they never crowd out an event.
    virtual bool wants_snapshots() const { return true; }

    // True for a sink that reads Snapshot::flow_detail (the IPFIX
    // exporter): when the hub merges snapshots for it, it merges their
    // flows' changes too; for the others it leaves them out.
    virtual bool wants_flow_detail() const { return false; }

    // Thread-safe, from another thread while consume_alert() may be
    // running: the run is ending and will not wait for it; give the event
    // up now (the --on-alert command kills its child).
    virtual void interrupt() {}

    // Once, after the last snapshot or when the run stops early: flush and
    // release what the sink holds (restore a terminal, close sockets).
    virtual void close() {}

    // Given once, before the first snapshot: calling `stop` asks the run to
    // end exactly as Ctrl-C would (the dashboard's `q`). Thread-safe; a
    // sink that never asks ignores it.
    virtual void allow_stop_requests(const std::function<void()> &stop) { (void)stop; }
};

// A sink that can no longer do its job. `err` is the errno behind it (0
// when there is none): EPIPE means the reader went away, which is a quiet
// way to stop, not an error to shout about.
class SinkError : public std::runtime_error {
  public:
    SinkError(const std::string &message, int err) : std::runtime_error(message), err_(err) {}
    int err() const { return err_; }

  private:
    int err_;
};

} // namespace netmon
