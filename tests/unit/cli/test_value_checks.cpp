// Option values refused with the words of their kind: a whole number, a
// number of seconds, a value that may not be empty.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>

#include "cli/option_names.h"
#include "cli/value_checks.h"

using namespace netmon::cli;

namespace {

// What the check says of `value`: "" when it accepts it.
std::string refusal(const CLI::Validator &check, std::string value) { return check(value); }

} // namespace

TEST(ValueChecks, RangeSaysWhatKindOfNumberItWants)
{
    const CLI::Validator top = range(0, 1000);
    EXPECT_EQ(refusal(top, "10"), "");
    EXPECT_EQ(refusal(top, "1.5"), "must be a whole number between 0 and 1000, not '1.5'");
    EXPECT_EQ(refusal(top, "1001"), "must be between 0 and 1000, not 1001");
    EXPECT_EQ(refusal(range<uint32_t>(0u, UINT32_MAX), "-1"),
              "must be a whole number between 0 and 4294967295, not '-1'");
    EXPECT_EQ(refusal(range(0.05, 3600.0), "abc"),
              "must be a number between 0.05 and 3600, not 'abc'");
}

TEST(ValueChecks, SecondsAreAboveZeroAndBelowABillion)
{
    const CLI::Validator seconds = positive_seconds();
    EXPECT_EQ(refusal(seconds, "0.5"), "");
    EXPECT_EQ(refusal(seconds, "0"), "must be a number of seconds above 0, not 0");
    EXPECT_EQ(refusal(seconds, "99999999999"),
              "must be below 1e9 seconds (about 31 years), not 99999999999");
    EXPECT_EQ(refusal(seconds, ""), "must be a number of seconds, not ''");
}

TEST(ValueChecks, QuotedValuesKeepToOneLine)
{
    const std::string said = refusal(range(0, 10), "1\n\x1b[2J");
    EXPECT_EQ(said.find('\n'), std::string::npos) << said;
    EXPECT_EQ(said.find('\x1b'), std::string::npos) << said;
}

TEST(ValueChecks, NonEmptyNamesWhatIsMissing)
{
    EXPECT_EQ(refusal(non_empty("file name"), ""), "needs a file name");
    EXPECT_EQ(refusal(non_empty("file name"), "x.toml"), "");
}

TEST(OptionNames, AnotherSubcommandsOptionsAreForeign)
{
    CLI::App app;
    CLI::App *attach = app.add_subcommand("attach");
    CLI::App *replay = app.add_subcommand("replay");
    bool flag = false;
    attach->add_flag("--json", flag);
    attach->add_flag("--force", flag);
    replay->add_flag("--json", flag);
    replay->add_flag("--summary-only", flag);

    const auto known = known_options(app, "attach");
    EXPECT_NE(std::find(known.begin(), known.end(), "--force"), known.end());
    EXPECT_EQ(std::find(known.begin(), known.end(), "--summary-only"), known.end());
    const auto foreign = foreign_options(app, "attach");
    ASSERT_EQ(foreign.size(), 1u); // --json is attach's too
    EXPECT_EQ(foreign[0].option, "--summary-only");
    EXPECT_EQ(foreign[0].subcommand, "replay");
}
