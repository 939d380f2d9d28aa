#include <gtest/gtest.h>

#include <cmath>

#include "output/time_format.h"
#include "output/units.h"

using namespace netmon;

TEST(FormatUnits, RatesUseSiPrefixesWithThreeSignificantDigits)
{
    EXPECT_EQ(format_packet_rate(0), "0.00 pps");
    EXPECT_EQ(format_packet_rate(12), "12.0 pps");
    EXPECT_EQ(format_packet_rate(1234567), "1.23 Mpps");
    EXPECT_EQ(format_bit_rate(456.7e6), "456.7 Mbit/s");
    EXPECT_EQ(format_bit_rate(10e9), "10.0 Gbit/s");
    EXPECT_EQ(format_bit_rate(1500), "1.50 kbit/s");
}

TEST(FormatUnits, RoundingUpMovesToTheNextPrefix)
{
    EXPECT_EQ(format_bit_rate(999.96e3), "1.00 Mbit/s");
    EXPECT_EQ(format_bit_rate(999.94e3), "999.9 kbit/s");
}

TEST(FormatUnits, NegativeOrNanRatesShowAsZero)
{
    EXPECT_EQ(format_packet_rate(-1), "0.00 pps");
    EXPECT_EQ(format_bit_rate(std::nan("")), "0.00 bit/s");
}

TEST(FormatUnits, ShortBitRateFitsIftopColumns)
{
    EXPECT_EQ(format_bit_rate_short(800), "800");
    EXPECT_EQ(format_bit_rate_short(12000), "12.0k");
    EXPECT_EQ(format_bit_rate_short(456.7e6), "456.7M");
}

TEST(FormatUnits, BytesUseIecPrefixes)
{
    EXPECT_EQ(format_bytes(0), "0 B");
    EXPECT_EQ(format_bytes(1023), "1023 B");
    EXPECT_EQ(format_bytes(1024), "1.00 KiB");
    EXPECT_EQ(format_bytes(12897485), "12.3 MiB");
    EXPECT_EQ(format_bytes(1ull << 40), "1.00 TiB");
}

TEST(FormatUnits, Durations)
{
    EXPECT_EQ(format_duration(4.24), "4.2s");
    EXPECT_EQ(format_duration(65), "1m05s");
    EXPECT_EQ(format_duration(3725), "1h02m05s");
    EXPECT_EQ(format_duration(2 * 86400 + 3600 + 120), "2d01h02m");
}

TEST(FormatUnits, PercentOfZeroIsZero)
{
    EXPECT_EQ(format_percent(1, 3), "33.3%");
    EXPECT_EQ(format_percent(0, 0), "0.0%");
}

TEST(FormatTime, Rfc3339UtcTruncatesToTheRequestedDigits)
{
    uint64_t ns = 1714564800'123456789ull;
    EXPECT_EQ(rfc3339_utc(ns, 3), "2024-05-01T12:00:00.123Z");
    EXPECT_EQ(rfc3339_utc(ns, 9), "2024-05-01T12:00:00.123456789Z");
    EXPECT_EQ(rfc3339_utc(ns, 0), "2024-05-01T12:00:00Z");
    EXPECT_EQ(rfc3339_utc(999'999'999, 3), "1970-01-01T00:00:00.999Z");
}
