#include "ipfix/ipfix_sink.h"

#include "ipfix/templates.h"

namespace netmon::ipfix {

IpfixSink::IpfixSink(const IpfixOptions &opts) : exporter_(opts.active_timeout_s)
{
    for (const auto &text : opts.collectors)
        sessions_.push_back(
            std::make_unique<CollectorSession>(parse_collector_address(text), opts.domain));
}

void encode_batch(const std::vector<FlowReport> &reports, EncodedBatch &batch)
{
    batch.bytes.clear();
    batch.records.clear();
    for (const FlowReport &r : reports) {
        const size_t offset = batch.bytes.size();
        encode_record(r, batch.bytes);
        batch.records.push_back({template_for(r), static_cast<uint32_t>(offset),
                                 static_cast<uint16_t>(batch.bytes.size() - offset)});
        if (r.not_in_flow) {
            batch.ignored_packets += r.packets;
            batch.ignored_bytes += r.bytes;
        }
    }
}

void IpfixSink::consume(const SnapshotPtr &snapshot)
{
    encode_batch(exporter_.reports(*snapshot), batch_);
    const bool final = snapshot->kind == Snapshot::Kind::Final;
    for (auto &session : sessions_)
        session->send(batch_, final);
}

} // namespace netmon::ipfix
