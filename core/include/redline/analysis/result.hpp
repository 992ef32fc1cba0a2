// SPDX-License-Identifier: MIT
// What the conflict check finds for each subject. Every input subject yields exactly one
// SubjectResult, with status error (and the reason) when its geometry could not be used.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "redline/analysis/severity.hpp"
#include "redline/geom/geometry.hpp"
#include "redline/io/field_value.hpp"

namespace redline::analysis {

enum class SubjectStatus { Clear, Conflict, Error };
[[nodiscard]] const char* statusName(SubjectStatus s);

// A constraint feature contributing to an overlap, with its own pair area.
struct FeatureArea {
    std::size_t feature = 0;  // row in CheckContext::constraintFeatures
    double areaM2 = 0;
};

struct CategoryOverlap {
    std::size_t category = 0;           // index in CheckContext::categories
    double areaM2 = 0;                  // area of subject ∩ union of the category
    std::optional<double> exclusiveM2;  // exclusive part by priority; none for info categories
    std::vector<FeatureArea> features;
    geom::GeomPtr geometry;  // subject ∩ union of the category (polygonal)
    // Working geometry of the check, released before results leave it: the crossing features
    // cut to the subject's window (none when the subject lies inside one), their rows in
    // CheckContext::constraintFeatures, and the windows' union once something needed it.
    std::vector<geom::GeomPtr> windows;
    geom::Envelope windowsEnvelope;  // kept when the windows go (too many for the walk)
    std::vector<std::size_t> windowFeatures;
    geom::GeomPtr coverage;
    bool coversSubject = false;  // the subject lies inside one feature or inside their union
};

struct CategoryDistance {
    std::size_t category = 0;
    double distanceM = 0;
    std::size_t feature = 0;    // nearest constraint feature
    bool withinBuffer = false;  // the category's buffer rule is met
};

struct ZoneAttribution {
    std::optional<std::string> value;  // largest-overlap zone value; nullopt when outside all zones
    double share = 0;                  // that zone's share of the subject, 0..1
};

// The part of a subject's counted conflict area lying in one zone of a zone layer: per overlap of
// the subject (SubjectResult::overlaps order), the part of its exclusive area inside the zone.
struct ZoneConflictPart {
    std::optional<std::string> zone;  // nullopt: outside every zone of the layer
    std::vector<double> exclusiveM2;  // 0 for categories that do not count (info)
};

struct SubjectResult {
    std::int64_t fid = -1;
    std::string id;
    std::string name;
    std::vector<io::FieldValue> attributes;  // the subject's own fields, as read
    SubjectStatus status = SubjectStatus::Clear;
    std::optional<Severity> severity;  // worst severity that makes it a conflict
    double areaM2 = 0;
    bool repaired = false;
    std::vector<std::string> notes;             // repairs, dropped Z, buffering, …
    std::vector<CategoryOverlap> overlaps;      // counted overlaps (≥ minimum area), by category order
    std::vector<CategoryOverlap> edgeContacts;  // touches and overlaps below the minimum area
    double conflictAreaM2 = 0;                  // Σ exclusive parts (= area of the union of conflicts)
    std::vector<CategoryDistance> nearest;      // categories not overlapped nor touched
    std::vector<ZoneAttribution> zones;         // per zone layer, in CheckContext::zoneLayers order
    std::string error;
    geom::GeomPtr geometry;  // the subject as checked (analysis CRS), null on error
};

}  // namespace redline::analysis
