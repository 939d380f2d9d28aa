#include "sinks/alert_environment.h"

#include <cctype>

#include "output/alert_json.h"

namespace netmon {
namespace {

std::string upper(std::string text)
{
    for (char &c : text)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return text;
}

// Strings as they are, numbers as the JSON line writes them.
std::string text_of(const nlohmann::json &value)
{
    return value.is_string() ? value.get<std::string>() : value.dump();
}

} // namespace

std::vector<std::string> alert_environment(const AlertEvent &event)
{
    const nlohmann::json j = alert_event_json(event);
    std::vector<std::string> env;
    auto add = [&](const std::string &name, const std::string &value) {
        env.push_back("NETMON_ALERT_" + name + "=" + value);
    };
    for (const char *field : {"state", "rule", "name", "metric", "value", "threshold", "baseline",
                              "since", "timestamp", "explain"})
        if (j.contains(field))
            add(upper(field), text_of(j[field]));
    if (j.contains("key")) {
        // Whole ("dst host 10.0.0.5") and in parts (KEY_DST_HOST=10.0.0.5).
        add("KEY", alert_key_text(event.alert.key));
        for (const auto &[part, value] : j["key"].items())
            add("KEY_" + upper(part), text_of(value));
    }
    return env;
}

} // namespace netmon
