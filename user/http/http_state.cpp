#include "http/http_state.h"

#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>

namespace netmon::http {

HttpState::HttpState(double interval_s)
    : interval_s_(interval_s),
      history_cap_(std::clamp<size_t>(
          static_cast<size_t>(std::ceil(kHistoryWindowNs / 1e9 / std::max(interval_s, 1e-3))) + 1,
          1, kMaxHistory))
{
}

void HttpState::publish(std::string metrics, StreamEvent event, HistoryPoint point)
{
    {
        std::lock_guard lock(mu_);
        metrics_ = std::move(metrics);
        if (event.type == "final")
            final_ = true;
        event.position = next_position_++;
        events_.push_back(std::move(event));
        if (events_.size() > kStreamRing)
            events_.pop_front();
        history_.push_back(std::move(point));
        if (history_.size() > history_cap_)
            history_.pop_front();
    }
    changed_.notify_all();
}

void HttpState::publish_alert(StreamEvent event)
{
    {
        std::lock_guard lock(mu_);
        event.position = next_position_++;
        alert_log_.push_back(event.data);
        if (alert_log_.size() > kMaxAlertLog)
            alert_log_.pop_front();
        events_.push_back(std::move(event));
        if (events_.size() > kStreamRing)
            events_.pop_front();
    }
    changed_.notify_all();
}

void HttpState::shut_down()
{
    {
        std::lock_guard lock(mu_);
        shutting_down_ = true;
    }
    changed_.notify_all();
}

bool HttpState::ready() const
{
    std::lock_guard lock(mu_);
    return !metrics_.empty();
}

std::string HttpState::metrics() const
{
    std::lock_guard lock(mu_);
    return metrics_;
}

const StreamEvent *HttpState::newest_interval() const
{
    // Alert events are not snapshots.
    auto it = std::find_if(events_.rbegin(), events_.rend(),
                           [](const StreamEvent &e) { return e.type != "alert"; });
    return it == events_.rend() ? nullptr : &*it;
}

std::optional<StreamEvent> HttpState::latest() const
{
    std::lock_guard lock(mu_);
    const StreamEvent *newest = newest_interval();
    if (!newest)
        return std::nullopt;
    return *newest;
}

std::string HttpState::history_json() const
{
    std::lock_guard lock(mu_);
    // The points are JSON already: join them rather than parse them again.
    std::string out = "{\"interval_s\":" + nlohmann::json(interval_s_).dump();
    // The stream event the history reaches: a page that opens its stream
    // with it as Last-Event-ID misses nothing published in between (an
    // alert that started after this answer, with an interval it skipped).
    const StreamEvent *newest_event = newest_interval();
    out += ",\"last_event_id\":";
    out += newest_event ? std::to_string(newest_event->id) : "null";
    out += ",\"points\":[";
    const uint64_t newest = history_.empty() ? 0 : history_.back().wall_time_ns;
    bool first = true;
    for (const auto &p : history_) {
        if (newest - p.wall_time_ns > kHistoryWindowNs)
            continue;
        if (!first)
            out += ',';
        out += p.json;
        first = false;
    }
    out += "],\"alert_events\":[";
    first = true;
    for (const auto &e : alert_log_) {
        if (!first)
            out += ',';
        out += e;
        first = false;
    }
    out += "]}";
    return out;
}

std::vector<StreamEvent> HttpState::events_after(uint64_t after_id,
                                                 std::chrono::milliseconds wait) const
{
    std::unique_lock lock(mu_);
    changed_.wait_for(lock, wait, [&] {
        return shutting_down_ || (!events_.empty() && events_.back().id > after_id);
    });
    std::vector<StreamEvent> out;
    if (shutting_down_)
        return out;
    for (const auto &e : events_)
        if (e.id > after_id)
            out.push_back(e);
    return out;
}

std::vector<StreamEvent> HttpState::events_after_position(uint64_t position,
                                                          std::chrono::milliseconds wait) const
{
    std::unique_lock lock(mu_);
    changed_.wait_for(lock, wait, [&] {
        return shutting_down_ || (!events_.empty() && events_.back().position > position);
    });
    std::vector<StreamEvent> out;
    if (shutting_down_)
        return out;
    for (const auto &e : events_)
        if (e.position > position)
            out.push_back(e);
    return out;
}

uint64_t HttpState::start_position(std::optional<uint64_t> last_event_id) const
{
    std::lock_guard lock(mu_);
    uint64_t latest_interval = 0, oldest_id = UINT64_MAX;
    for (const auto &e : events_) {
        if (e.type == "alert")
            continue;
        oldest_id = std::min(oldest_id, e.id);
        if (last_event_id && e.id == *last_event_id)
            return e.position;
        latest_interval = e.position;
    }
    if (!last_event_id) // a new client: from the latest interval on
        return latest_interval ? latest_interval - 1 : 0;
    // Fallen out of the ring: what it still holds; from the future: new ones.
    if (*last_event_id < oldest_id)
        return 0;
    return events_.empty() ? 0 : events_.back().position;
}

bool HttpState::shutting_down() const
{
    std::lock_guard lock(mu_);
    return shutting_down_;
}

bool HttpState::final_published() const
{
    std::lock_guard lock(mu_);
    return final_;
}

} // namespace netmon::http
