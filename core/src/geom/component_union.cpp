// SPDX-License-Identifier: MIT
#include "redline/geom/component_union.hpp"

#include <tbb/parallel_for.h>

#include <map>
#include <optional>

#include "redline/geom/geos_context.hpp"
#include "redline/geom/strtree.hpp"
#include "redline/util/error.hpp"
#include "redline/util/feedback.hpp"
#include "redline/util/phase_times.hpp"

namespace redline::geom {
namespace {

std::size_t findRoot(std::vector<std::size_t>& parent, std::size_t i) {
    while (parent[i] != i) {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    return i;
}

void appendPolygons(GeomPtr g, std::vector<GeomPtr>& out) {
    if (isEmpty(g.get())) return;
    if (typeId(g.get()) == GEOS_POLYGON) {
        out.push_back(std::move(g));
        return;
    }
    for (int i = 0; i < numGeometries(g.get()); ++i) appendPolygons(clone(geometryN(g.get(), i)), out);
}

}  // namespace

std::vector<GeomPtr> unionComponents(const std::vector<const GEOSGeometry*>& parts) {
    // The nested tasks may run on other threads: they stop as this one would, and their time
    // counts for the phase this one is in.
    const Feedback* feedback = currentInterruptFeedback();
    const std::optional<timing::Phase> phase = timing::PhaseScope::current();
    const auto throwIfCanceled = [&] {
        if (feedback != nullptr) feedback->throwIfCanceled();
    };
    const std::size_t n = parts.size();
    StrTree tree;
    std::vector<Envelope> envelopes(n);
    for (std::size_t i = 0; i < n; ++i) {
        envelopes[i] = envelope(parts[i]);
        tree.insert(parts[i], i);
    }
    tree.finish();
    // Which parts each part intersects (touching counts: the union merges them). Each pair is
    // tested once, by the larger part, prepared, against the smaller: GEOS builds the tested
    // geometry's segment chains and scans its rings unindexed on every call, so a river corridor
    // of 20,000 vertices tested against each small part in its envelope cost more than half of a
    // province-sized subject's run.
    std::vector<int> vertices(n);
    for (std::size_t i = 0; i < n; ++i) vertices[i] = numCoordinates(parts[i]);
    const auto smaller = [&](std::size_t j, std::size_t i) {
        return vertices[j] < vertices[i] || (vertices[j] == vertices[i] && j < i);
    };
    std::vector<std::vector<std::size_t>> meets(n);
    tbb::parallel_for(std::size_t{0}, n, [&](std::size_t i) {
        std::optional<timing::PhaseScope> timed;
        if (phase) timed.emplace(*phase);
        throwIfCanceled();
        GeosInterruptScope interrupt(feedback);
        PreparedPtr prepared;
        for (std::size_t j : tree.query(envelopes[i])) {
            if (!smaller(j, i)) continue;
            if (!prepared) prepared = prepare(parts[i]);
            if (preparedIntersects(prepared.get(), parts[j])) meets[i].push_back(j);
        }
    });
    std::vector<std::size_t> parent(n);
    for (std::size_t i = 0; i < n; ++i) parent[i] = i;
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j : meets[i]) parent[findRoot(parent, j)] = findRoot(parent, i);
    }
    // Groups in the order of their first member, members ascending: the output (and the order
    // its areas are summed in) depends on the parts alone, not on how the pairs were found.
    std::map<std::size_t, std::size_t> groupOfRoot;
    std::vector<std::vector<std::size_t>> groups;
    for (std::size_t i = 0; i < n; ++i) {
        const auto [it, added] = groupOfRoot.try_emplace(findRoot(parent, i), groups.size());
        if (added) groups.emplace_back();
        groups[it->second].push_back(i);
    }
    std::vector<std::vector<GeomPtr>> united(groups.size());
    tbb::parallel_for(std::size_t{0}, groups.size(), [&](std::size_t g) {
        std::optional<timing::PhaseScope> timed;
        if (phase) timed.emplace(*phase);
        throwIfCanceled();
        GeosInterruptScope interrupt(feedback);
        std::vector<GeomPtr> members;
        for (std::size_t i : groups[g]) members.push_back(clone(parts[i]));
        appendPolygons(members.size() == 1 ? std::move(members.front()) : polygonalPart(unionAll(std::move(members))),
                       united[g]);
    });
    std::vector<GeomPtr> components;
    for (auto& group : united) {
        for (auto& polygon : group) components.push_back(std::move(polygon));
    }
    return components;
}

}  // namespace redline::geom
