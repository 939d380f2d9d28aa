// The alert rule tokenizer: words, numbers and addresses are one Word token
// each (the parser reads them by position in the grammar, as pcap-filter's
// does); '(' ')' '>' '<' ':' stand alone. Every token keeps its column.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace netmon::alerts {

struct Token {
    enum class Kind { Word, LParen, RParen, Greater, Less, Colon, End };
    Kind kind = Kind::End;
    std::string text;
    size_t pos = 0; // 0-based offset in the rule
};

std::vector<Token> tokenize(const std::string &rule);

} // namespace netmon::alerts
