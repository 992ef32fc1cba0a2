// SPDX-License-Identifier: MIT
#include "redline/render/box_index.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace redline::render {

namespace {
constexpr std::size_t kNodeSize = 16;

// Sort-Tile-Recursive order of `order` (indices into centres): slices by x, then y in each.
void strOrder(std::vector<std::uint32_t>& order, const std::vector<double>& cx, const std::vector<double>& cy) {
    const std::size_t n = order.size();
    const std::size_t leaves = (n + kNodeSize - 1) / kNodeSize;
    const auto slices = static_cast<std::size_t>(std::ceil(std::sqrt(static_cast<double>(leaves))));
    std::sort(order.begin(), order.end(), [&](auto a, auto b) { return cx[a] < cx[b] || (cx[a] == cx[b] && a < b); });
    const std::size_t perSlice = slices * kNodeSize;
    for (std::size_t start = 0; start < n; start += perSlice) {
        const auto end = std::min(n, start + perSlice);
        std::sort(order.begin() + static_cast<std::ptrdiff_t>(start), order.begin() + static_cast<std::ptrdiff_t>(end),
                  [&](auto a, auto b) { return cy[a] < cy[b] || (cy[a] == cy[b] && a < b); });
    }
}
}  // namespace

BoxIndex::BoxIndex(const std::vector<Box>& boxes) : itemCount_(boxes.size()) {
    if (boxes.empty()) return;
    std::vector<std::uint32_t> order(boxes.size());
    std::iota(order.begin(), order.end(), 0u);
    std::vector<double> cx(boxes.size()), cy(boxes.size());
    for (std::size_t i = 0; i < boxes.size(); ++i) {
        cx[i] = boxes[i].empty() ? 0 : (boxes[i].minX + boxes[i].maxX) / 2;
        cy[i] = boxes[i].empty() ? 0 : (boxes[i].minY + boxes[i].maxY) / 2;
    }
    strOrder(order, cx, cy);
    items_ = order;
    itemBoxes_.reserve(boxes.size());
    for (auto i : order) itemBoxes_.push_back(boxes[i]);

    // Leaf level over items, then parents over nodes until one root remains.
    levelStart_.push_back(0);
    for (std::size_t start = 0; start < items_.size(); start += kNodeSize) {
        Node node;
        node.first = static_cast<std::uint32_t>(start);
        node.count = static_cast<std::uint32_t>(std::min(kNodeSize, items_.size() - start));
        for (std::size_t k = 0; k < node.count; ++k) node.box.expand(itemBoxes_[start + k]);
        nodes_.push_back(node);
    }
    std::size_t levelBegin = 0;
    while (nodes_.size() - levelBegin > 1) {
        const std::size_t levelEnd = nodes_.size();
        levelStart_.push_back(static_cast<std::uint32_t>(levelEnd));
        // Children are already spatially ordered, so consecutive runs make compact parents.
        for (std::size_t start = levelBegin; start < levelEnd; start += kNodeSize) {
            Node node;
            node.first = static_cast<std::uint32_t>(start);
            node.count = static_cast<std::uint32_t>(std::min(kNodeSize, levelEnd - start));
            for (std::size_t k = 0; k < node.count; ++k) node.box.expand(nodes_[start + k].box);
            nodes_.push_back(node);
        }
        levelBegin = levelEnd;
    }
}

void BoxIndex::query(const Box& q, const std::function<void(std::size_t)>& visit) const {
    if (nodes_.empty() || q.empty()) return;
    // (node, level) pairs; level 0 is the leaf level.
    std::vector<std::pair<std::uint32_t, std::uint32_t>> stack;
    stack.emplace_back(static_cast<std::uint32_t>(nodes_.size() - 1),
                       static_cast<std::uint32_t>(levelStart_.size() - 1));
    while (!stack.empty()) {
        const auto [ni, level] = stack.back();
        stack.pop_back();
        const Node& node = nodes_[ni];
        if (!node.box.intersects(q)) continue;
        if (level == 0) {
            for (std::uint32_t k = node.first; k < node.first + node.count; ++k) {
                if (itemBoxes_[k].intersects(q)) visit(items_[k]);
            }
        } else {
            for (std::uint32_t k = node.first; k < node.first + node.count; ++k) stack.emplace_back(k, level - 1);
        }
    }
}

std::vector<std::uint32_t> BoxIndex::querySorted(const Box& q) const {
    std::vector<std::uint32_t> out;
    query(q, [&](std::size_t i) { out.push_back(static_cast<std::uint32_t>(i)); });
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace redline::render
