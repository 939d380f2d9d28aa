// One collector: its socket, its transport session's sequence number and
// what it has been sent. Packs encoded records into messages under the
// size limit, sends the templates when the collector needs them, and
// survives a collector that is down: UDP keeps sending (a collector that
// starts late decodes from the next template refresh), TCP reconnects with
// backoff. Either way the failure is reported once and the records it
// missed are counted (notSentFlowTotalCount).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "core/fd.h"
#include "ipfix/collector_address.h"
#include "ipfix/message_builder.h"

namespace netmon::ipfix {

// The records of one snapshot, encoded once for every collector.
struct EncodedBatch {
    struct Record {
        uint16_t template_id;
        uint32_t offset; // into bytes
        uint16_t length;
    };
    std::vector<uint8_t> bytes;
    std::vector<Record> records;
    uint64_t ignored_packets = 0; // since start: frames in not-in-flow records
    uint64_t ignored_bytes = 0;
};

// When templates are sent again over UDP (RFC 7011 section 8.4): a
// collector that starts late decodes records within this time, or within
// this many messages, whichever comes first. Over TCP: once per connection.
constexpr std::chrono::seconds kTemplateRefresh{10};
constexpr uint64_t kTemplateRefreshMessages = 100;
// Under any path MTU on the way (1500 minus IP, UDP and tunnel headers).
constexpr size_t kMaxMessageLength = 1400;
// The observation domain of the exporter's statistics sent during the run:
// RFC 7011 section 3.1 keeps 0 for messages about the Exporting Process as
// a whole. Its own sequence numbers, so the flows' domain counts only flows.
constexpr uint32_t kExporterDomain = 0;

class CollectorSession {
  public:
    // `refresh`: how often templates (UDP) and the exporter's statistics
    // go out again; shorter only in tests.
    CollectorSession(CollectorAddress address, uint32_t domain,
                     std::chrono::milliseconds refresh = kTemplateRefresh);

    // Sends the batch; with `final`, ends with the exporter's own counts.
    // Every `refresh` those counts also go in a message of their own, in
    // kExporterDomain (when the flows use another domain; see docs/ipfix.md).
    void send(const EncodedBatch &batch, bool final);

    const std::string &name() const { return address_.text; }
    uint64_t not_sent() const { return not_sent_; }
    // Times a socket was opened or tried (each resolves the name again).
    uint64_t open_attempts() const { return open_attempts_; }

  private:
    bool ready(); // a socket, or a new one when the backoff allows
    bool connect_socket();
    void begin_message();
    void flush();
    bool transmit(const std::vector<uint8_t> &msg);
    void lost(const std::string &what, int err); // "what: strerror(err)"
    void lost(const std::string &problem);
    void add_stats_record();
    void send_periodic_stats();
    std::vector<uint8_t> stats_record() const;

    CollectorAddress address_;
    uint32_t domain_;
    std::chrono::milliseconds refresh_;
    Fd fd_;
    MessageBuilder builder_;
    const std::vector<uint8_t> template_sets_;
    // The statistics messages in kExporterDomain: their own sequence.
    MessageBuilder stats_builder_;
    const std::vector<uint8_t> options_template_set_;
    uint32_t stats_sequence_ = 0;
    bool stats_template_sent_ = false; // in this transport session
    std::chrono::steady_clock::time_point stats_at_{};
    uint32_t sequence_ = 0; // data records sent in this transport session
    bool templates_due_ = true;
    uint64_t messages_since_templates_ = 0;
    std::chrono::steady_clock::time_point templates_at_{};
    // Outage handling.
    bool down_ = false; // reported, not yet recovered
    std::chrono::steady_clock::time_point retry_at_{};
    std::chrono::seconds backoff_{1};
    uint64_t open_attempts_ = 0;
    std::chrono::steady_clock::time_point down_since_{};
    uint64_t not_sent_at_down_ = 0; // not_sent_ when the outage began
    // The exporter's own counts, as sent in its options record.
    uint64_t messages_ = 0;
    uint64_t flow_records_ = 0;
    uint64_t not_sent_ = 0;
    uint64_t ignored_packets_ = 0;
    uint64_t ignored_bytes_ = 0;
    size_t stats_in_message_ = 0;
};

} // namespace netmon::ipfix
