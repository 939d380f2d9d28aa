// --ipfix: exports every flow to IPFIX collectors (RFC 7011). A sink like
// the others: it reads each snapshot's flow detail, never the kernel.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "ipfix/collector_session.h"
#include "ipfix/flow_exporter.h"
#include "ipfix/ipfix_options.h"
#include "sinks/sink.h"

namespace netmon::ipfix {

class IpfixSink : public Sink {
  public:
    // Parses every address first: a typo is a usage error before anything runs.
    explicit IpfixSink(const IpfixOptions &opts);

    std::string name() const override { return "IPFIX export"; }
    void consume(const SnapshotPtr &snapshot) override;
    bool wants_flow_detail() const override { return true; } // every flow's change

  private:
    FlowExporter exporter_;
    std::vector<std::unique_ptr<CollectorSession>> sessions_;
    EncodedBatch batch_;
};

// Encodes reports into a batch (cleared first); adds their not-in-flow
// frames to its running totals.
void encode_batch(const std::vector<FlowReport> &reports, EncodedBatch &batch);

} // namespace netmon::ipfix
