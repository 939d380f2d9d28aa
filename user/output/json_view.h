// The JSON Lines view: one object per snapshot, schema "netmon-xdp/1"
// (documented in docs/json.md). Key names are a contract that
// scripts rely on: add keys, never rename or remove them.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "snapshot/snapshot.h"

namespace netmon {

inline constexpr const char *kJsonSchema = "netmon-xdp/1";

nlohmann::json to_json(const Snapshot &snapshot);
// to_json() as one line, without a trailing newline.
std::string render_json_line(const Snapshot &snapshot);

} // namespace netmon
