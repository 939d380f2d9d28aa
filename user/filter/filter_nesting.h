// How deeply a tcpdump filter nests, checked before libpcap sees it.
// libpcap's parser gives up past ~5,000 levels with "memory exhausted",
// which does not say what is wrong; this names the limit instead.
#pragma once

#include <cstddef>
#include <string_view>

namespace netmon::filter {

// docs/filter.md: far beyond any real filter.
inline constexpr size_t kMaxFilterNesting = 1000;

// The deepest nesting in `expression`: each open '(' and each 'not' or
// '!' still waiting for its operand count one ("not (not tcp)" is 3).
size_t filter_nesting(std::string_view expression);

// Throws netmon::Error (kExitUsage) when filter_nesting() exceeds
// kMaxFilterNesting.
void check_filter_nesting(std::string_view expression);

} // namespace netmon::filter
