// CaptureReader against the real captures in ../shared/pcaps/: every file is
// read, or refused for its link type, and frame count and bytes agree with
// tshark's (its dissection from the corpus cache).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
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

std::string shell_quoted(const std::string &text)
{
    std::string quoted = "'";
    for (char c : text)
        quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return quoted + "'";
}

// What tshark counts, frames and the sum of frame.len, for each file: from
// the corpus cache (tests/support/corpus_cache.py, $NETMON_CORPUS_CACHE),
// which runs tshark once per capture and tshark version, in parallel when
// ctest fills it first (corpus.fill). An empty vector when it fails.
std::vector<Totals> tshark_totals_of(const std::vector<fs::path> &files)
{
    std::string command = "python3 tests/support/corpus_cache.py frame-totals";
    for (const auto &file : files)
        command += " " + shell_quoted(file.string());
    std::unique_ptr<FILE, int (*)(FILE *)> pipe(popen(command.c_str(), "r"), pclose);
    std::vector<Totals> totals;
    unsigned long long frames = 0;
    unsigned long long bytes = 0;
    while (pipe && std::fscanf(pipe.get(), "%llu %llu", &frames, &bytes) == 2)
        totals.push_back({frames, bytes});
    if (!pipe || pclose(pipe.release()) != 0)
        return {};
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
    ASSERT_EQ(theirs.size(), files.size()) << "tests/support/corpus_cache.py frame-totals failed "
                                              "(its error is above; NETMON_CORPUS_CACHE set?)";
    for (size_t i = 0; i < files.size(); i++) {
        if (!supported[i])
            continue;
        SCOPED_TRACE(files[i].string());
        EXPECT_EQ(ours[i].frames, theirs[i].frames);
        EXPECT_EQ(ours[i].bytes, theirs[i].bytes);
    }
}
