// SPDX-License-Identifier: MIT
#include "redline/geom/envelope_tree.hpp"

#include <algorithm>
#include <cmath>

namespace redline::geom {
namespace {

constexpr std::size_t kNodeCapacity = 16;

Envelope unionOf(const Envelope& a, const Envelope& b) {
    return {std::min(a.minX, b.minX), std::min(a.minY, b.minY), std::max(a.maxX, b.maxX), std::max(a.maxY, b.maxY)};
}

double centreX(const Envelope& e) { return (e.minX + e.maxX) / 2; }
double centreY(const Envelope& e) { return (e.minY + e.maxY) / 2; }

// Sort-tile-recursive order: vertical slices by centre x, each sorted by centre y, so that
// consecutive runs of kNodeCapacity make compact nodes.
template <class T, class EnvelopeOf>
void strOrder(std::vector<T>& v, EnvelopeOf envelopeOf) {
    const auto byX = [&](const T& a, const T& b) { return centreX(envelopeOf(a)) < centreX(envelopeOf(b)); };
    const auto byY = [&](const T& a, const T& b) { return centreY(envelopeOf(a)) < centreY(envelopeOf(b)); };
    std::stable_sort(v.begin(), v.end(), byX);
    const std::size_t nodes = (v.size() + kNodeCapacity - 1) / kNodeCapacity;
    const auto slices = static_cast<std::size_t>(std::ceil(std::sqrt(static_cast<double>(nodes))));
    const std::size_t perSlice = slices * kNodeCapacity;
    for (std::size_t start = 0; start < v.size(); start += perSlice) {
        const auto end = static_cast<std::ptrdiff_t>(std::min(v.size(), start + perSlice));
        std::stable_sort(v.begin() + static_cast<std::ptrdiff_t>(start), v.begin() + end, byY);
    }
}

}  // namespace

void EnvelopeTree::build(const std::vector<Envelope>& items) {
    items_.clear();
    nodes_.clear();
    if (items.empty()) return;
    items_.reserve(items.size());
    for (std::size_t i = 0; i < items.size(); ++i) items_.push_back({items[i], i});
    strOrder(items_, [](const Item& item) -> const Envelope& { return item.envelope; });

    // Leaves over runs of items, then levels of nodes over runs of the level below.
    std::size_t levelStart = 0;
    for (std::size_t first = 0; first < items_.size(); first += kNodeCapacity) {
        Node leaf;
        leaf.first = static_cast<std::uint32_t>(first);
        leaf.count = static_cast<std::uint32_t>(std::min(kNodeCapacity, items_.size() - first));
        leaf.envelope = items_[first].envelope;
        for (std::size_t i = first; i < first + leaf.count; ++i)
            leaf.envelope = unionOf(leaf.envelope, items_[i].envelope);
        nodes_.push_back(leaf);
    }
    while (nodes_.size() - levelStart > 1) {
        // Order this level's nodes for packing; children keep their own child ranges.
        std::vector<Node> level(nodes_.begin() + static_cast<std::ptrdiff_t>(levelStart), nodes_.end());
        strOrder(level, [](const Node& n) -> const Envelope& { return n.envelope; });
        std::copy(level.begin(), level.end(), nodes_.begin() + static_cast<std::ptrdiff_t>(levelStart));
        const std::size_t levelEnd = nodes_.size();
        for (std::size_t first = levelStart; first < levelEnd; first += kNodeCapacity) {
            Node inner;
            inner.leaf = false;
            inner.first = static_cast<std::uint32_t>(first);
            inner.count = static_cast<std::uint32_t>(std::min(kNodeCapacity, levelEnd - first));
            inner.envelope = nodes_[first].envelope;
            for (std::size_t i = first; i < first + inner.count; ++i) {
                inner.envelope = unionOf(inner.envelope, nodes_[i].envelope);
            }
            nodes_.push_back(inner);
        }
        levelStart = levelEnd;
    }
}

std::vector<std::size_t> EnvelopeTree::query(const Envelope& e) const {
    std::vector<std::size_t> found;
    if (nodes_.empty()) return found;
    const std::uint32_t root = static_cast<std::uint32_t>(nodes_.size() - 1);
    if (!nodes_[root].envelope.intersects(e)) return found;
    // Children are tested before they are stacked (most are not), and the stack is kept per
    // thread: a subject queries each category's and zone layer's tree.
    thread_local std::vector<std::uint32_t> stack;
    stack.assign(1, root);
    while (!stack.empty()) {
        const Node& node = nodes_[stack.back()];
        stack.pop_back();
        const std::uint32_t end = node.first + node.count;
        if (node.leaf) {
            for (std::uint32_t c = node.first; c < end; ++c) {
                if (items_[c].envelope.intersects(e)) found.push_back(items_[c].id);
            }
        } else {
            for (std::uint32_t c = node.first; c < end; ++c) {
                if (nodes_[c].envelope.intersects(e)) stack.push_back(c);
            }
        }
    }
    std::sort(found.begin(), found.end());
    return found;
}

}  // namespace redline::geom
