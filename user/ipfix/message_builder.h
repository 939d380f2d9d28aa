// Packs sets into one IPFIX Message (RFC 7011 section 3.1) no longer than a
// limit: the caller starts a new message when a record no longer fits.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace netmon::ipfix {

constexpr size_t kMessageHeaderLength = 16;
constexpr size_t kSetHeaderLength = 4;

class MessageBuilder {
  public:
    MessageBuilder(uint32_t domain, size_t max_length) : domain_(domain), max_(max_length) {}

    // Begins a message; `sequence` counts the data records sent before it
    // in this transport session and observation domain.
    void start(uint32_t export_time_s, uint32_t sequence);

    // Appends whole sets (the template sets). False, and nothing added,
    // when they do not fit.
    bool add_sets(const std::vector<uint8_t> &sets);

    // Appends a data record to the open data set of its template, or opens
    // one. False, and nothing added, when it does not fit.
    bool add_record(uint16_t template_id, const uint8_t *data, size_t length);

    size_t data_records() const { return records_; }
    bool has_sets() const { return buf_.size() > kMessageHeaderLength; }

    // The finished message (lengths patched). start() again to reuse.
    const std::vector<uint8_t> &finish();

  private:
    void close_set();

    uint32_t domain_;
    size_t max_;
    std::vector<uint8_t> buf_;
    size_t set_start_ = 0; // of the open data set; 0: none open
    uint16_t set_template_ = 0;
    size_t records_ = 0;
};

} // namespace netmon::ipfix
