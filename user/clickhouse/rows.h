// A snapshot as ClickHouse rows in JSONEachRow (one JSON object a line):
// each flow's change in the interval, and each interface's interval counts.
// Column names and types: docs/clickhouse.md (schema.cpp prints the DDL).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "snapshot/snapshot.h"

namespace netmon::clickhouse {

// The two tables rows go to.
enum class Table { Flows, Interfaces };
constexpr const char *kFlowsTable = "flows";
constexpr const char *kInterfacesTable = "interface_totals";
const char *table_name(Table table);

struct Row {
    Table table = Table::Flows;
    std::string line; // one JSON object and '\n'
    Count count;      // what the row carries, to account for it if it is lost
};

// One row per flow that changed in the interval: its updates (one per CPU
// that counted it) added up, as the JSON flow_list does. Needs
// Snapshot::flow_detail; rows in the order flows first appear in it.
std::vector<Row> flow_rows(const Snapshot &snap, const std::string &host);

// One row per interface: the interval's packets and bytes, and per hook.
std::vector<Row> interface_rows(const Snapshot &snap, const std::string &host);

// `text` as a JSON string literal, quotes included.
std::string json_string(const std::string &text);

} // namespace netmon::clickhouse
