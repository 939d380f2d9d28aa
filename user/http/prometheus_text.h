// Prometheus text exposition format 0.0.4: the bytes a scrape reads. Only
// the encoding lives here (families, samples, escaping); which metrics exist
// is metrics_exposition's business, as in the client libraries' split
// between collectors and the exposition.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace netmon::http {

inline constexpr const char *kPrometheusContentType = "text/plain; version=0.0.4; charset=utf-8";

using Labels = std::vector<std::pair<std::string, std::string>>;

// Label values may hold anything: backslash, double quote and newline are
// escaped as the format requires.
std::string escape_label_value(std::string_view value);
// HELP text escapes backslash and newline only.
std::string escape_help(std::string_view text);
// Shortest text that reads back as the same double ("+Inf", "1e-05", "3").
std::string format_value(double value);

// Writes families one after the other: HELP and TYPE once, then every
// sample of that family, so a family is never split (promtool checks this).
class PrometheusText {
  public:
    // type: "counter", "gauge" or "histogram".
    void family(std::string_view name, std::string_view type, std::string_view help);
    // A sample of the current family; `suffix` is "" or "_bucket", "_sum",
    // "_count" for histograms.
    void sample(std::string_view suffix, const Labels &labels, uint64_t value);
    void sample(std::string_view suffix, const Labels &labels, double value);

    const std::string &text() const { return out_; }

  private:
    void sample_prefix(std::string_view suffix, const Labels &labels);

    std::string out_;
    std::string current_;
};

} // namespace netmon::http
