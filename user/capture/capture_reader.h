// Reads the frames of a pcap or pcapng file (libpcap) as Ethernet frames,
// for `netmon-xdp replay`.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>

#include "capture/link_rebuild.h"

struct pcap;

namespace netmon::capture {

struct CapturedFrame {
    uint64_t timestamp_ns;    // capture time, Unix epoch ns (ns precision kept)
    uint32_t original_length; // length on the wire (tshark's frame.len)
    // The captured bytes (maybe fewer than original_length) as an Ethernet
    // frame. Valid until the next call to next() or the reader is destroyed.
    std::span<const uint8_t> ethernet;
};

// The longest frame a capture may claim to have seen on the wire. Linux's
// largest packets, BIG TCP GSO ones, are 512 KiB; a record that claims
// more (0xffffffff for a 54-byte frame) is corrupt, not 4 GiB of traffic.
inline constexpr uint32_t kMaxWireLength = 1u << 20;

// The file name that means standard input (`tcpdump -w - | netmon-xdp replay -`).
inline constexpr const char *kStandardInput = "-";

// One open capture file. Every error is a netmon::Error with kExitUsage whose
// message starts with the file name.
class CaptureReader {
  public:
    // Opens a pcap (either byte order, us or ns timestamps) or pcapng file,
    // or standard input for "-". Reads only the file's header: a pipe or a
    // FIFO works, since nothing is read twice. Throws if it cannot be read,
    // is not a capture, or its link type is not supported.
    static CaptureReader open(const std::string &path);

    // Whether open() can check `path` ahead of the run without consuming
    // it: true for regular files (and for paths that cannot be opened),
    // false for "-", pipes, FIFOs and devices, which can be read only once.
    static bool can_check_ahead(const std::string &path);

    // The next frame, or std::nullopt at the clean end of the file. Throws if
    // the file is cut mid-record or corrupt ("<file>: ... after N frames";
    // the N frames before were delivered), which includes a record whose
    // length on the wire is below its captured length or above
    // kMaxWireLength; do not call again after that.
    std::optional<CapturedFrame> next();

    const std::string &path() const { return path_; } // "standard input" for "-"
    int link_type() const { return link_type_; }      // DLT_* value
    const std::string &link_type_name() const { return link_type_name_; }
    uint64_t frames_read() const { return frames_read_; }

  private:
    struct PcapCloser {
        void operator()(pcap *p) const;
    };
    using PcapHandle = std::unique_ptr<pcap, PcapCloser>;

    CaptureReader(std::string path, PcapHandle pcap);
    [[noreturn]] void throw_read_error() const;

    std::string path_;
    PcapHandle pcap_;
    int link_type_;
    std::string link_type_name_;
    EthernetRebuilder rebuilder_;
    uint64_t frames_read_ = 0;
};

} // namespace netmon::capture
