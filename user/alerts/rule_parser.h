// The alert rule parser: recursive descent over the tokens, one function
// per grammar rule (docs/alerts.md). Every error names the column and what
// was expected there.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>

#include "alerts/rule.h"

namespace netmon::alerts {

// How many '(', 'not', 'and' and 'or' a selector may hold (docs/alerts.md):
// far beyond any real rule, far below the nesting the stack can hold.
inline constexpr size_t kMaxSelectorOperators = 1000;

class RuleError : public std::runtime_error {
  public:
    // "at column 12: expected a metric (pps, bps, flows, sources, share), got 'foo'"
    RuleError(size_t pos, const std::string &message);
    size_t pos() const { return pos_; } // 0-based offset in the rule

  private:
    size_t pos_;
};

// Throws RuleError.
Rule parse_rule(const std::string &text);

} // namespace netmon::alerts
