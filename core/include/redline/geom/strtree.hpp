// SPDX-License-Identifier: MIT
// A GEOS STRtree over numbered items. Build on one thread with insert() and finish(); after
// finish() the tree is read-only and query() may be called from any number of threads.
#pragma once

#include <cstddef>
#include <vector>

#include "redline/geom/geometry.hpp"

namespace redline::geom {

class StrTree {
  public:
    StrTree();
    StrTree(StrTree&&) noexcept = default;
    StrTree& operator=(StrTree&&) noexcept = default;

    // The geometry's envelope is indexed; the geometry must outlive the tree.
    void insert(const GEOSGeometry* g, std::size_t item);
    // Builds the tree now (GEOS builds it lazily on the first query, which is not thread-safe).
    void finish();
    // Items whose envelope intersects `e`, in ascending order (deterministic).
    [[nodiscard]] std::vector<std::size_t> query(const Envelope& e) const;
    [[nodiscard]] bool empty() const { return size_ == 0; }

  private:
    StrTreePtr tree_;
    std::size_t size_ = 0;
    bool finished_ = false;
};

}  // namespace redline::geom
