#include <gtest/gtest.h>

#include "cli/finite_number.h"

namespace {

using netmon::cli::check_finite;

TEST(FiniteNumber, AcceptsFiniteNumbers)
{
    for (const char *text : {"0", "1", "0.05", "-3", "1e7", "1e-400", "0x10"})
        EXPECT_EQ(check_finite(text), "") << text;
}

TEST(FiniteNumber, RejectsNanAndInfinityInEverySpelling)
{
    for (const char *text : {"nan", "NaN", "-nan", "nan(0x1)", "inf", "-inf", "Infinity", "1e999"})
        EXPECT_EQ(check_finite(text), std::string("Value ") + text + " is not a finite number")
            << text;
}

TEST(FiniteNumber, LeavesNonNumbersToCli11)
{
    EXPECT_EQ(check_finite("abc"), "");
    EXPECT_EQ(check_finite(""), "");
}

// The validator in an option: CLI11's Range alone lets nan through.
TEST(FiniteNumber, StopsNanThatRangeAlonePasses)
{
    double value = 1;
    CLI::App plain;
    plain.add_option("--x", value)->check(CLI::Range(0.05, 3600.0));
    EXPECT_NO_THROW(plain.parse(std::vector<std::string>{"nan", "--x"}));

    CLI::App checked;
    checked.add_option("--x", value)
        ->check(netmon::cli::finite_number())
        ->check(CLI::Range(0.05, 3600.0));
    EXPECT_THROW(checked.parse(std::vector<std::string>{"nan", "--x"}), CLI::ValidationError);
    EXPECT_NO_THROW(checked.parse(std::vector<std::string>{"2.5", "--x"}));
    EXPECT_EQ(value, 2.5);
}

} // namespace
