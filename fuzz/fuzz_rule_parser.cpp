// libFuzzer target: the alert rule parser on arbitrary text. It must either
// return a rule or throw RuleError with a column inside (or just past) the
// text; a rule it returns must parse again to the same baseline ids.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "alerts/rule_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const std::string text(reinterpret_cast<const char *>(data), size);
    try {
        const netmon::alerts::Rule rule = netmon::alerts::parse_rule(text);
        const netmon::alerts::Rule again = netmon::alerts::parse_rule(rule.text);
        if (rule.conditions.empty() || again.conditions.size() != rule.conditions.size())
            std::abort();
        for (size_t i = 0; i < rule.conditions.size(); i++)
            if (again.baseline_id(again.conditions[i]) != rule.baseline_id(rule.conditions[i]))
                std::abort();
    } catch (const netmon::alerts::RuleError &e) {
        if (e.pos() > text.size())
            std::abort();
    }
    return 0;
}
