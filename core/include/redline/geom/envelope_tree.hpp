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
    // the distance, e.g. its square). Equal bounds go in a fixed order (an item before a node,
    // then by number), whatever the thread or the run.
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
    // An entry not yet visited: an item, or a node to open.
    struct Child {
        double bound;
        std::size_t order;  // item id, or items_.size() + node index, for a deterministic order
        std::uint32_t index;
        bool item;
        bool operator<(const Child& o) const { return bound != o.bound ? bound < o.bound : order < o.order; }
    };
    // The heap holds, per opened node, a cursor on its children still to visit, keyed by the
    // least of them: the least key in the heap is the least of all children waiting, so entries
    // come out in the order a heap of every child would give (orders are unique), for a heap of
    // a few cursors instead of every child pushed (a nearest search pushed ~60 for 1.3 visits).
    // A node's children are not sorted: the least is moved to the front of those left, when the
    // cursor comes to it; most nodes are left after one or two (a sort cost more than the bounds).
    struct Cursor {
        double bound;
        std::size_t order;
        std::uint32_t next, end;  // the children still to visit, in `children`; the least first
        // As a heap's "less": the smallest key on top.
        bool operator<(const Cursor& o) const { return bound != o.bound ? bound > o.bound : order > o.order; }
    };
    // Kept per thread (a search per subject and category would otherwise grow them each time);
    // taken out while in use, so a nested search is safe.
    thread_local std::vector<Child> spareChildren;
    thread_local std::vector<Cursor> spareHeap;
    std::vector<Child> children = std::move(spareChildren);
    std::vector<Cursor> heap = std::move(spareHeap);
    children.clear();
    heap.clear();
    // Moves the least of children[first, end) to `first` and pushes a cursor keyed by it.
    const auto pushCursor = [&](std::uint32_t first, std::uint32_t end) {
        std::uint32_t least = first;
        for (std::uint32_t i = first + 1; i < end; ++i)
            if (children[i] < children[least]) least = i;
        std::swap(children[first], children[least]);
        heap.push_back({children[first].bound, children[first].order, first, end});
        std::push_heap(heap.begin(), heap.end());
    };
    const std::size_t root = nodes_.size() - 1;
    children.push_back({bound(nodes_[root].envelope), items_.size() + root, static_cast<std::uint32_t>(root), false});
    pushCursor(0, 1);
    double best = std::numeric_limits<double>::infinity();
    while (!heap.empty()) {
        std::pop_heap(heap.begin(), heap.end());
        const Cursor cursor = heap.back();
        heap.pop_back();
        const Child top = children[cursor.next];
        if (top.bound > best) break;
        if (cursor.next + 1 < cursor.end) pushCursor(cursor.next + 1, cursor.end);
        if (top.item) {
            best = visit(items_[top.index].id);
            continue;
        }
        const Node& node = nodes_[top.index];
        const auto first = static_cast<std::uint32_t>(children.size());
        for (std::uint32_t c = node.first; c < node.first + node.count; ++c) {
            const Envelope& e = node.leaf ? items_[c].envelope : nodes_[c].envelope;
            const double b = bound(e);
            if (b > best) continue;
            children.push_back(node.leaf ? Child{b, items_[c].id, c, true} : Child{b, items_.size() + c, c, false});
        }
        if (children.size() > first) pushCursor(first, static_cast<std::uint32_t>(children.size()));
    }
    spareChildren = std::move(children);
    spareHeap = std::move(heap);
}

}  // namespace redline::geom
