#include "alerts/rule_lexer.h"

#include <cctype>

namespace netmon::alerts {

namespace {

bool is_space(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }
bool is_ident(char c)
{
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
}

// Only a rule's first word can be its NAME: an address never starts a rule,
// so "flood:" or "flood:syn" there is a name, never IPv6.
size_t name_length(const std::string &rule, size_t at)
{
    if (at >= rule.size() || !std::isalpha(static_cast<unsigned char>(rule[at])))
        return 0;
    size_t end = at;
    while (end < rule.size() && is_ident(rule[end]))
        end++;
    return end < rule.size() && rule[end] == ':' ? end - at : 0;
}

} // namespace

std::vector<Token> tokenize(const std::string &rule)
{
    std::vector<Token> tokens;
    size_t i = 0;
    while (i < rule.size()) {
        const char c = rule[i];
        if (is_space(c)) {
            i++;
            continue;
        }
        if (tokens.empty()) {
            if (size_t n = name_length(rule, i)) {
                tokens.push_back({Token::Kind::Word, rule.substr(i, n), i});
                tokens.push_back({Token::Kind::Colon, ":", i + n});
                i += n + 1;
                continue;
            }
        }
        if (c == '(' || c == ')' || c == '>' || c == '<') {
            Token::Kind kind = c == '('   ? Token::Kind::LParen
                               : c == ')' ? Token::Kind::RParen
                               : c == '>' ? Token::Kind::Greater
                                          : Token::Kind::Less;
            tokens.push_back({kind, std::string(1, c), i});
            i++;
            continue;
        }
        const size_t start = i;
        while (i < rule.size() && !is_space(rule[i]) && rule[i] != '(' && rule[i] != ')' &&
               rule[i] != '>' && rule[i] != '<')
            i++;
        tokens.push_back({Token::Kind::Word, rule.substr(start, i - start), start});
    }
    tokens.push_back({Token::Kind::End, "", rule.size()});
    return tokens;
}

} // namespace netmon::alerts
