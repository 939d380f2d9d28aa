// Flows grouped by the interval they were last folded in, so that ageing by
// last-seen time needs neither a sorted harvest nor an ordered list.
//
// A fold appends a flow's handle to the current interval's group, a
// sequential write, where a list kept in last-seen order would have the
// harvest sorted first and unlink the flow from its old place: two random
// cache misses per flow at 10^6 flows. A flow folded again leaves its handle
// behind in its old group, stale (its entry names its group). Each group
// counts its members, so a group whose flows have all moved on is dropped
// without a look, and one that is mostly stale is compacted when its
// interval closes: compacting a group costs no more than a third of the
// appends that made it stale.
//
// A group keeps a lower bound of its members' last-seen times, so ageing
// scans only the groups that may hold a flow idle past the cutoff, in
// whatever order the harvests came (a capture's clock may go back).
#pragma once

#include <algorithm>
#include <cstdint>
#include <deque>
#include <vector>

namespace netmon {

class AgeingGroups {
  public:
    using Handle = uint32_t;
    // What a member's entry holds for "in no group".
    static constexpr uint32_t kNoGroup = 0;

    AgeingGroups() { groups_.emplace_back(); }

    // Moves h, last seen at last_seen_ns, into the current group; `group`
    // is the one its entry names, updated here.
    void touch(Handle h, uint32_t &group, uint64_t last_seen_ns)
    {
        Group &current = groups_.back();
        if (group != current_id()) {
            if (group != kNoGroup)
                --group_at(group).members;
            current.handles.push_back(h);
            current.members++;
            group = current_id();
        }
        current.oldest_ns = std::min(current.oldest_ns, last_seen_ns);
    }

    // Calls expire(h) for each member whose last_seen(h) is before
    // cutoff_ns, oldest groups first; group_of(h) is what touch() stored in
    // h's entry. expire() must set that to kNoGroup before the entry can be
    // reused.
    template <class GroupOf, class LastSeen, class Expire>
    void age_out(uint64_t cutoff_ns, GroupOf group_of, LastSeen last_seen, Expire expire)
    {
        for (size_t i = 0; i < groups_.size(); i++) {
            Group &g = groups_[i];
            if (g.members == 0 || g.oldest_ns >= cutoff_ns)
                continue;
            const uint32_t id = first_id_ + static_cast<uint32_t>(i);
            uint64_t oldest = UINT64_MAX;
            size_t kept = 0;
            for (Handle h : g.handles) {
                if (group_of(h) != id)
                    continue; // moved to a newer group since
                if (const uint64_t seen = last_seen(h); seen >= cutoff_ns) {
                    g.handles[kept++] = h;
                    oldest = std::min(oldest, seen);
                    continue;
                }
                expire(h);
                g.members--;
            }
            g.handles.resize(kept);
            g.oldest_ns = oldest;
        }
        drop_empty_front();
    }

    // Closes the current interval's group and opens the next one.
    template <class GroupOf> void close_interval(GroupOf group_of)
    {
        for (size_t i = 0; i + 1 < groups_.size(); i++) {
            Group &g = groups_[i];
            if (g.members == 0)
                recycle(g.handles);
            else if (g.handles.size() >= kCompactMin && g.members * 4 < g.handles.size())
                compact(g, first_id_ + static_cast<uint32_t>(i), group_of);
        }
        groups_.emplace_back();
        groups_.back().handles.swap(spare_);
        drop_empty_front();
    }

    // Handles held, stale ones included: the memory the groups take.
    size_t handles_held() const
    {
        size_t n = 0;
        for (const Group &g : groups_)
            n += g.handles.size();
        return n;
    }
    size_t groups() const { return groups_.size(); }

  private:
    struct Group {
        std::vector<Handle> handles; // members, and stale handles of flows that moved on
        size_t members = 0;
        uint64_t oldest_ns = UINT64_MAX; // no member was last seen before this
    };
    // Smaller groups are not worth a pass of random reads.
    static constexpr size_t kCompactMin = 1024;

    uint32_t current_id() const { return first_id_ + static_cast<uint32_t>(groups_.size() - 1); }
    Group &group_at(uint32_t id) { return groups_[id - first_id_]; }

    template <class GroupOf> static void compact(Group &g, uint32_t id, GroupOf group_of)
    {
        std::erase_if(g.handles, [&](Handle h) { return group_of(h) != id; });
    }

    // An emptied group's memory serves the next interval's group, so a
    // steady load appends without growing a fresh vector each interval.
    void recycle(std::vector<Handle> &handles)
    {
        if (handles.capacity() > spare_.capacity()) {
            handles.clear();
            spare_.swap(handles);
        }
        std::vector<Handle>().swap(handles);
    }

    void drop_empty_front()
    {
        while (groups_.size() > 1 && groups_.front().members == 0) {
            recycle(groups_.front().handles);
            groups_.pop_front();
            first_id_++;
        }
    }

    std::deque<Group> groups_; // oldest first; the last is the current one
    uint32_t first_id_ = 1;    // of groups_.front(); ids are never kNoGroup
    std::vector<Handle> spare_;
};

} // namespace netmon
