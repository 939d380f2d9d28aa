// Top N of a sequence without sorting all of it: a bounded min-heap,
// O(items * log N).
#pragma once

#include <algorithm>
#include <cstddef>
#include <vector>

namespace netmon {

// Keeps the n items with the largest score(item); result() is descending.
template <class Item, class Score> class TopN {
  public:
    TopN(size_t n, Score score) : n_(n), score_(std::move(score)) {}

    void offer(const Item &item)
    {
        if (n_ == 0)
            return;
        auto s = score_(item);
        if (heap_.size() < n_) {
            heap_.push_back({s, item});
            std::push_heap(heap_.begin(), heap_.end(), greater);
        } else if (s > heap_.front().score) {
            std::pop_heap(heap_.begin(), heap_.end(), greater);
            heap_.back() = {s, item};
            std::push_heap(heap_.begin(), heap_.end(), greater);
        }
    }

    std::vector<Item> result() const
    {
        auto sorted = heap_;
        std::sort_heap(sorted.begin(), sorted.end(), greater);
        std::vector<Item> out;
        out.reserve(sorted.size());
        for (auto &e : sorted)
            out.push_back(e.item);
        return out;
    }

  private:
    using ScoreT = decltype(std::declval<Score>()(std::declval<const Item &>()));
    struct Scored {
        ScoreT score;
        Item item;
    };
    // Min-heap on score; sort_heap with it yields descending order.
    static bool greater(const Scored &a, const Scored &b) { return a.score > b.score; }

    size_t n_;
    Score score_;
    std::vector<Scored> heap_;
};

} // namespace netmon
