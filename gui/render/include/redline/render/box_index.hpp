// SPDX-License-Identifier: MIT
// A static packed R-tree over numbered boxes (Sort-Tile-Recursive packing, 16 per node): what
// the renderer asks "which features are in view" and the identify tool "which are under the
// cursor". Built once; read-only afterwards, so any number of threads may query it.
//
//   BoxIndex index(boxes);                          // item i is boxes[i]
//   index.query(view, [&](std::size_t i) { ... });  // ascending order of i is not guaranteed
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <vector>

namespace redline::render {

struct Box {
    double minX = std::numeric_limits<double>::infinity();
    double minY = std::numeric_limits<double>::infinity();
    double maxX = -std::numeric_limits<double>::infinity();
    double maxY = -std::numeric_limits<double>::infinity();

    [[nodiscard]] bool empty() const { return !(minX <= maxX && minY <= maxY); }
    [[nodiscard]] bool intersects(const Box& o) const {
        return minX <= o.maxX && o.minX <= maxX && minY <= o.maxY && o.minY <= maxY;
    }
    [[nodiscard]] bool contains(double x, double y) const { return x >= minX && x <= maxX && y >= minY && y <= maxY; }
    [[nodiscard]] double width() const { return maxX - minX; }
    [[nodiscard]] double height() const { return maxY - minY; }
    void expand(double x, double y) {
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
    }
    void expand(const Box& b) {
        if (b.empty()) return;
        expand(b.minX, b.minY);
        expand(b.maxX, b.maxY);
    }
};

class BoxIndex {
  public:
    BoxIndex() = default;
    explicit BoxIndex(const std::vector<Box>& boxes);

    // Calls `visit(i)` for every item whose box intersects `query`.
    void query(const Box& query, const std::function<void(std::size_t)>& visit) const;
    // The items whose box intersects `query`, ascending (the drawing order of a layer).
    [[nodiscard]] std::vector<std::uint32_t> querySorted(const Box& query) const;
    [[nodiscard]] std::size_t size() const { return itemCount_; }

  private:
    struct Node {
        Box box;
        std::uint32_t first = 0;  // first child node, or first slot of items_ at the leaf level
        std::uint32_t count = 0;
    };
    std::vector<Node> nodes_;  // levels bottom-up; the root is last
    std::vector<std::uint32_t> levelStart_;
    std::vector<std::uint32_t> items_;  // item numbers in leaf order
    std::vector<Box> itemBoxes_;        // in leaf order
    std::size_t itemCount_ = 0;
};

}  // namespace redline::render
