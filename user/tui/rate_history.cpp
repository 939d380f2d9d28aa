#include "tui/rate_history.h"

#include <algorithm>
#include <cmath>

namespace netmon::tui {

namespace {

void push(RateTrack &t, const Rate &r, size_t keep)
{
    t.bps.push_back(r.bps);
    t.pps.push_back(r.pps);
    while (t.bps.size() > keep) {
        t.bps.pop_front();
        t.pps.pop_front();
    }
    t.peak.bps = std::max(t.peak.bps, r.bps);
    t.peak.pps = std::max(t.peak.pps, r.pps);
}

} // namespace

void RateHistory::record(const Snapshot &s)
{
    if (s.kind != Snapshot::Kind::Interval || s.interval_s <= 0)
        return;
    const size_t keep =
        std::max<size_t>(1, static_cast<size_t>(std::lround(kHistorySeconds / s.interval_s)));
    tracks_.resize(std::max(tracks_.size(), s.interfaces.size() + 1));
    for (size_t i = 0; i <= s.interfaces.size(); i++) {
        const TrafficSection &section = i < s.interfaces.size() ? s.interfaces[i] : s.total;
        for (size_t hook = 0; hook < NETMON_NUM_HOOKS; hook++)
            push(tracks_[i][hook], section.hooks[hook].interval_rate, keep);
    }
}

const RateTrack &RateHistory::track(size_t iface, size_t hook) const
{
    static const RateTrack empty;
    if (iface >= tracks_.size() || hook >= NETMON_NUM_HOOKS)
        return empty;
    return tracks_[iface][hook];
}

} // namespace netmon::tui
