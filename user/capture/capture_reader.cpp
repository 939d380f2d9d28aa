#include "capture/capture_reader.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <pcap/pcap.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/error.h"

namespace netmon::capture {

namespace {

struct FileCloser {
    void operator()(FILE *f) const { std::fclose(f); }
};
using FileHandle = std::unique_ptr<FILE, FileCloser>;

std::string display_name(const std::string &path)
{
    return path == kStandardInput ? "standard input" : path;
}

[[noreturn]] void throw_file_error(const std::string &path, const std::string &problem)
{
    throw Error(path + ": " + problem, kExitUsage);
}

// Opened by hand rather than by libpcap, whose messages for these cases
// ("error reading dump file: Is a directory", "truncated dump file; tried to
// read 4 file header bytes, only got 0") do not say what is wrong.
FileHandle open_capture_file(const std::string &path)
{
    FileHandle file;
    if (path == kStandardInput) {
        // A duplicate, so that closing the capture leaves fd 0 alone.
        int fd = dup(STDIN_FILENO);
        if (fd >= 0)
            file.reset(fdopen(fd, "rb"));
        if (!file) {
            const int err = errno;
            if (fd >= 0)
                close(fd);
            throw_file_error(display_name(path), std::string("cannot read: ") + std::strerror(err));
        }
    } else {
        file.reset(std::fopen(path.c_str(), "rb"));
    }
    if (!file)
        throw_file_error(path, std::string("cannot open: ") + std::strerror(errno));
    struct stat st {};
    if (fstat(fileno(file.get()), &st) != 0)
        throw_file_error(display_name(path), std::string("cannot stat: ") + std::strerror(errno));
    if (S_ISDIR(st.st_mode))
        throw_file_error(path, "is a directory, not a capture file");
    if (S_ISREG(st.st_mode) && st.st_size == 0)
        throw_file_error(display_name(path), "is empty, not a pcap or pcapng capture");
    return file;
}

std::string dlt_name(int dlt)
{
    const char *name = pcap_datalink_val_to_name(dlt);
    return name ? name : "UNKNOWN";
}

std::string describe_link_type(int dlt) { return dlt_name(dlt) + " (" + std::to_string(dlt) + ")"; }

uint64_t timestamp_ns(const timeval &ts)
{
    // Opened with PCAP_TSTAMP_PRECISION_NANO: tv_usec holds nanoseconds.
    if (ts.tv_sec < 0)
        return 0; // before 1970: not a time a capture is taken at
    return static_cast<uint64_t>(ts.tv_sec) * 1'000'000'000u + static_cast<uint64_t>(ts.tv_usec);
}

} // namespace

void CaptureReader::PcapCloser::operator()(pcap *p) const { pcap_close(p); }

bool CaptureReader::can_check_ahead(const std::string &path)
{
    if (path == kStandardInput)
        return false;
    struct stat st {};
    // Missing or unreadable: opening it reads nothing, and fails with the reason.
    if (stat(path.c_str(), &st) != 0)
        return true;
    return S_ISREG(st.st_mode) || S_ISDIR(st.st_mode);
}

CaptureReader CaptureReader::open(const std::string &path)
{
    FileHandle file = open_capture_file(path);
    const std::string name = display_name(path);
    char errbuf[PCAP_ERRBUF_SIZE] = "";
    PcapHandle pcap(
        pcap_fopen_offline_with_tstamp_precision(file.get(), PCAP_TSTAMP_PRECISION_NANO, errbuf));
    if (!pcap)
        throw_file_error(name,
                         std::string("not a readable pcap or pcapng capture (") + errbuf + ")");
    [[maybe_unused]] FILE *closed_by_pcap = file.release(); // pcap_close() closes it now

    int dlt = pcap_datalink(pcap.get());
    if (!is_supported_link_type(dlt))
        throw_file_error(name, "link type " + describe_link_type(dlt) +
                                   " is not supported; supported: " + supported_link_types());
    return CaptureReader(name, std::move(pcap));
}

CaptureReader::CaptureReader(std::string path, PcapHandle pcap)
    : path_(std::move(path)), pcap_(std::move(pcap)), link_type_(pcap_datalink(pcap_.get())),
      link_type_name_(dlt_name(link_type_)), rebuilder_(link_type_)
{
}

std::optional<CapturedFrame> CaptureReader::next()
{
    pcap_pkthdr *header = nullptr;
    const u_char *data = nullptr;
    int rc = pcap_next_ex(pcap_.get(), &header, &data);
    if (rc == PCAP_ERROR_BREAK)
        return std::nullopt; // a savefile's clean end
    if (rc != 1)
        throw_read_error();
    if (header->len < header->caplen || header->len > kMaxWireLength)
        throw_file_error(path_, "corrupt record: frame " + std::to_string(frames_read_ + 1) +
                                    " claims " + std::to_string(header->len) +
                                    " bytes on the wire for " + std::to_string(header->caplen) +
                                    " captured (possible: from the captured length to " +
                                    std::to_string(kMaxWireLength) + "); stopped after " +
                                    std::to_string(frames_read_) +
                                    (frames_read_ == 1 ? " frame" : " frames"));
    ++frames_read_;
    return CapturedFrame{
        .timestamp_ns = timestamp_ns(header->ts),
        .original_length = header->len,
        .ethernet = rebuilder_.rebuild({data, header->caplen}, header->len),
    };
}

void CaptureReader::throw_read_error() const
{
    std::string pcap_message = pcap_geterr(pcap_.get());
    std::string after =
        "after " + std::to_string(frames_read_) + (frames_read_ == 1 ? " frame" : " frames");
    unsigned other_type = 0;
    // A pcapng file whose interfaces differ: say what is wrong with the
    // file, not just where libpcap stopped.
    if (std::sscanf(pcap_message.c_str(), "an interface has a type %u different", &other_type) == 1)
        throw_file_error(path_, "the capture mixes link types: an interface has link type " +
                                    std::to_string(other_type) + ", the first one " +
                                    describe_link_type(link_type_) +
                                    "; libpcap reads only captures with one link type; stopped " +
                                    after);
    throw_file_error(path_, "cut short or corrupt " + after + " (" + pcap_message + ")");
}

} // namespace netmon::capture
