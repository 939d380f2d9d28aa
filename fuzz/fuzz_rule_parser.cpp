// libFuzzer target: the alert rule parser on arbitrary text. It must either
// return a rule or throw RuleError with a column inside (or just past) the
// text; a rule it returns must parse again to the same baseline id.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "alerts/rule_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const std::string text(reinterpret_cast<const char *>(data), size);
    try {
        const netmon::alerts::Rule rule = netmon::alerts::parse_rule(text);
        if (netmon::alerts::parse_rule(rule.text).baseline_id() != rule.baseline_id())
            std::abort();
    } catch (const netmon::alerts::RuleError &e) {
        if (e.pos() > text.size())
            std::abort();
    }
    return 0;
}
