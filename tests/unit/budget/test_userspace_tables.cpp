// The userspace tables' size when full, against what the machine has: a
// notice at start when their caps could not keep memory bounded.
#include <gtest/gtest.h>

#include "budget/userspace_tables.h"

using namespace netmon;

TEST(UserspaceTables, FullTablesAtTheDocumentedBytesPerEntry)
{
    // docs/memory.md: ~240 B a flow, ~150 B a host seen once, two host tables.
    EXPECT_EQ(userspace_tables_bytes(2097152, 1048576), 2097152u * 240 + 2u * 1048576 * 150);
}

TEST(UserspaceTables, NoNoticeWhenTheyFitOrThereIsNoFigure)
{
    const uint64_t full = userspace_tables_bytes(2097152, 1048576);
    EXPECT_EQ(userspace_tables_notice(2097152, 1048576, full), "");
    EXPECT_EQ(userspace_tables_notice(2097152, 1048576, std::nullopt), "");
}

TEST(UserspaceTables, ANoticeNamesBothCapsTheFigureAndWhatToDo)
{
    const std::string notice =
        userspace_tables_notice(uint64_t{1} << 30, 1048576, uint64_t{8} << 30);
    EXPECT_EQ(notice, "the flow and host tables could take 240.3 GiB when full "
                      "(--max-active-flows 1073741824, --max-hosts 1048576), more than the 8.0 "
                      "GiB available: lower them to keep memory bounded under a flood "
                      "(docs/memory.md)");
}
