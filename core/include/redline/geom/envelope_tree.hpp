// SPDX-License-Identifier: MIT
// A static R-tree over numbered envelopes, packed sort-tile-recursive once all are known. It
// answers window queries without building a GEOS geometry per query, and walks items
// best-first by a caller's lower bound, which a nearest-feature search needs and GEOS's
// STRtree (planar envelope distances only) cannot give. Read-only after build(): any number of
// threads may query it.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <vector>

#include "redline/geom/geometry.hpp"

namespace redline::geom {

class EnvelopeTree {
  public:
    // Item i has envelope items[i]. Replaces any earlier contents.
    void build(const std::vector<Envelope>& items);

    // Items whose envelope intersects `e` (touching counts), in ascending order.
    [[nodiscard]] std::vector<std::size_t> query(const Envelope& e) const;

    // Visits items in ascending order of `bound(envelope)`, a lower bound of the caller's
    // distance to anything inside the envelope, for as long as that bound does not exceed the
    // best distance so far, which `visit(item)` returns (both may be any increasing function of
    // the distance, e.g. its square). Equal bounds go in item order.
    template <class Bound, class Visit>
    void bestFirst(Bound bound, Visit visit) const;

  private:
    struct Node {
        Envelope envelope;
        std::uint32_t first = 0, count = 0;  // children: nodes_ (inner) or items_ (leaf)
        bool leaf = true;
    };
    struct Item {
        Envelope envelope;
        std::size_t id = 0;
    };
    std::vector<Item> items_;  // in packing order
    std::vector<Node> nodes_;  // the root last
};

template <class Bound, class Visit>
void EnvelopeTree::bestFirst(Bound bound, Visit visit) const {
    if (nodes_.empty()) return;
    struct Entry {
        double bound;
        std::size_t order;  // item id, or items_.size() + node index, for a deterministic order
        std::uint32_t index;
        bool item;
        // As a heap's "less": the smallest bound (then order) on top. Orders are unique, so the
        // visiting order is the same whatever the heap's layout.
        bool operator<(const Entry& o) const { return bound != o.bound ? bound > o.bound : order > o.order; }
    };
    // The heap's storage is kept per thread (a nearest search per subject and category would
    // otherwise grow a new one each time); taken out while in use, so a nested search is safe.
    thread_local std::vector<Entry> spare;
    std::vector<Entry> heap = std::move(spare);
    heap.clear();
    const auto push = [&](const Entry& e) {
        heap.push_back(e);
        std::push_heap(heap.begin(), heap.end());
    };
    const std::size_t root = nodes_.size() - 1;
    push({bound(nodes_[root].envelope), items_.size() + root, static_cast<std::uint32_t>(root), false});
    double best = std::numeric_limits<double>::infinity();
    while (!heap.empty()) {
        std::pop_heap(heap.begin(), heap.end());
        const Entry top = heap.back();
        heap.pop_back();
        if (top.bound > best) break;
        if (top.item) {
            best = visit(items_[top.index].id);
            continue;
        }
        const Node& node = nodes_[top.index];
        for (std::uint32_t c = node.first; c < node.first + node.count; ++c) {
            const Envelope& e = node.leaf ? items_[c].envelope : nodes_[c].envelope;
            const double b = bound(e);
            if (b > best) continue;
            push(node.leaf ? Entry{b, items_[c].id, c, true} : Entry{b, items_.size() + c, c, false});
        }
    }
    spare = std::move(heap);
}

}  // namespace redline::geom
