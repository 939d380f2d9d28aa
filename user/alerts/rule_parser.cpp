#include "alerts/rule_parser.h"

#include <arpa/inet.h>

#include <cmath>
#include <cstdlib>
#include <cstring>

#include "alerts/rule_lexer.h"
#include "core/excerpt.h"

namespace netmon::alerts {

namespace {

using Op = Selector::Op;
using Side = Selector::Side;

constexpr const char *kMetrics = "a metric (pps, bps, flows, sources or share)";
// Far beyond any real rule; bounds the work per interval.
constexpr size_t kMaxConditions = 16;
constexpr uint8_t kTcpFin = 0x01;
constexpr uint8_t kTcpRst = 0x04;
// A command name's bytes the kernel keeps (TASK_COMM_LEN less its NUL).
constexpr size_t kCommBytes = 15;

bool is_metric(const std::string &w)
{
    return w == "pps" || w == "bps" || w == "flows" || w == "sources" || w == "share";
}

// A plain non-negative decimal: digits, at most one '.'.
bool parse_decimal(const std::string &text, double &out)
{
    if (text.empty() || text.size() > 32)
        return false;
    bool dot = false, digit = false;
    for (char c : text) {
        if (c == '.' && !dot)
            dot = true;
        else if (c >= '0' && c <= '9')
            digit = true;
        else
            return false;
    }
    if (!digit)
        return false;
    out = std::strtod(text.c_str(), nullptr);
    return std::isfinite(out);
}

class Parser {
  public:
    explicit Parser(const std::string &text) : tokens_(tokenize(text)) {}

    Rule rule(const std::string &text)
    {
        Rule r;
        r.text = text;
        if (peek(1).kind == Token::Kind::Colon) {
            r.name = next().text;
            next();
        }
        const size_t selector_start = peek().pos;
        if (!at_word("per") && !is_metric(peek().text)) {
            if (peek().kind == Token::Kind::End)
                fail("expected a selector, 'per' or " + std::string(kMetrics));
            r.selector = expression();
            r.selector_text = trim(text.substr(selector_start, peek().pos - selector_start));
        }
        r.partial_packets = r.selector && has_op(*r.selector, Op::Syn);
        r.uses_new_hosts = r.selector && has_op(*r.selector, Op::New);
        if (at_word("per")) {
            next();
            key(r);
        }
        r.conditions.push_back(condition(r));
        while (at_word("and") || at_word("&&")) {
            if (r.conditions.size() >= kMaxConditions)
                fail("at most " + std::to_string(kMaxConditions) + " conditions");
            next();
            r.conditions.push_back(condition(r));
        }
        if (at_word("for")) {
            next();
            r.duration_s = duration();
        }
        r.uses_processes =
            r.key == AlertKey::Kind::Process || (r.selector && has_op(*r.selector, Op::Process));
        if (peek().kind != Token::Kind::End)
            fail(r.duration_s > 0 ? "expected the end of the rule"
                                  : "expected 'and' COND, 'for' DURATION or the end of the rule");
        if (r.name.empty())
            r.name = text;
        return r;
    }

  private:
    const Token &peek(size_t ahead = 0) const
    {
        return tokens_[std::min(at_ + ahead, tokens_.size() - 1)];
    }
    const Token &next()
    {
        const Token &t = peek();
        if (at_ < tokens_.size() - 1)
            at_++;
        return t;
    }
    bool at_word(const char *w) const
    {
        return peek().kind == Token::Kind::Word && peek().text == w;
    }
    [[noreturn]] void fail(const std::string &expected) const
    {
        const Token &t = peek();
        throw RuleError(t.pos, expected + ", got " +
                                   (t.kind == Token::Kind::End ? "the end of the rule"
                                                               : "'" + excerpt(t.text) + "'"));
    }
    void expect(Token::Kind kind, const char *what)
    {
        if (peek().kind != kind)
            fail(std::string("expected ") + what);
        next();
    }
    static std::string trim(std::string s)
    {
        while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
            s.pop_back();
        return s;
    }

    // Parsing recurses once per '(' and 'not'; matching and freeing a
    // selector once per level of its tree, which every 'not', 'and' and
    // 'or' can deepen (a chain of 'or's is a chain of nodes). Counting all
    // four bounds both: 20,000 '(' would overflow the stack.
    // Called at the operator, so an error points at it.
    void count_operator()
    {
        if (++operators_ > kMaxSelectorOperators)
            throw RuleError(peek().pos, "the selector has more than " +
                                            std::to_string(kMaxSelectorOperators) +
                                            " operators, the limit ('(', 'not', 'and' and "
                                            "'or' each count)");
    }

    // SELECTOR := and_expr ("or" and_expr)*
    std::unique_ptr<Selector> expression()
    {
        auto left = conjunction();
        while (at_word("or") || at_word("||")) {
            count_operator();
            next();
            left = combine(Op::Or, std::move(left), conjunction());
        }
        return left;
    }
    // and_expr := unary ("and" unary)*
    std::unique_ptr<Selector> conjunction()
    {
        auto left = unary();
        while ((at_word("and") || at_word("&&")) && !is_metric(peek(1).text)) {
            count_operator();
            next();
            left = combine(Op::And, std::move(left), unary());
        }
        if (peek().kind == Token::Kind::Word && !at_word("or") && !at_word("||") &&
            !at_word("per") && !is_metric(peek().text) && !at_word("and") && !at_word("&&"))
            fail("expected 'and', 'or', 'per' or " + std::string(kMetrics));
        return left;
    }
    // unary := "not" unary | "(" SELECTOR ")" | primitive
    std::unique_ptr<Selector> unary()
    {
        if (at_word("not") || at_word("!")) {
            count_operator();
            next();
            auto n = std::make_unique<Selector>();
            n->op = Op::Not;
            n->left = unary();
            return n;
        }
        if (peek().kind == Token::Kind::LParen) {
            count_operator();
            next();
            auto inner = expression();
            expect(Token::Kind::RParen, "')'");
            return inner;
        }
        return primitive();
    }
    static std::unique_ptr<Selector> combine(Op op, std::unique_ptr<Selector> l,
                                             std::unique_ptr<Selector> r)
    {
        auto n = std::make_unique<Selector>();
        n->op = op;
        n->left = std::move(l);
        n->right = std::move(r);
        return n;
    }

    std::unique_ptr<Selector> primitive()
    {
        if (peek().kind != Token::Kind::Word)
            fail("expected a selector (tcp, udp, icmp, icmp6, ip, ip6, proto, host, net, "
                 "port, syn, rst, fin, arp, new, inbound, outbound, internal, process, not or "
                 "'(')");
        auto s = std::make_unique<Selector>();
        const std::string w = peek().text;
        // pcap-filter's qualifiers: "udp src port 53" is udp and src port 53.
        auto qualified = [&](std::unique_ptr<Selector> q) {
            if (at_word("src") || at_word("dst") || at_word("host") || at_word("net") ||
                at_word("port"))
                return combine(Op::And, std::move(q), primitive());
            return q;
        };
        auto proto = [&](uint8_t p, uint8_t family) {
            next();
            s->op = Op::Proto;
            s->proto = p;
            s->family = family;
            return qualified(std::move(s));
        };
        auto simple = [&](Op op) {
            next();
            s->op = op;
            return std::move(s);
        };
        if (w == "tcp")
            return proto(6, 0);
        if (w == "udp")
            return proto(17, 0);
        if (w == "icmp")
            return proto(1, 4);
        if (w == "icmp6")
            return proto(58, 6);
        if (w == "ip" || w == "ip6") {
            next();
            s->op = Op::Family;
            s->family = w == "ip" ? 4 : 6;
            return qualified(std::move(s));
        }
        if (w == "proto") {
            next();
            s->op = Op::Proto;
            s->proto = static_cast<uint8_t>(integer("a protocol number from 0 to 255", 0, 255));
            return s;
        }
        if (w == "syn")
            return simple(Op::Syn);
        if (w == "rst" || w == "fin") {
            s->tcp_flag = w == "rst" ? kTcpRst : kTcpFin;
            return simple(Op::TcpFlag);
        }
        if (w == "arp")
            return simple(Op::Arp);
        if (w == "new") {
            next();
            s->op = Op::New;
            if (at_word("src") || at_word("dst"))
                s->side = next().text == "src" ? Side::Src : Side::Dst;
            if (!at_word("host"))
                fail("expected 'host' after 'new' (new [src|dst] host)");
            next();
            return s;
        }
        if (w == "process") {
            next();
            s->op = Op::Process;
            s->process = process_name();
            return s;
        }
        if (w == "inbound")
            return simple(Op::Inbound);
        if (w == "outbound")
            return simple(Op::Outbound);
        if (w == "internal")
            return simple(Op::Internal);
        if (w == "src" || w == "dst") {
            next();
            s->side = w == "src" ? Side::Src : Side::Dst;
            if (!at_word("host") && !at_word("net") && !at_word("port"))
                fail("expected 'host', 'net' or 'port' after '" + w + "'");
        }
        if (at_word("host") || at_word("net")) {
            const bool net = peek().text == "net";
            next();
            s->op = net ? Op::Net : Op::Host;
            address(*s, net);
            return s;
        }
        if (at_word("port")) {
            next();
            s->op = Op::Port;
            // A flow key holds port 0 for a fragment without an L4 header
            // too: port 0 could not be matched the way pcap-filter does.
            s->port = static_cast<uint16_t>(integer("a port from 1 to 65535", 1, 65535));
            return s;
        }
        if (w == "per" || is_metric(w))
            fail("expected a selector");
        fail("expected a selector (tcp, udp, icmp, icmp6, ip, ip6, proto, host, net, port, "
             "syn, rst, fin, arp, new, inbound, outbound, internal, process, not or '(')");
    }

    // `process NAME`: one word that is not a word of the grammar. The
    // kernel keeps a command name's first 15 bytes, and so does the match.
    std::string process_name()
    {
        const std::string &w = peek().text;
        if (peek().kind != Token::Kind::Word || w == "and" || w == "or" || w == "not" ||
            w == "&&" || w == "||" || w == "!" || w == "per" || is_metric(w))
            fail("expected a process name after 'process' (its command name, as ps -o comm "
                 "shows it)");
        std::string name = next().text;
        if (name.size() > kCommBytes)
            name.resize(kCommBytes);
        return name;
    }

    long integer(const std::string &what, long lo, long hi)
    {
        double v;
        if (peek().kind != Token::Kind::Word || !parse_decimal(peek().text, v) ||
            v != std::floor(v) || v < lo || v > hi)
            fail("expected " + what);
        next();
        return static_cast<long>(v);
    }

    void address(Selector &s, bool net)
    {
        const Token &t = peek();
        const std::string what =
            net ? "a network such as 10.0.0.0/8 or 2001:db8::/32" : "an IPv4 or IPv6 address";
        if (t.kind != Token::Kind::Word)
            fail("expected " + what);
        std::string text = t.text;
        std::string bits_text;
        const size_t slash = text.find('/');
        if (slash != std::string::npos) {
            if (!net)
                fail("expected " + what + " (a prefix needs 'net')");
            bits_text = text.substr(slash + 1);
            text = text.substr(0, slash);
        }
        uint8_t v4[4];
        unsigned max_bits;
        if (inet_pton(AF_INET, text.c_str(), v4) == 1) {
            s.family = 4;
            s.addr = {};
            s.addr[10] = s.addr[11] = 0xff;
            std::memcpy(&s.addr[12], v4, 4);
            max_bits = 32;
        } else if (inet_pton(AF_INET6, text.c_str(), s.addr.data()) == 1) {
            s.family = 6;
            max_bits = 128;
        } else {
            fail("expected " + what);
        }
        unsigned bits = max_bits;
        if (!bits_text.empty() || slash != std::string::npos) {
            double b;
            if (!parse_decimal(bits_text, b) || b != std::floor(b) || b > max_bits)
                throw RuleError(t.pos + slash + 1,
                                "expected a prefix length from 0 to " + std::to_string(max_bits));
            bits = static_cast<unsigned>(b);
        }
        s.prefix_bits = bits + (128 - max_bits);
        next();
    }

    void key(Rule &r)
    {
        if (at_word("process")) {
            next();
            r.key = AlertKey::Kind::Process;
            return;
        }
        const bool src = at_word("src"), dst = at_word("dst");
        const std::string what = src || dst ? peek(1).text : "";
        if (((src || dst) && (what == "host" || what == "net")) || (dst && what == "port")) {
            next(), next();
            if (what == "host")
                r.key = src ? AlertKey::Kind::SrcHost : AlertKey::Kind::DstHost;
            else if (what == "port")
                r.key = AlertKey::Kind::DstPort;
            else {
                r.key = src ? AlertKey::Kind::SrcNet : AlertKey::Kind::DstNet;
                r.key_prefix = prefix_length();
            }
            return;
        }
        fail("expected a key: 'src host', 'dst host', 'dst port', 'src net /N', 'dst net /N' "
             "or 'process'");
    }

    // "/N": a prefix length, applied in each address's own family.
    uint8_t prefix_length()
    {
        const Token &t = peek();
        double v;
        if (t.kind != Token::Kind::Word || t.text.size() < 2 || t.text[0] != '/' ||
            !parse_decimal(t.text.substr(1), v) || v != std::floor(v) || v > 128)
            fail("expected a prefix length such as /24 (0 to 128)");
        next();
        return static_cast<uint8_t>(v);
    }

    // COND := METRIC (">" | "<") VALUE
    Condition condition(const Rule &r)
    {
        Condition c;
        const Token &m = peek();
        c.metric = metric();
        if (c.metric == Metric::Bps && r.partial_packets)
            throw RuleError(m.pos, "bps cannot be exact for 'syn': the kernel counts SYN "
                                   "packets, not their bytes (use pps)");
        if (peek().kind == Token::Kind::Less)
            c.below = true;
        else if (peek().kind != Token::Kind::Greater)
            fail("expected '>' or '<'");
        next();
        value(c);
        return c;
    }

    Metric metric()
    {
        const std::string w = peek().text;
        if (peek().kind != Token::Kind::Word || !is_metric(w))
            fail("expected " + std::string(kMetrics));
        next();
        if (w == "pps")
            return Metric::Pps;
        if (w == "bps")
            return Metric::Bps;
        if (w == "flows")
            return Metric::Flows;
        if (w == "sources")
            return Metric::Sources;
        return Metric::Share;
    }

    // VALUE := number [k|M|G] | number "%" (share) | number "x" "baseline"
    void value(Condition &r)
    {
        const Token &t = peek();
        const std::string expected = r.metric == Metric::Share
                                         ? "expected a percentage such as 60%, or Nx baseline"
                                         : "expected a value such as 15000, 100k or 3x baseline";
        if (t.kind != Token::Kind::Word)
            fail(expected);
        std::string text = t.text;
        const char last = text.empty() ? 0 : text.back();
        double multiplier = 1;
        if (last == 'x') {
            double v;
            if (!parse_decimal(text.substr(0, text.size() - 1), v) || v <= 0)
                fail(expected);
            next();
            if (!at_word("baseline"))
                fail("expected 'baseline' after '" + excerpt(text) + "'");
            next();
            r.baseline = true;
            r.multiplier = v;
            return;
        }
        if (last == '%') {
            if (r.metric != Metric::Share)
                throw RuleError(t.pos, std::string("a percentage applies to share only: ") +
                                           metric_name(r.metric) +
                                           " takes a number such as 15000 or 100k");
            text.pop_back();
        } else if (r.metric == Metric::Share) {
            fail(expected);
        } else if (last == 'k' || last == 'M' || last == 'G') {
            multiplier = last == 'k' ? 1e3 : last == 'M' ? 1e6 : 1e9;
            text.pop_back();
        }
        double v;
        if (!parse_decimal(text, v))
            fail(expected);
        if (r.metric == Metric::Share && v > 100)
            throw RuleError(t.pos, "a share is at most 100%");
        r.value = v * multiplier;
        next();
    }

    // DURATION := number ("ms" | "s" | "m" | "h")
    double duration()
    {
        const Token &t = peek();
        const std::string &w = t.text;
        double unit = 0;
        size_t suffix = 1;
        if (w.size() > 2 && w.compare(w.size() - 2, 2, "ms") == 0)
            unit = 1e-3, suffix = 2;
        else if (!w.empty())
            unit = w.back() == 's' ? 1 : w.back() == 'm' ? 60 : w.back() == 'h' ? 3600 : 0;
        double v;
        if (t.kind != Token::Kind::Word || unit == 0 || w.size() <= suffix ||
            !parse_decimal(w.substr(0, w.size() - suffix), v) || v * unit > 1e7)
            fail("expected a duration such as 500ms, 3s, 2m or 1h (at most 1e7 s)");
        next();
        return v * unit;
    }

    // Whether the selector holds `op` anywhere: `syn` (negated too) picks
    // part of a flow's packets; `new` waits for the known hosts.
    static bool has_op(const Selector &s, Op op)
    {
        if (s.op == op)
            return true;
        return (s.left && has_op(*s.left, op)) || (s.right && has_op(*s.right, op));
    }

    std::vector<Token> tokens_;
    size_t at_ = 0;
    size_t operators_ = 0; // see count_operator()
};

} // namespace

RuleError::RuleError(size_t pos, const std::string &message)
    : std::runtime_error("at column " + std::to_string(pos + 1) + ": " + message), pos_(pos)
{
}

const char *metric_name(Metric m)
{
    switch (m) {
    case Metric::Pps:
        return "pps";
    case Metric::Bps:
        return "bps";
    case Metric::Flows:
        return "flows";
    case Metric::Sources:
        return "sources";
    case Metric::Share:
        break;
    }
    return "share";
}

bool Rule::any_baseline() const
{
    for (const Condition &c : conditions)
        if (c.baseline)
            return true;
    return false;
}

bool Rule::wants(Metric m) const
{
    for (const Condition &c : conditions)
        if (c.metric == m)
            return true;
    return false;
}

std::string Rule::baseline_id(const Condition &c) const
{
    std::string id = selector_text;
    if (!id.empty())
        id += ' ';
    switch (key) {
    case AlertKey::Kind::None:
        break;
    case AlertKey::Kind::SrcHost:
        id += "per src host ";
        break;
    case AlertKey::Kind::DstHost:
        id += "per dst host ";
        break;
    case AlertKey::Kind::DstPort:
        id += "per dst port ";
        break;
    case AlertKey::Kind::SrcNet:
    case AlertKey::Kind::DstNet:
        id += std::string(key == AlertKey::Kind::SrcNet ? "per src net /" : "per dst net /") +
              std::to_string(key_prefix) + " ";
        break;
    case AlertKey::Kind::Process:
        id += "per process ";
        break;
    }
    return id + metric_name(c.metric);
}

Rule parse_rule(const std::string &text) { return Parser(text).rule(text); }

} // namespace netmon::alerts
