#include "clickhouse/schema.h"

#include <algorithm>
#include <cctype>

#include "clickhouse/rows.h"
#include "core/error.h"

namespace netmon::clickhouse {

namespace {

void check_identifier(const std::string &value, const std::string &option)
{
    const bool ok = !value.empty() && value.size() <= 64 &&
                    (std::isalpha(static_cast<unsigned char>(value[0])) != 0 || value[0] == '_') &&
                    std::all_of(value.begin(), value.end(),
                                [](unsigned char c) { return std::isalnum(c) != 0 || c == '_'; });
    if (!ok)
        throw Error(option + " '" + value +
                        "': use a plain identifier (letters, digits, '_'; not a digit first)",
                    kExitUsage);
}

// Columns in the order rows.cpp writes them: JSONEachRow matches by name.
constexpr const char *kFlowColumns = R"(    host String,
    interface String,
    hook String,
    interval_start DateTime,
    interval_end DateTime,
    src String,
    dst String,
    sport UInt16,
    dport UInt16,
    proto UInt8,
    ethertype UInt16,
    class String,
    packets UInt64,
    bytes UInt64,
    ip_bytes UInt64,
    syn_packets UInt64,
    tcp_flags UInt8,
    first_seen DateTime,
    last_seen DateTime)";

constexpr const char *kInterfaceColumns = R"(    host String,
    interface String,
    interval_start DateTime,
    interval_end DateTime,
    packets UInt64,
    bytes UInt64,
    ingress_packets UInt64,
    ingress_bytes UInt64,
    egress_packets UInt64,
    egress_bytes UInt64)";

// One server's share (TABLE_local), and the table over every shard that
// the sink writes to and queries read.
std::string table_pair(const SchemaNames &n, const std::string &table, const char *columns,
                       const std::string &order_by, const std::string &what)
{
    const std::string local = n.database + "." + table + "_local";
    return "-- " + what + ": this server's share.\n" + "CREATE TABLE IF NOT EXISTS " + local +
           "\n(\n" + columns + "\n)\nENGINE = MergeTree\nPARTITION BY toDate(interval_end)\n" +
           "ORDER BY (" + order_by + ");\n\n" + "-- " + what +
           ": every shard, a host's rows on one shard.\n" + "CREATE TABLE IF NOT EXISTS " +
           n.database + "." + table + " AS " + local + "\nENGINE = Distributed(" + n.cluster +
           ", " + n.database + ", " + table + "_local, cityHash64(host));\n";
}

} // namespace

void check_schema_names(const SchemaNames &names)
{
    check_identifier(names.database, "--database");
    check_identifier(names.cluster, "--cluster");
}

std::string schema_ddl(const SchemaNames &names)
{
    check_schema_names(names);
    return "-- netmon-xdp tables for ClickHouse 18.16 and later (docs/clickhouse.md).\n"
           "-- Run on every server of cluster " +
           names.cluster + ".\n\nCREATE DATABASE IF NOT EXISTS " + names.database + ";\n\n" +
           table_pair(names, kFlowsTable, kFlowColumns, "host, interval_end, src, dst",
                      "Each interval's flow records") +
           "\n" +
           table_pair(names, kInterfacesTable, kInterfaceColumns, "host, interface, interval_end",
                      "Each interval's counts per interface");
}

} // namespace netmon::clickhouse
