// CaptureReader against the real captures in ../shared/pcaps/: every file is
// read, or refused for its link type, and frame count and bytes agree with
// tshark's.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "capture/capture_reader.h"
#include "core/error.h"
#include "support/shared_pcaps.h"

namespace fs = std::filesystem;
using netmon::capture::CaptureReader;

namespace {

const char *kTshark = "/usr/bin/tshark";

struct Totals {
    uint64_t frames = 0;
    uint64_t bytes = 0;
    bool operator==(const Totals &) const = default;
};

std::vector<fs::path> capture_files()
{
    std::vector<fs::path> files;
    for (const auto &entry : fs::directory_iterator(netmon::test::shared_pcaps_dir())) {
        auto ext = entry.path().extension();
        if (entry.is_regular_file() && (ext == ".pcap" || ext == ".pcapng" || ext == ".cap"))
            files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    return files;
}

// What tshark counts: one line per frame, holding frame.len.
Totals tshark_totals(const fs::path &file)
{
    std::string quoted = "'";
    for (char c : file.string())
        quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    quoted += "'";
    std::string command =
        std::string(kTshark) + " -n -r " + quoted + " -T fields -e frame.len 2>/dev/null";
    std::unique_ptr<FILE, int (*)(FILE *)> pipe(popen(command.c_str(), "r"), pclose);
    Totals totals;
    unsigned long long length = 0;
    while (pipe && std::fscanf(pipe.get(), "%llu", &length) == 1) {
        totals.frames++;
        totals.bytes += length;
    }
    return totals;
}

// tshark takes most of a second per file: run it on all cores.
std::vector<Totals> tshark_totals_of(const std::vector<fs::path> &files)
{
    std::vector<Totals> totals(files.size());
    std::atomic<size_t> next{0};
    std::vector<std::thread> workers;
    unsigned count = std::max(2u, std::thread::hardware_concurrency());
    for (unsigned i = 0; i < count; i++)
        workers.emplace_back([&] {
            for (size_t n; (n = next++) < files.size();)
                totals[n] = tshark_totals(files[n]);
        });
    for (auto &w : workers)
        w.join();
    return totals;
}

} // namespace

TEST(CaptureReaderSharedPcaps, EveryFileReadsLikeTsharkOrIsRefusedForItsLinkType)
{
    NETMON_NEED_SHARED_PCAPS();
    auto files = capture_files();
    ASSERT_FALSE(files.empty()) << "no .pcap/.pcapng/.cap in " << netmon::test::shared_pcaps_dir();

    std::vector<Totals> ours(files.size());
    std::vector<bool> supported(files.size(), true);
    for (size_t i = 0; i < files.size(); i++) {
        SCOPED_TRACE(files[i].string());
        try {
            auto reader = CaptureReader::open(files[i].string());
            while (auto frame = reader.next()) {
                ours[i].frames++;
                ours[i].bytes += frame->original_length;
            }
        } catch (const netmon::Error &e) {
            std::string message = e.what();
            supported[i] = false;
            EXPECT_NE(message.find(" is not supported; supported: "), std::string::npos) << message;
        }
    }

    if (!fs::exists(kTshark))
        GTEST_SKIP() << kTshark << " not installed: files read, not compared with tshark";
    auto theirs = tshark_totals_of(files);
    for (size_t i = 0; i < files.size(); i++) {
        if (!supported[i])
            continue;
        SCOPED_TRACE(files[i].string());
        EXPECT_EQ(ours[i].frames, theirs[i].frames);
        EXPECT_EQ(ours[i].bytes, theirs[i].bytes);
    }
}
