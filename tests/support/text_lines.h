// A rendered text split into its lines, for tests that check one line or
// every line's width.
#pragma once

#include <sstream>
#include <string>
#include <vector>

namespace netmon::test {

inline std::vector<std::string> lines_of(const std::string &text)
{
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        lines.push_back(line);
    return lines;
}

} // namespace netmon::test
