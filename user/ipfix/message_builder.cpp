#include "ipfix/message_builder.h"

#include "ipfix/byte_writer.h"

namespace netmon::ipfix {

void MessageBuilder::start(uint32_t export_time_s, uint32_t sequence)
{
    buf_.clear();
    ByteWriter w(buf_);
    w.u16(10); // IPFIX version
    w.u16(0);  // length, patched in finish()
    w.u32(export_time_s);
    w.u32(sequence);
    w.u32(domain_);
    set_start_ = 0;
    set_template_ = 0;
    records_ = 0;
}

void MessageBuilder::close_set()
{
    if (set_start_)
        ByteWriter::patch_u16(buf_, set_start_ + 2,
                              static_cast<uint16_t>(buf_.size() - set_start_));
    set_start_ = 0;
}

bool MessageBuilder::add_sets(const std::vector<uint8_t> &sets)
{
    if (buf_.size() + sets.size() > max_)
        return false;
    close_set();
    buf_.insert(buf_.end(), sets.begin(), sets.end());
    return true;
}

bool MessageBuilder::add_record(uint16_t template_id, const uint8_t *data, size_t length)
{
    const bool same_set = set_start_ && set_template_ == template_id;
    if (buf_.size() + length + (same_set ? 0 : kSetHeaderLength) > max_)
        return false;
    if (!same_set) {
        close_set();
        set_start_ = buf_.size();
        set_template_ = template_id;
        ByteWriter w(buf_);
        w.u16(template_id); // a data set's id is its template's
        w.u16(0);
    }
    buf_.insert(buf_.end(), data, data + length);
    records_++;
    return true;
}

const std::vector<uint8_t> &MessageBuilder::finish()
{
    close_set();
    ByteWriter::patch_u16(buf_, 2, static_cast<uint16_t>(buf_.size()));
    return buf_;
}

} // namespace netmon::ipfix
