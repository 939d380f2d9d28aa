#include "filter/filter_nesting.h"

#include <cctype>
#include <string>
#include <vector>

#include "core/error.h"

namespace netmon::filter {

namespace {

bool word_byte(char c)
{
    // pcap-filter's names and numbers: letters, digits and these.
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-' ||
           c == ':' || c == '/';
}

} // namespace

size_t filter_nesting(std::string_view expression)
{
    // Per open '(': the 'not's that wait for it to close.
    std::vector<size_t> waiting;
    size_t open_depth = 0; // open parentheses plus their waiting 'not's
    size_t nots = 0;       // 'not's since the last '(' waiting for their operand
    size_t deepest = 0;
    for (size_t i = 0; i < expression.size();) {
        const char c = expression[i];
        if (c == '(') {
            waiting.push_back(nots);
            open_depth += nots + 1;
            nots = 0;
            i++;
        } else if (c == ')') {
            if (!waiting.empty()) {
                open_depth -= waiting.back() + 1;
                waiting.pop_back();
            }
            nots = 0;
            i++;
        } else if (c == '!' && (i + 1 == expression.size() || expression[i + 1] != '=')) {
            nots++;
            i++;
        } else if (word_byte(c)) {
            size_t end = i;
            while (end < expression.size() && word_byte(expression[end]))
                end++;
            if (expression.substr(i, end - i) == "not")
                nots++;
            else
                nots = 0; // an operand: the waiting 'not's have theirs
            i = end;
        } else {
            i++;
        }
        deepest = std::max(deepest, open_depth + nots);
    }
    return deepest;
}

void check_filter_nesting(std::string_view expression)
{
    const size_t depth = filter_nesting(expression);
    if (depth > kMaxFilterNesting)
        throw Error("invalid filter: it nests " + std::to_string(depth) +
                        " levels deep, more than the limit of " +
                        std::to_string(kMaxFilterNesting) +
                        " (each open '(' and each 'not' before its operand is one)",
                    kExitUsage);
}

} // namespace netmon::filter
