// Command-line rough edges: one-line errors with a hint and a suggestion,
// and the filter file read as text.
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

#include "cli/filter_file.h"
#include "cli/parse_errors.h"
#include "core/error.h"

using namespace netmon;
using namespace netmon::cli;

namespace {

const std::vector<std::string> kKnown = {"--json",     "--interval", "--top",         "--plain",
                                         "--duration", "--filter",   "--filter-file", "--help"};

std::string write_file(const std::string &name, const std::string &content)
{
    std::string path = testing::TempDir() + "/" + name;
    std::ofstream(path, std::ios::binary) << content;
    return path;
}

} // namespace

TEST(CliErrors, SuggestsTheClosestOptionForATypo)
{
    EXPECT_EQ(closest_option("--jsno", kKnown), "--json");
    EXPECT_EQ(closest_option("--durations", kKnown), "--duration");
    EXPECT_EQ(closest_option("--intreval", kKnown), "--interval");
    EXPECT_EQ(closest_option("--verbosity-level", kKnown), "");
    EXPECT_EQ(closest_option("--x", kKnown), "");
}

TEST(CliErrors, UnknownOptionsAreOneLineWithASuggestionAndAHint)
{
    const std::string line = one_line_parse_error(
        "The following arguments were not expected: --jsno\nRun with --help for more information.",
        "ExtrasError", kKnown, {}, "attach");
    EXPECT_EQ(line, "unknown option --jsno (did you mean --json?); see 'netmon-xdp attach --help'");
    EXPECT_EQ(one_line_parse_error("The following argument was not expected: --zzzzzz",
                                   "ExtrasError", kKnown, {}, ""),
              "unknown option --zzzzzz; see 'netmon-xdp --help'");
}

TEST(CliErrors, AnOptionOfAnotherSubcommandIsNamedAsSuch)
{
    const std::vector<ForeignOption> foreign = {{"--summary-only", "replay"}};
    EXPECT_EQ(one_line_parse_error("The following argument was not expected: --summary-only",
                                   "ExtrasError", kKnown, foreign, "attach"),
              "unknown option --summary-only (an option of replay, not attach); see 'netmon-xdp "
              "attach --help'");
    // A typo of one of the command's own options is still suggested.
    EXPECT_EQ(one_line_parse_error("The following argument was not expected: --jsno", "ExtrasError",
                                   kKnown, foreign, "attach"),
              "unknown option --jsno (did you mean --json?); see 'netmon-xdp attach --help'");
}

TEST(CliErrors, UnknownArgumentsAreQuotedWithoutControlBytes)
{
    const std::string line = one_line_parse_error(
        "The following argument was not expected: --x\x1b[2J", "ExtrasError", kKnown, {}, "");
    EXPECT_EQ(line.find('\x1b'), std::string::npos) << line;
}

TEST(CliErrors, AnUnknownSubcommandIsNamedWithTheClosest)
{
    const std::vector<std::string> subs = {"attach", "detach", "replay", "clickhouse-schema"};
    EXPECT_EQ(unknown_subcommand_error("atach", subs),
              "unknown subcommand 'atach' (did you mean attach?); see 'netmon-xdp --help'");
    EXPECT_EQ(unknown_subcommand_error("Replay", subs),
              "unknown subcommand 'Replay' (did you mean replay?); see 'netmon-xdp --help'");
    EXPECT_EQ(unknown_subcommand_error("frobnicate", subs),
              "unknown subcommand 'frobnicate' (subcommands: attach detach replay "
              "clickhouse-schema); see 'netmon-xdp --help'");
}

TEST(CliErrors, OtherErrorsAreJoinedIntoOneLine)
{
    const std::string line =
        one_line_parse_error("--duration: must be a number of seconds above 0, not -1\nRun with "
                             "--help for more information.",
                             "ValidationError", kKnown, {}, "attach");
    EXPECT_EQ(line.find('\n'), std::string::npos);
    EXPECT_EQ(line,
              "--duration: must be a number of seconds above 0, not -1 Run with --help for more "
              "information; see 'netmon-xdp attach --help'");
}

TEST(FilterFile, StripsTheTrailingNewline)
{
    EXPECT_EQ(read_filter_file(write_file("f1", "tcp port 80\n")), "tcp port 80");
    EXPECT_EQ(read_filter_file(write_file("f2", "tcp\nand port 80\r\n\n")), "tcp\nand port 80");
}

// /dev/zero and /dev/urandom were read until the OOM killer came.
TEST(FilterFile, RefusesDevicesFifosAndHugeFiles)
{
    auto error_of = [](const std::string &path) {
        try {
            read_filter_file(path);
        } catch (const Error &e) {
            EXPECT_EQ(e.exit_code(), kExitUsage);
            return std::string(e.what());
        }
        ADD_FAILURE() << path << " was read";
        return std::string();
    };
    EXPECT_EQ(error_of("/dev/zero"),
              "--filter-file '/dev/zero': a character device, not a regular file");
    EXPECT_EQ(error_of("/dev/urandom"),
              "--filter-file '/dev/urandom': a character device, not a regular file");
    const std::string fifo = testing::TempDir() + "/filter-fifo";
    unlink(fifo.c_str());
    ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
    EXPECT_NE(error_of(fifo).find("a FIFO, not a regular file"), std::string::npos);
    unlink(fifo.c_str());
    const std::string big = write_file("f-big", std::string(kMaxFilterFileBytes + 1, ' '));
    EXPECT_EQ(error_of(big), "--filter-file '" + big +
                                 "': larger than 1 MiB, the most this option reads (is it the "
                                 "right file?)");
    // Appended, not `std::string(n, ' ') + "tcp"`: GCC 12 warns falsely on
    // that operator+ (-Warray-bounds, its bug 105651) once inlined.
    std::string cap_text(kMaxFilterFileBytes - 3, ' ');
    cap_text += "tcp";
    const std::string at_cap = write_file("f-cap", cap_text);
    EXPECT_EQ(read_filter_file(at_cap).size(), kMaxFilterFileBytes);
}

TEST(FilterFile, RefusesBinaryWithoutEchoingIt)
{
    const std::string path = write_file("f3", std::string("tcp\0\x01\x7f"
                                                          "SECRETBYTES",
                                                          16));
    try {
        read_filter_file(path);
        FAIL() << "a binary file was accepted";
    } catch (const Error &e) {
        const std::string what = e.what();
        EXPECT_EQ(e.exit_code(), kExitUsage);
        EXPECT_NE(what.find("is not text (control byte 0x00 at offset 3)"), std::string::npos)
            << what;
        EXPECT_EQ(what.find("SECRETBYTES"), std::string::npos) << what;
    }
}
