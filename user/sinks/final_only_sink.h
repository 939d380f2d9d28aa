// --summary-only: passes on only the Final snapshot, so a long replay
// prints its summary and not one block per interval, and every alert
// event (a start and an end would otherwise leave no trace).
#pragma once

#include <memory>

#include "sinks/sink.h"

namespace netmon {

class FinalOnlySink : public Sink {
  public:
    explicit FinalOnlySink(std::unique_ptr<Sink> inner) : inner_(std::move(inner)) {}
    std::string name() const override { return inner_->name(); }
    void consume(const SnapshotPtr &snapshot) override
    {
        if (snapshot->kind == Snapshot::Kind::Final)
            inner_->consume(snapshot);
    }
    void consume_alert(const AlertEventPtr &event) override { inner_->consume_alert(event); }
    void close() override { inner_->close(); }
    void allow_stop_requests(const std::function<void()> &stop) override
    {
        inner_->allow_stop_requests(stop);
    }

  private:
    std::unique_ptr<Sink> inner_;
};

} // namespace netmon
