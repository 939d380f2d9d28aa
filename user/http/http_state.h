// What the HTTP server serves, kept up to date by HttpSink on its own
// thread. Everything is rendered when a snapshot arrives, so a request
// only copies a string under a short lock: scrapes cost counting nothing,
// and many clients share one rendering.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace netmon::http {

// One SSE event as the stream sends it.
struct StreamEvent {
    uint64_t id = 0;       // the interval's sequence number (alerts: the next one's)
    std::string type;      // "interval", "final" or "alert"
    std::string data;      // the interval's (or the event's) JSON object, one line
    uint64_t position = 0; // order in the stream, set by HttpState
};

// One point of GET /api/v1/history: an interval object without `top` and
// `flow_list`.
struct HistoryPoint {
    uint64_t wall_time_ns = 0;
    std::string json;
};

class HttpState {
  public:
    // Bounds: SSE events kept for Last-Event-ID replay, and history points
    // (15 minutes at the run's interval, at most kMaxHistory).
    static constexpr size_t kStreamRing = 256;
    static constexpr size_t kMaxHistory = 3600;
    static constexpr uint64_t kHistoryWindowNs = 15ull * 60 * 1000000000ull;
    // Alert events kept for GET /api/v1/history, so that a page opened (or
    // reloaded) late still shows the log: the newest, at most this many.
    static constexpr size_t kMaxAlertLog = 1000;

    explicit HttpState(double interval_s);

    // Called by the sink, one snapshot at a time.
    void publish(std::string metrics, StreamEvent event, HistoryPoint point);
    // An alert event, streamed between the intervals; it carries no SSE id
    // of its own (ids are interval numbers), so a client that reconnects
    // after interval N gets the alerts that came after it. Also kept in the
    // alert log the history serves.
    void publish_alert(StreamEvent event);
    // Wakes every stream: the server is going away.
    void shut_down();

    bool ready() const;          // a snapshot arrived
    std::string metrics() const; // empty before the first snapshot
    std::optional<StreamEvent> latest() const;
    std::string history_json() const;

    // Events with id > after_id, oldest first, waiting up to `wait` for one
    // to arrive. Empty on timeout or shut-down. If after_id fell out of the
    // ring, what the ring still holds.
    std::vector<StreamEvent> events_after(uint64_t after_id, std::chrono::milliseconds wait) const;
    // The same by stream position, which orders alerts and intervals alike.
    std::vector<StreamEvent> events_after_position(uint64_t position,
                                                   std::chrono::milliseconds wait) const;
    // Where a stream starts: after the interval a reconnecting client saw
    // last (Last-Event-ID), or for a new client (nullopt) at the latest
    // interval.
    uint64_t start_position(std::optional<uint64_t> last_event_id) const;
    bool shutting_down() const;
    bool final_published() const;

  private:
    // The newest interval (or final) event in the ring; null if none. mu_ held.
    const StreamEvent *newest_interval() const;

    const double interval_s_;
    const size_t history_cap_;
    mutable std::mutex mu_;
    mutable std::condition_variable changed_;
    std::string metrics_;
    std::deque<StreamEvent> events_;
    std::deque<HistoryPoint> history_;
    std::deque<std::string> alert_log_; // event JSON objects, oldest first
    uint64_t next_position_ = 1;
    bool final_ = false;
    bool shutting_down_ = false;
};

} // namespace netmon::http
