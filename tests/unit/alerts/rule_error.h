// The column and message of a rule that must not parse, for the rule
// grammar tests: one place, so every test reads errors the same way.
#pragma once

#include <gtest/gtest.h>

#include <cstddef>
#include <string>
#include <utility>

#include "alerts/rule_parser.h"

namespace netmon::alerts::testing {

// The column is 1-based, as the message says; a rule that parses is a
// test failure and gives {0, ""}.
inline std::pair<size_t, std::string> error_of(const std::string &text)
{
    try {
        parse_rule(text);
    } catch (const RuleError &e) {
        return {e.pos() + 1, e.what()};
    }
    ADD_FAILURE() << "parsed: " << text;
    return {0, ""};
}

} // namespace netmon::alerts::testing
