// SPDX-License-Identifier: MIT
#include <fmt/format.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <cstdint>
#include <map>
#include <utility>
#include <vector>

#include "outlying_features_p.hpp"
#include "redline/crs/coordinate_check.hpp"

namespace redline::analysis::detail {
namespace {

// How a coordinate is written: its sign and number of integer digits, and for 8-digit values
// the leading two (a Gauss–Krüger zone prefix). Degrees, plain GK metres, zone-prefixed GK
// metres and swapped axes fall into different kinds, so each kind can be judged on its own.
int magnitudeKind(double v) {
    const double a = std::fabs(v);
    int digits = 0;
    for (double p = 1; a >= p && digits < 20; p *= 10) ++digits;
    int kind = digits * 100;
    if (digits == 8) kind += static_cast<int>(a / 1e6);
    return v < 0 ? -kind : kind;
}

// Degrees to 1e-6° (0.1 m), metres to 0.1 m.
std::string coordinate(double v) { return std::fabs(v) < 1000 ? fmt::format("{:.6f}", v) : fmt::format("{:.1f}", v); }

struct Placed {
    std::int64_t fid;
    std::string id;
    double x, y;
};

geom::Envelope toEnvelope(const OGREnvelope& e) { return {e.MinX, e.MinY, e.MaxX, e.MaxY}; }

struct Group {
    OGREnvelope extent;
    std::vector<Placed> features;
};

}  // namespace

std::string placedFeature(const std::string& id, std::int64_t fid, double x, double y) {
    const std::string who = id.empty() ? fmt::format("fid {}", fid) : fmt::format("{} (fid {})", id, fid);
    return fmt::format("{} at x {}, y {}", who, coordinate(x), coordinate(y));
}

std::string outlyingFeaturesNote(const io::VectorSource& src, const crs::Crs& crs, const std::string& idField) {
    OGRLayer& layer = src.layer();
    const int idIndex = idField.empty() ? -1 : layer.GetLayerDefn()->GetFieldIndex(idField.c_str());
    std::map<std::pair<int, int>, Group> groups;
    std::size_t total = 0;
    layer.ResetReading();
    for (auto& feature : layer) {
        const OGRGeometry* g = feature->GetGeometryRef();
        if (g == nullptr || g->IsEmpty()) continue;
        OGREnvelope e;
        g->getEnvelope(&e);
        Group& group = groups[{magnitudeKind(e.MinX), magnitudeKind(e.MinY)}];
        group.extent.Merge(e);
        group.features.push_back(
            {feature->GetFID(), idIndex >= 0 ? io::VectorSource::keyText(*feature, idIndex) : "", e.MinX, e.MinY});
        ++total;
    }
    layer.ResetReading();

    std::vector<const Placed*> outliers;
    std::string why;
    OGREnvelope fitting;
    for (const auto& [kind, group] : groups) {
        const auto diagnosis = crs::diagnoseExtent(crs, toEnvelope(group.extent));
        if (diagnosis.ok()) {
            fitting.Merge(group.extent);
            continue;
        }
        if (why.empty()) why = diagnosis.message;
        for (const Placed& p : group.features) outliers.push_back(&p);
    }
    // The misfit is the whole layer's (or nothing fits): the layer's own message says it.
    if (outliers.empty() || !fitting.IsInit() || !crs::diagnoseExtent(crs, toEnvelope(fitting)).ok()) return {};

    constexpr std::size_t kNamed = 5;
    std::string named;
    for (std::size_t i = 0; i < outliers.size() && i < kNamed; ++i) {
        const Placed& p = *outliers[i];
        named += fmt::format("{}{}", i == 0 ? "" : "; ", placedFeature(p.id, p.fid, p.x, p.y));
    }
    if (outliers.size() > kNamed) named += fmt::format("; and {} more", outliers.size() - kNamed);
    const bool one = outliers.size() == 1;
    return fmt::format(
        "{} of {} features {} not fit {}: {}. The other {} fit it (x {}–{}, y {}–{}): correct or remove {} ({})",
        outliers.size(), total, one ? "does" : "do", crs.label(), named, total - outliers.size(),
        coordinate(fitting.MinX), coordinate(fitting.MaxX), coordinate(fitting.MinY), coordinate(fitting.MaxY),
        one ? "that feature" : "those features", why);
}

}  // namespace redline::analysis::detail
