// SPDX-License-Identifier: MIT
#include "redline/geom/strtree.hpp"

#include <algorithm>
#include <cstdint>
#include <stdexcept>

namespace redline::geom {
namespace {
constexpr std::size_t kNodeCapacity = 10;

void collect(void* item, void* userdata) {
    static_cast<std::vector<std::size_t>*>(userdata)->push_back(reinterpret_cast<std::uintptr_t>(item));
}
}  // namespace

StrTree::StrTree() : tree_(GEOSSTRtree_create_r(geosHandle(), kNodeCapacity)) {
    if (!tree_) throwGeosError("creating a spatial index");
}

void StrTree::insert(const GEOSGeometry* g, std::size_t item) {
    if (finished_) throw std::logic_error("StrTree::insert after finish");
    GEOSSTRtree_insert_r(geosHandle(), tree_.get(), g, reinterpret_cast<void*>(static_cast<std::uintptr_t>(item)));
    ++size_;
}

void StrTree::finish() {
    if (finished_) return;
    finished_ = true;
    if (size_ == 0) return;
    GeomPtr probe = rectangle({0, 0, 0, 0});
    std::vector<std::size_t> ignored;
    GEOSSTRtree_query_r(geosHandle(), tree_.get(), probe.get(), &collect, &ignored);
}

std::vector<std::size_t> StrTree::query(const Envelope& e) const {
    std::vector<std::size_t> items;
    if (size_ == 0) return items;
    if (!finished_) throw std::logic_error("StrTree::query before finish");
    GeomPtr box = rectangle(e);
    GEOSSTRtree_query_r(geosHandle(), tree_.get(), box.get(), &collect, &items);
    std::sort(items.begin(), items.end());
    return items;
}

}  // namespace redline::geom
