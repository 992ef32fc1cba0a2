// SPDX-License-Identifier: MIT
#include <fmt/format.h>

#include <cmath>
#include <set>

#include "format_p.hpp"
#include "redline/util/area_units.hpp"
#include "result_tables_p.hpp"

namespace redline::report::detail {

using io::FieldKind;

namespace {

// No area exceeds the ellipsoid's surface (5.101e14 m² on GRS 1980) and no geodesic distance
// half its meridian (2.0004e7 m); a share is at most 100 %.
constexpr double kMaxAreaM2 = 5.11e14;
constexpr double kMaxDistanceM = 2.01e7;
constexpr double kMaxPercent = 100.0;

const Column kAreaM2{"area_m2", FieldKind::Real, kMaxAreaM2};
const Column kAreaHa{"area_ha", FieldKind::Real, hectares(kMaxAreaM2)};
const Column kAreaMu{"area_mu", FieldKind::Real, mu(kMaxAreaM2)};

// The bound a source field's declared width and decimals imply: N(19,11) holds 7 integer digits.
double declaredBound(const io::FieldDef& f) {
    if (f.kind != FieldKind::Real || f.width <= 0) return 0;
    const int integerDigits = f.width - (f.precision > 0 ? f.precision + 1 : 0);
    return integerDigits > 0 ? std::pow(10.0, integerDigits) - 1 : 0;
}

}  // namespace

ResultTables::ResultTables(const analysis::CheckContext& ctx) : ctx_(ctx) {
    conflictColumns_ = {{"subject_id"},
                        {"subject_name"},
                        {"category"},
                        {"label"},
                        {"severity"},
                        kAreaM2,
                        kAreaHa,
                        kAreaMu,
                        {"pct_of_subject", FieldKind::Real, kMaxPercent},
                        {"exclusive_m2", FieldKind::Real, kMaxAreaM2},
                        {"features"}};

    subjectColumns_ = {
        {"subject_id"}, {"subject_name"}, {"status"}, {"severity"},
        kAreaM2,        kAreaHa,          kAreaMu,    {"conflict_m2", FieldKind::Real, kMaxAreaM2},
    };
    const SubjectColumnNames names = subjectColumnNames(ctx);
    for (const auto& base : names.categoryBases) {
        subjectColumns_.push_back({base + "_m2", FieldKind::Real, kMaxAreaM2});
        subjectColumns_.push_back({base + "_pct", FieldKind::Real, kMaxPercent});
        subjectColumns_.push_back({base + "_dist_m", FieldKind::Real, kMaxDistanceM});
    }
    for (const auto& z : names.zones) subjectColumns_.push_back({"zone_" + z});
    subjectColumns_.push_back({"repaired", FieldKind::Integer});
    subjectColumns_.push_back({"notes"});
    subjectColumns_.push_back({"error"});
    // The subject's own attributes follow, renamed src_<name> only when a name is taken: by a
    // column above, an earlier attribute, or the GeoPackage's own fid and geom columns (a
    // Shapefile exported from a GeoPackage often carries "fid"), compared as SQLite and DBF
    // compare names, ignoring ASCII case.
    const auto key = [](std::string name) {
        for (char& ch : name) {
            if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
        }
        return name;
    };
    std::set<std::string> used{"fid", "geom"};
    for (const auto& c : subjectColumns_) used.insert(key(c.name));
    for (const auto& f : ctx.subjectFields) {
        std::string name = f.name;
        for (int n = 1; used.count(key(name)) != 0; ++n) {
            name = n == 1 ? "src_" + f.name : fmt::format("src{}_{}", n, f.name);
        }
        subjectColumns_.push_back({name, f.kind, declaredBound(f)});
        used.insert(key(name));
    }

    pairColumns_ = {
        {"subject_id"}, {"category"}, {"constraint_layer"}, {"constraint_id"}, {"constraint_name"}, kAreaM2,
        kAreaHa,        kAreaMu,
    };
}

Row ResultTables::subjectRow(const analysis::SubjectResult& r) const {
    Row row;
    auto& v = row.values;
    v.reserve(subjectColumns_.size());  // one allocation, not one per doubling
    const bool ok = r.status != analysis::SubjectStatus::Error;
    const auto number = [&](double x) -> io::FieldValue { return ok ? io::FieldValue(x) : io::FieldValue(); };
    v.emplace_back(r.id);
    v.emplace_back(r.name);
    v.emplace_back(std::string(analysis::statusName(r.status)));
    v.push_back(r.severity ? io::FieldValue(std::string(analysis::severityName(*r.severity))) : io::FieldValue());
    v.push_back(number(r.areaM2));
    v.push_back(number(hectares(r.areaM2)));
    v.push_back(number(mu(r.areaM2)));
    v.push_back(number(r.conflictAreaM2));
    for (std::size_t c = 0; c < ctx_.categories.size(); ++c) {
        double area = 0;
        for (const auto& o : r.overlaps) {
            if (o.category == c) area = o.areaM2;
        }
        io::FieldValue distance;
        for (const auto& n : r.nearest) {
            if (n.category == c) distance = n.distanceM;
        }
        v.push_back(number(area));
        v.push_back(ok ? io::FieldValue(percentOf(area, r.areaM2)) : io::FieldValue());
        v.push_back(distance);
    }
    for (std::size_t z = 0; z < ctx_.zoneLayers.size(); ++z) {
        v.push_back(z < r.zones.size() && r.zones[z].value ? io::FieldValue(*r.zones[z].value) : io::FieldValue());
    }
    v.emplace_back(std::int64_t{r.repaired ? 1 : 0});
    v.emplace_back(joinNotes(r.notes));
    v.push_back(r.error.empty() ? io::FieldValue() : io::FieldValue(r.error));
    for (std::size_t i = 0; i < ctx_.subjectFields.size(); ++i) {
        v.push_back(i < r.attributes.size() ? r.attributes[i] : io::FieldValue());
    }
    row.geometry = r.geometry.get();
    return row;
}

std::vector<Row> ResultTables::conflictRows(const analysis::SubjectResult& r) const {
    std::vector<Row> rows;
    rows.reserve(r.overlaps.size());
    for (const auto& o : r.overlaps) {
        const auto& category = ctx_.categories[o.category];
        Row row;
        row.values = {r.id,
                      r.name,
                      category.name,
                      category.rule.label,
                      std::string(analysis::severityName(category.rule.severity)),
                      o.areaM2,
                      hectares(o.areaM2),
                      mu(o.areaM2),
                      percentOf(o.areaM2, r.areaM2),
                      o.exclusiveM2 ? io::FieldValue(*o.exclusiveM2) : io::FieldValue(),
                      describeFeatures(ctx_, o.features)};
        row.geometry = o.geometry.get();
        rows.push_back(std::move(row));
    }
    return rows;
}

std::vector<Row> ResultTables::pairRows(const analysis::SubjectResult& r) const {
    std::vector<Row> rows;
    for (const auto& o : r.overlaps) {
        for (const auto& fa : o.features) {
            const auto& feature = ctx_.constraintFeatures[fa.feature];
            Row row;
            row.values = {r.id,
                          ctx_.categories[o.category].name,
                          feature.layer,
                          feature.id,
                          feature.name,
                          fa.areaM2,
                          hectares(fa.areaM2),
                          mu(fa.areaM2)};
            rows.push_back(std::move(row));
        }
    }
    return rows;
}

}  // namespace redline::report::detail
