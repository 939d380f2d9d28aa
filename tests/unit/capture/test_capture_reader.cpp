// CaptureReader on pcap and pcapng files written here byte by byte: the
// formats it reads, the timestamps it gives, and every kind of bad input.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <pcap/pcap.h>
#include <string>
#include <vector>

#include "capture/capture_reader.h"
#include "core/error.h"

using netmon::capture::CaptureReader;
using Bytes = std::vector<uint8_t>;

namespace {

// A fresh directory, removed with everything in it.
class TempDir {
  public:
    TempDir()
    {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "netmon-capture-XXXXXX").string();
        if (!mkdtemp(pattern.data()))
            throw std::runtime_error("mkdtemp failed");
        path_ = pattern;
    }
    ~TempDir() { std::filesystem::remove_all(path_); }
    std::string file(const std::string &name) const { return (path_ / name).string(); }

  private:
    std::filesystem::path path_;
};

void write_file(const std::string &path, const Bytes &bytes)
{
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char *>(bytes.data()), std::streamsize(bytes.size()));
}

// Appends integers in the byte order of the file being built.
class ByteWriter {
  public:
    explicit ByteWriter(bool big_endian) : big_endian_(big_endian) {}
    void u16(uint16_t v) { put(v, 2); }
    void u32(uint32_t v) { put(v, 4); }
    void bytes(const Bytes &b) { out_.insert(out_.end(), b.begin(), b.end()); }
    void pad_to_4()
    {
        while (out_.size() % 4)
            out_.push_back(0);
    }
    Bytes take() { return std::move(out_); }

  private:
    void put(uint64_t v, int width)
    {
        for (int i = 0; i < width; i++) {
            int shift = big_endian_ ? 8 * (width - 1 - i) : 8 * i;
            out_.push_back(uint8_t(v >> shift));
        }
    }
    bool big_endian_;
    Bytes out_;
};

struct Record {
    uint32_t seconds;
    uint32_t fraction; // us or ns, as the file says
    Bytes data;        // the captured bytes
    uint32_t length;   // on the wire; 0: data.size()
};

// A classic pcap file (format 2.4).
Bytes classic_pcap(const std::vector<Record> &records, bool big_endian = false,
                   bool nanosecond = false, uint32_t link_type = 1)
{
    ByteWriter w(big_endian);
    w.u32(nanosecond ? 0xa1b23c4d : 0xa1b2c3d4);
    w.u16(2);
    w.u16(4);
    w.u32(0); // thiszone
    w.u32(0); // sigfigs
    w.u32(65535);
    w.u32(link_type);
    for (const auto &r : records) {
        w.u32(r.seconds);
        w.u32(r.fraction);
        w.u32(uint32_t(r.data.size()));
        w.u32(r.length ? r.length : uint32_t(r.data.size()));
        w.bytes(r.data);
    }
    return w.take();
}

// Little-endian pcapng blocks.
Bytes pcapng_block(uint32_t type, const Bytes &body)
{
    ByteWriter w(false);
    Bytes padded = body;
    while (padded.size() % 4)
        padded.push_back(0);
    uint32_t total = uint32_t(12 + padded.size());
    w.u32(type);
    w.u32(total);
    w.bytes(padded);
    w.u32(total);
    return w.take();
}

Bytes section_header()
{
    ByteWriter w(false);
    w.u32(0x1a2b3c4d);
    w.u16(1);
    w.u16(0);
    w.u32(0xffffffff); // section length unknown
    w.u32(0xffffffff);
    return pcapng_block(0x0a0d0d0a, w.take());
}

// An interface; with nanosecond, an if_tsresol option of 10^-9.
Bytes interface_description(uint16_t link_type, bool nanosecond = false)
{
    ByteWriter w(false);
    w.u16(link_type);
    w.u16(0);
    w.u32(65535);
    if (nanosecond) {
        w.u16(9); // if_tsresol
        w.u16(1);
        w.bytes({9});
        w.pad_to_4();
        w.u32(0); // opt_endofopt
    }
    return pcapng_block(1, w.take());
}

Bytes enhanced_packet(uint32_t interface_id, uint64_t timestamp, const Bytes &data,
                      uint32_t length = 0)
{
    ByteWriter w(false);
    w.u32(interface_id);
    w.u32(uint32_t(timestamp >> 32));
    w.u32(uint32_t(timestamp));
    w.u32(uint32_t(data.size()));
    w.u32(length ? length : uint32_t(data.size()));
    w.bytes(data);
    return pcapng_block(6, w.take());
}

Bytes concat(const std::vector<Bytes> &parts)
{
    Bytes out;
    for (const auto &p : parts)
        out.insert(out.end(), p.begin(), p.end());
    return out;
}

// An Ethernet frame whose every byte is `tag`, so frames tell apart.
Bytes frame_tagged(uint8_t tag, size_t size = 60) { return Bytes(size, tag); }

Bytes bytes_of(const netmon::capture::CapturedFrame &f)
{
    return Bytes(f.ethernet.begin(), f.ethernet.end());
}

// The message of the netmon::Error `action` throws; fails if none or another.
template <typename Action> std::string error_of(Action action)
{
    try {
        action();
    } catch (const netmon::Error &e) {
        EXPECT_EQ(e.exit_code(), netmon::kExitUsage);
        return e.what();
    }
    ADD_FAILURE() << "no netmon::Error thrown";
    return "";
}

std::string open_error(const std::string &path)
{
    return error_of([&] { CaptureReader::open(path); });
}

// Reads to the end; returns the frames' tags (first byte) and the error.
struct ReadAll {
    std::vector<uint8_t> tags;
    std::string error;
};
ReadAll read_all(const std::string &path)
{
    ReadAll result;
    auto reader = CaptureReader::open(path);
    result.error = error_of([&] {
        while (auto frame = reader.next())
            result.tags.push_back(frame->ethernet.empty() ? 0 : frame->ethernet[0]);
    });
    return result;
}

// gmock is not linked: two small predicates that print the text on failure.
::testing::AssertionResult StartsWith(const std::string &text, const std::string &prefix)
{
    if (text.rfind(prefix, 0) == 0)
        return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure()
           << "\"" << text << "\"\ndoes not start with\n\"" << prefix << "\"";
}
::testing::AssertionResult Contains(const std::string &text, const std::string &part)
{
    if (text.find(part) != std::string::npos)
        return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure()
           << "\"" << text << "\"\ndoes not contain \"" << part << "\"";
}

} // namespace

// ---- Bad input ----------------------------------------------------------

TEST(CaptureReaderBadInput, MissingFile)
{
    TempDir dir;
    auto path = dir.file("nope.pcap");
    EXPECT_EQ(open_error(path), path + ": cannot open: No such file or directory");
}

TEST(CaptureReaderBadInput, Directory)
{
    TempDir dir;
    auto path = dir.file("");
    EXPECT_EQ(open_error(path), path + ": is a directory, not a capture file");
}

TEST(CaptureReaderBadInput, EmptyFile)
{
    TempDir dir;
    auto path = dir.file("empty.pcap");
    write_file(path, {});
    EXPECT_EQ(open_error(path), path + ": is empty, not a pcap or pcapng capture");
}

TEST(CaptureReaderBadInput, GarbageFile)
{
    TempDir dir;
    auto path = dir.file("garbage.pcap");
    std::string text = "this is a text file, not a capture at all\n";
    write_file(path, Bytes(text.begin(), text.end()));
    EXPECT_EQ(open_error(path),
              path + ": not a readable pcap or pcapng capture (unknown file format)");
}

TEST(CaptureReaderBadInput, FileHeaderCutShort)
{
    TempDir dir;
    auto path = dir.file("header.pcap");
    Bytes bytes = classic_pcap({});
    bytes.resize(10);
    write_file(path, bytes);
    auto message = open_error(path);
    EXPECT_TRUE(StartsWith(message, path + ": not a readable pcap or pcapng capture ("));
    EXPECT_TRUE(Contains(message, "truncated"));
}

TEST(CaptureReaderBadInput, CutInsideAPacketDeliversTheFramesBefore)
{
    TempDir dir;
    auto path = dir.file("cut.pcap");
    Bytes bytes =
        classic_pcap({{1, 0, frame_tagged(1)}, {2, 0, frame_tagged(2)}, {3, 0, frame_tagged(3)}});
    bytes.resize(bytes.size() - 30); // half of the third frame's data
    write_file(path, bytes);

    auto result = read_all(path);
    EXPECT_EQ(result.tags, (std::vector<uint8_t>{1, 2}));
    EXPECT_TRUE(StartsWith(result.error, path + ": cut short or corrupt after 2 frames ("));
    EXPECT_TRUE(Contains(result.error, "truncated dump file"));
}

TEST(CaptureReaderBadInput, CutInsideARecordHeaderDeliversTheFramesBefore)
{
    TempDir dir;
    auto path = dir.file("cut-header.pcap");
    Bytes bytes = classic_pcap({{1, 0, frame_tagged(1)}, {2, 0, frame_tagged(2)}});
    bytes.resize(bytes.size() - 60 - 8); // 8 of the 16 record-header bytes remain
    write_file(path, bytes);

    auto result = read_all(path);
    EXPECT_EQ(result.tags, (std::vector<uint8_t>{1}));
    EXPECT_TRUE(StartsWith(result.error, path + ": cut short or corrupt after 1 frame ("));
}

TEST(CaptureReaderBadInput, CutPcapngDeliversTheFramesBefore)
{
    TempDir dir;
    auto path = dir.file("cut.pcapng");
    Bytes bytes =
        concat({section_header(), interface_description(1), enhanced_packet(0, 1, frame_tagged(7)),
                enhanced_packet(0, 2, frame_tagged(8))});
    bytes.resize(bytes.size() - 20);
    write_file(path, bytes);

    auto result = read_all(path);
    EXPECT_EQ(result.tags, (std::vector<uint8_t>{7}));
    EXPECT_TRUE(StartsWith(result.error, path + ": cut short or corrupt after 1 frame ("));
}

TEST(CaptureReaderBadInput, RecordLongerThanAnyFrameIsCorrupt)
{
    TempDir dir;
    auto path = dir.file("huge.pcap");
    Bytes bytes = classic_pcap({{1, 0, frame_tagged(1)}});
    // Overwrite the record's caplen with 1 GiB: no such frame exists.
    for (int i = 0; i < 4; i++)
        bytes[24 + 8 + i] = uint8_t(0x40000000u >> (8 * i));
    write_file(path, bytes);

    auto result = read_all(path);
    EXPECT_TRUE(result.tags.empty());
    EXPECT_TRUE(StartsWith(result.error, path + ": cut short or corrupt after 0 frames ("));
}

// A 54-byte frame claiming 0xffffffff bytes on the wire was counted as
// 4 GiB of traffic.
TEST(CaptureReaderBadInput, ImpossibleWireLengthIsACorruptRecord)
{
    TempDir dir;
    auto path = dir.file("wire.pcap");
    write_file(path, classic_pcap({{1, 0, frame_tagged(1)},
                                   {2, 0, frame_tagged(2, 54), 0xffffffff},
                                   {3, 0, frame_tagged(3)}}));
    auto result = read_all(path);
    EXPECT_EQ(result.tags, (std::vector<uint8_t>{1}));
    EXPECT_EQ(result.error, path + ": corrupt record: frame 2 claims 4294967295 bytes on the wire "
                                   "for 54 captured (possible: from the captured length to "
                                   "1048576); stopped after 1 frame");

    // The same in pcapng, and a wire length below the captured one.
    path = dir.file("wire.pcapng");
    write_file(path, concat({section_header(), interface_description(1),
                             enhanced_packet(0, 1, frame_tagged(4, 54), 0xffffffff)}));
    result = read_all(path);
    EXPECT_TRUE(result.tags.empty());
    EXPECT_TRUE(StartsWith(result.error, path + ": corrupt record: frame 1 claims 4294967295"));
    path = dir.file("shorter.pcap");
    write_file(path, classic_pcap({{1, 0, frame_tagged(5, 60), 20}}));
    EXPECT_TRUE(Contains(read_all(path).error, "frame 1 claims 20 bytes on the wire for 60"));
}

TEST(CaptureReader, LargestPlausibleWireLengthIsCounted)
{
    // A BIG TCP GSO packet: 512 KiB on the wire, 64 KiB captured.
    TempDir dir;
    auto path = dir.file("big.pcap");
    write_file(path, classic_pcap({{1, 0, frame_tagged(6, 1000), 524288 + 54},
                                   {2, 0, frame_tagged(7, 60), netmon::capture::kMaxWireLength}}));
    auto reader = CaptureReader::open(path);
    EXPECT_EQ(reader.next()->original_length, 524288u + 54);
    EXPECT_EQ(reader.next()->original_length, netmon::capture::kMaxWireLength);
    EXPECT_FALSE(reader.next());
}

TEST(CaptureReaderBadInput, UnsupportedLinkTypeIsNamed)
{
    TempDir dir;
    auto path = dir.file("wifi.pcap");
    write_file(path, classic_pcap({{1, 0, frame_tagged(1)}}, false, false, 127));
    EXPECT_EQ(open_error(path), path + ": link type IEEE802_11_RADIO (127) is not supported; "
                                       "supported: EN10MB, LINUX_SLL, LINUX_SLL2, RAW, IPV4, IPV6");
}

TEST(CaptureReaderBadInput, PcapngMixingLinkTypesSaysSo)
{
    TempDir dir;
    auto path = dir.file("mixed.pcapng");
    write_file(path, concat({section_header(), interface_description(1),
                             enhanced_packet(0, 1, frame_tagged(1)),
                             interface_description(113), // Linux cooked
                             enhanced_packet(1, 2, frame_tagged(2))}));
    auto result = read_all(path);
    EXPECT_EQ(result.tags, (std::vector<uint8_t>{1}));
    EXPECT_TRUE(StartsWith(result.error,
                           path + ": the capture mixes link types: an interface has link type "
                                  "113, the first one EN10MB (1); "));
    EXPECT_TRUE(Contains(result.error, "stopped after 1 frame"));
}

// ---- Valid files --------------------------------------------------------

TEST(CaptureReader, PcapWithZeroPacketsEndsAtOnce)
{
    TempDir dir;
    auto path = dir.file("none.pcap");
    write_file(path, classic_pcap({}));
    auto reader = CaptureReader::open(path);
    EXPECT_EQ(reader.link_type_name(), "EN10MB");
    EXPECT_FALSE(reader.next());
    EXPECT_EQ(reader.frames_read(), 0u);
}

TEST(CaptureReader, MicrosecondPcapInBothByteOrders)
{
    for (bool big_endian : {false, true}) {
        SCOPED_TRACE(big_endian ? "big endian" : "little endian");
        TempDir dir;
        auto path = dir.file("us.pcap");
        write_file(path, classic_pcap({{1700000000, 654321, frame_tagged(1)},
                                       {1700000001, 0, frame_tagged(2, 100)}},
                                      big_endian));
        auto reader = CaptureReader::open(path);
        auto first = reader.next();
        ASSERT_TRUE(first);
        EXPECT_EQ(first->timestamp_ns, 1700000000'654321000u);
        EXPECT_EQ(first->original_length, 60u);
        EXPECT_EQ(bytes_of(*first), frame_tagged(1));
        auto second = reader.next();
        ASSERT_TRUE(second);
        EXPECT_EQ(second->timestamp_ns, 1700000001'000000000u);
        EXPECT_EQ(bytes_of(*second), frame_tagged(2, 100));
        EXPECT_FALSE(reader.next());
        EXPECT_EQ(reader.frames_read(), 2u);
    }
}

TEST(CaptureReader, NanosecondPcapInBothByteOrdersKeepsNanoseconds)
{
    for (bool big_endian : {false, true}) {
        SCOPED_TRACE(big_endian ? "big endian" : "little endian");
        TempDir dir;
        auto path = dir.file("ns.pcap");
        write_file(path,
                   classic_pcap({{1700000000, 123456789, frame_tagged(1)}}, big_endian, true));
        auto reader = CaptureReader::open(path);
        auto frame = reader.next();
        ASSERT_TRUE(frame);
        EXPECT_EQ(frame->timestamp_ns, 1700000000'123456789u);
    }
}

TEST(CaptureReader, NanosecondPcapWrittenByLibpcapKeepsNanoseconds)
{
    TempDir dir;
    auto path = dir.file("dumped.pcap");
    pcap_t *dead =
        pcap_open_dead_with_tstamp_precision(DLT_EN10MB, 65535, PCAP_TSTAMP_PRECISION_NANO);
    pcap_dumper_t *dumper = pcap_dump_open(dead, path.c_str());
    ASSERT_NE(dumper, nullptr) << pcap_geterr(dead);
    Bytes data = frame_tagged(5);
    pcap_pkthdr header{};
    header.ts = {1700000000, 999999999}; // tv_usec holds ns at nano precision
    header.caplen = header.len = uint32_t(data.size());
    pcap_dump(reinterpret_cast<u_char *>(dumper), &header, data.data());
    pcap_dump_close(dumper);
    pcap_close(dead);

    auto reader = CaptureReader::open(path);
    auto frame = reader.next();
    ASSERT_TRUE(frame);
    EXPECT_EQ(frame->timestamp_ns, 1700000000'999999999u);
    EXPECT_EQ(bytes_of(*frame), data);
}

TEST(CaptureReader, ShortCaptureDeliversCapturedBytesAndWireLength)
{
    TempDir dir;
    auto path = dir.file("snap.pcap");
    write_file(path, classic_pcap({{1, 0, frame_tagged(3, 64), 1514}}));
    auto reader = CaptureReader::open(path);
    auto frame = reader.next();
    ASSERT_TRUE(frame);
    EXPECT_EQ(frame->ethernet.size(), 64u);
    EXPECT_EQ(frame->original_length, 1514u);
}

TEST(CaptureReader, PcapngWithSeveralSectionsAndInterfaces)
{
    TempDir dir;
    auto path = dir.file("multi.pcapng");
    // Section 1: two interfaces, microsecond (default) and nanosecond.
    // Section 2: interface numbering restarts.
    write_file(path, concat({
                         section_header(),
                         interface_description(1),
                         interface_description(1, true),
                         enhanced_packet(0, 1700000000'000001ull, frame_tagged(1)),
                         enhanced_packet(1, 1700000000'000000002ull, frame_tagged(2), 1500),
                         section_header(),
                         interface_description(1, true),
                         enhanced_packet(0, 1700000005'000000003ull, frame_tagged(3, 70)),
                     }));
    auto reader = CaptureReader::open(path);
    std::vector<std::pair<uint64_t, uint32_t>> seen; // timestamp, length
    while (auto frame = reader.next()) {
        seen.emplace_back(frame->timestamp_ns, frame->original_length);
        EXPECT_EQ(frame->ethernet[0], seen.size());
    }
    EXPECT_EQ(seen, (std::vector<std::pair<uint64_t, uint32_t>>{
                        {1700000000'000001000ull, 60},
                        {1700000000'000000002ull, 1500},
                        {1700000005'000000003ull, 70},
                    }));
    EXPECT_EQ(reader.frames_read(), 3u);
}
