// The tables the ClickHouse sink writes (`netmon-xdp clickhouse-schema`,
// docs/clickhouse.md): per server a MergeTree table of each kind, and over
// them a Distributed table that spreads rows over the cluster's shards by
// host. Written for ClickHouse 18.16 (Debian's) and current ClickHouse
// alike: no TTL, no LowCardinality, no DateTime64, no Keeper needed.
#pragma once

#include <string>

namespace netmon::clickhouse {

struct SchemaNames {
    std::string database = "netmon";
    std::string cluster = "netmon_fleet"; // a <remote_servers> entry of the servers' config
};

// Throws netmon::Error (kExitUsage) unless both are plain identifiers.
void check_schema_names(const SchemaNames &names);

// The CREATE statements, ';'-terminated, one blank line between them.
std::string schema_ddl(const SchemaNames &names);

} // namespace netmon::clickhouse
