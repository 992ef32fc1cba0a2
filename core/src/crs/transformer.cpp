// SPDX-License-Identifier: MIT
#include "redline/crs/transformer.hpp"

#include <fmt/format.h>
#include <ogr_geometry.h>
#include <ogr_spatialref.h>
#include <proj.h>

#include <algorithm>
#include <cmath>
#include <numbers>

#include "redline/util/error.hpp"

namespace redline::crs {

void CtDeleter::operator()(OGRCoordinateTransformation* ct) const noexcept {
    OGRCoordinateTransformation::DestroyCT(ct);
}

namespace {

// RAII for the PROJ objects used to ask which operations exist.
struct ProjContextDeleter {
    void operator()(PJ_CONTEXT* c) const noexcept { proj_context_destroy(c); }
};
struct PjDeleter {
    void operator()(PJ* p) const noexcept { proj_destroy(p); }
};
struct PjListDeleter {
    void operator()(PJ_OBJ_LIST* l) const noexcept { proj_list_destroy(l); }
};
struct FactoryContextDeleter {
    void operator()(PJ_OPERATION_FACTORY_CONTEXT* c) const noexcept { proj_operation_factory_context_destroy(c); }
};
using ProjContextPtr = std::unique_ptr<PJ_CONTEXT, ProjContextDeleter>;
using PjPtr = std::unique_ptr<PJ, PjDeleter>;

bool modernGeocentric(const Ellipsoid& e) {
    // WGS 84 (298.257223563) and GRS 1980 / CGCS2000 (298.257222101) share a = 6378137 m and
    // differ by 0.1 mm in b: a no-op between their datums is off by centimetres only.
    return e.semiMajor == 6378137.0 && std::fabs(e.inverseFlattening - 298.2572) < 1e-3;
}

// A 4-parameter plane similarity from a source projected CRS to a target projected CRS.
class PlaneSimilarity final : public OGRCoordinateTransformation {
  public:
    PlaneSimilarity(const OGRSpatialReference& source, const OGRSpatialReference& target, const DatumTransform& p)
        : source_(source), target_(target), dx_(p.dx), dy_(p.dy) {
        const double theta = p.rotationArcsec / 3600.0 * std::numbers::pi / 180.0;
        const double k = 1.0 + p.scalePpm * 1e-6;
        a_ = k * std::cos(theta);
        b_ = k * std::sin(theta);
    }
    OGRSpatialReference* GetSourceCS() override { return &source_; }
    OGRSpatialReference* GetTargetCS() override { return &target_; }
    int Transform(int n, double* x, double* y, double* /*z*/, double* /*t*/, int* success) override {
        for (int i = 0; i < n; ++i) {
            const double e = x[i], north = y[i];
            x[i] = dx_ + a_ * e - b_ * north;
            y[i] = dy_ + b_ * e + a_ * north;
            if (success != nullptr) success[i] = TRUE;
        }
        return TRUE;
    }
    OGRCoordinateTransformation* Clone() const override { return new PlaneSimilarity(*this); }
    OGRCoordinateTransformation* GetInverse() const override { return nullptr; }

  private:
    PlaneSimilarity(const PlaneSimilarity&) = default;
    OGRSpatialReference source_, target_;
    double dx_, dy_, a_ = 1, b_ = 0;
};

// Source (Xian 1980, Beijing 1954, …) → CGCS2000 geographic (lon, lat in degrees) through a PROJ
// pipeline with the user's Helmert parameters: PROJ would otherwise pick its own (no-op) route
// between the datums and ignore a TOWGS84 clause.
class HelmertPipeline final : public OGRCoordinateTransformation {
  public:
    HelmertPipeline(const Crs& source, const DatumTransform& p)
        : source_(source.srs()), target_(Crs::fromUserInput("EPSG:4490").srs()), pipeline_(makePipeline(source, p)) {
        create();
    }
    HelmertPipeline(const HelmertPipeline& other)
        : OGRCoordinateTransformation(), source_(other.source_), target_(other.target_), pipeline_(other.pipeline_) {
        create();
    }
    HelmertPipeline& operator=(const HelmertPipeline&) = delete;
    ~HelmertPipeline() override {
        proj_destroy(pj_);
        proj_context_destroy(ctx_);
    }
    OGRSpatialReference* GetSourceCS() override { return &source_; }
    OGRSpatialReference* GetTargetCS() override { return &target_; }
    int Transform(int n, double* x, double* y, double* /*z*/, double* /*t*/, int* success) override {
        bool all = true;
        for (int i = 0; i < n; ++i) {
            PJ_COORD c = proj_coord(x[i], y[i], 0, 0);
            c = proj_trans(pj_, PJ_FWD, c);
            const bool ok = std::isfinite(c.xy.x) && std::isfinite(c.xy.y);
            if (ok) {
                x[i] = c.xy.x;
                y[i] = c.xy.y;
            }
            if (success != nullptr) success[i] = ok ? TRUE : FALSE;
            all = all && ok;
        }
        return all ? TRUE : FALSE;
    }
    OGRCoordinateTransformation* Clone() const override { return new HelmertPipeline(*this); }
    OGRCoordinateTransformation* GetInverse() const override { return nullptr; }
    [[nodiscard]] const std::string& pipeline() const { return pipeline_; }

  private:
    static std::string projectionSteps(const Crs& source) {
        if (source.isGeographic()) return "+step +proj=unitconvert +xy_in=deg +xy_out=rad";
        char* text = nullptr;
        source.srs().exportToProj4(&text);
        std::string proj4 = text != nullptr ? text : "";
        CPLFree(text);
        // Keep the projection; the datum shift is the Helmert step's job.
        std::string kept;
        std::size_t pos = 0;
        while (pos < proj4.size()) {
            std::size_t end = proj4.find(' ', pos);
            if (end == std::string::npos) end = proj4.size();
            const std::string token = proj4.substr(pos, end - pos);
            pos = end + 1;
            if (token.empty() || token.rfind("+towgs84", 0) == 0 || token.rfind("+nadgrids", 0) == 0 ||
                token == "+no_defs" || token == "+type=crs" || token == "+wktext" || token.rfind("+datum", 0) == 0) {
                continue;
            }
            kept += " " + token;
        }
        const Ellipsoid e = source.ellipsoid();
        return fmt::format("+step +inv{} +a={:.4f} +rf={:.9f}", kept, e.semiMajor, e.inverseFlattening);
    }
    static std::string makePipeline(const Crs& source, const DatumTransform& p) {
        const Ellipsoid from = source.ellipsoid();
        return fmt::format(
            "+proj=pipeline {} +step +proj=cart +a={:.4f} +rf={:.9f} "
            "+step +proj=helmert +x={} +y={} +z={} +rx={} +ry={} +rz={} +s={} +convention={} "
            "+step +inv +proj=cart +a=6378137 +rf=298.257222101 +step +proj=unitconvert +xy_in=rad +xy_out=deg",
            projectionSteps(source), from.semiMajor, from.inverseFlattening, p.dx, p.dy, p.dz, p.rx, p.ry, p.rz,
            p.scalePpm, p.coordinateFrame ? "coordinate_frame" : "position_vector");
    }
    void create() {
        ctx_ = proj_context_create();
        pj_ = proj_create(ctx_, pipeline_.c_str());
        if (pj_ == nullptr) {
            const std::string why = proj_context_errno_string(ctx_, proj_context_errno(ctx_));
            proj_context_destroy(ctx_);
            throw CrsError("cannot build the 7-parameter transformation (" + why + "): " + pipeline_);
        }
    }

    OGRSpatialReference source_, target_;
    std::string pipeline_;
    PJ_CONTEXT* ctx_ = nullptr;
    PJ* pj_ = nullptr;
};

CtPtr standardTransformation(const Crs& source, const Crs& target, const std::optional<geom::Envelope>& extent,
                             const std::string& label) {
    OGRCoordinateTransformationOptions options;
    if (extent) options.SetAreaOfInterest(extent->minX, extent->minY, extent->maxX, extent->maxY);
    CtPtr ct(OGRCreateCoordinateTransformation(&source.srs(), &target.srs(), options));
    if (!ct) {
        throw CrsError(fmt::format("{}: no transformation from {} to {}", label, source.label(), target.label()));
    }
    return ct;
}

}  // namespace

bool onlyBallparkBetween(const Crs& source, const Crs& target, const std::optional<geom::Envelope>& extentLonLat) {
    ProjContextPtr ctx(proj_context_create());
    PjPtr src(proj_create(ctx.get(), source.geographic().wkt().c_str()));
    PjPtr dst(proj_create(ctx.get(), target.geographic().wkt().c_str()));
    if (!src || !dst) return false;
    std::unique_ptr<PJ_OPERATION_FACTORY_CONTEXT, FactoryContextDeleter> factory(
        proj_create_operation_factory_context(ctx.get(), nullptr));
    proj_operation_factory_context_set_grid_availability_use(ctx.get(), factory.get(),
                                                             PROJ_GRID_AVAILABILITY_DISCARD_OPERATION_IF_MISSING_GRID);
    if (extentLonLat) {
        proj_operation_factory_context_set_area_of_interest(ctx.get(), factory.get(), extentLonLat->minX,
                                                            extentLonLat->minY, extentLonLat->maxX, extentLonLat->maxY);
        // An operation valid for a small part of the data must not hide a no-op for the rest
        // (OSGeo/PROJ#4713: Beijing 1954 gets no shift outside two small EPSG extents).
        proj_operation_factory_context_set_spatial_criterion(ctx.get(), factory.get(),
                                                             PROJ_SPATIAL_CRITERION_STRICT_CONTAINMENT);
    }
    std::unique_ptr<PJ_OBJ_LIST, PjListDeleter> ops(
        proj_create_operations(ctx.get(), src.get(), dst.get(), factory.get()));
    if (!ops) return true;
    const int count = proj_list_get_count(ops.get());
    for (int i = 0; i < count; ++i) {
        PjPtr op(proj_list_get(ctx.get(), ops.get(), i));
        if (op && !proj_coordoperation_has_ballpark_transformation(ctx.get(), op.get())) return false;
    }
    return true;
}

std::optional<geom::Envelope> extentInLonLat(const Crs& crs, const geom::Envelope& e) {
    if (crs.isGeographic()) return e;
    Crs geog = crs.geographic();
    CtPtr ct(OGRCreateCoordinateTransformation(&crs.srs(), &geog.srs()));
    if (!ct) return std::nullopt;
    geom::Envelope out;
    if (!ct->TransformBounds(e.minX, e.minY, e.maxX, e.maxY, &out.minX, &out.minY, &out.maxX, &out.maxY, 21)) {
        return std::nullopt;
    }
    return out;
}

LayerTransform::LayerTransform(LayerTransform&&) noexcept = default;
LayerTransform& LayerTransform::operator=(LayerTransform&&) noexcept = default;
LayerTransform::~LayerTransform() = default;

LayerTransform LayerTransform::clone() const {
    LayerTransform copy;
    for (const CtPtr& step : steps_) {
        copy.steps_.emplace_back(step->Clone());
        if (!copy.steps_.back()) throw CrsError("a coordinate transformation cannot be copied for another thread");
    }
    copy.notes_ = notes_;
    return copy;
}

namespace {

bool onModernDatum(const Crs& crs) {
    const DatumFamily family = crs.datumFamily();
    return family == DatumFamily::Cgcs2000 || family == DatumFamily::Wgs84 || modernGeocentric(crs.ellipsoid());
}

// Throws when going from `source` to `target` would be PROJ's no-op between datums that differ
// (up to ~100 m), naming the side the user must change: this layer's datum_transform when the
// layer is on an old datum, else the analysis CRS. True when the no-op is taken between WGS 84
// and CGCS2000, which differ by centimetres.
bool requireRealTransformation(const Crs& source, const Crs& target, const std::optional<geom::Envelope>& extentLonLat,
                               const std::string& label, const std::string& jsonPath, bool afterUserParameters) {
    if (source.sameDatum(target) || !onlyBallparkBetween(source, target, extentLonLat)) return false;
    if (modernGeocentric(source.ellipsoid()) && modernGeocentric(target.ellipsoid())) return true;
    const std::string at = jsonPath.empty() ? "this layer's \"datum_transform\"" : jsonPath + ".datum_transform";
    if (afterUserParameters) {
        throw CrsError(fmt::format(
            "{}: {} takes this layer to {} (datum {}), but the analysis CRS {} is on datum {}, and PROJ has no "
            "official transformation between them (it would silently apply a no-op shift of up to ~100 m). Give "
            "an analysis_crs on {}'s datum (e.g. EPSG:4490 or a CGCS2000 Gauss-Kruger zone)",
            label, at, source.label(), source.datumName(), target.label(), target.datumName(), source.label()));
    }
    if (onModernDatum(source) && !onModernDatum(target)) {
        throw CrsError(fmt::format(
            "{}: this layer is on {} (datum {}), but the analysis CRS {} is on datum {}, and PROJ has no official "
            "transformation between them (it would silently apply a no-op shift of up to ~100 m). Give an "
            "analysis_crs on this layer's datum (e.g. EPSG:4490 or a CGCS2000 Gauss-Kruger zone); when none is "
            "given it is the subjects' datum, so give the subjects' layer a datum_transform (see "
            "docs/project-file.md)",
            label, source.label(), source.datumName(), target.label(), target.datumName()));
    }
    throw CrsError(
        fmt::format("{}: there is no official transformation from {} (datum {}) to {} (datum {}); PROJ would silently "
                    "apply a no-op shift and misplace every feature by up to ~100 m. Give the 7-parameter (Bursa-Wolf) "
                    "or 4-parameter values in the project file at {} (see docs/project-file.md)",
                    label, source.label(), source.datumName(), target.label(), target.datumName(), at));
}

}  // namespace

std::optional<DatumTransform> towgs84Of(const Crs& crs) {
    double c[7] = {0, 0, 0, 0, 0, 0, 0};
    if (crs.srs().GetTOWGS84(c, 7) != OGRERR_NONE) return std::nullopt;
    if (std::all_of(std::begin(c), std::end(c), [](double v) { return v == 0; })) return std::nullopt;
    DatumTransform t;
    t.dx = c[0];
    t.dy = c[1];
    t.dz = c[2];
    t.rx = c[3];
    t.ry = c[4];
    t.rz = c[5];
    t.scalePpm = c[6];
    return t;
}

LayerTransform LayerTransform::create(const Crs& source, const Crs& target, const std::optional<DatumTransform>& params,
                                      const std::optional<geom::Envelope>& extentLonLat, const std::string& label,
                                      const std::string& jsonPath) {
    // An old-datum .prj with a TOWGS84 clause carries its own parameters: used like a
    // datum_transform towards any other datum (GDAL applied them only on the way to WGS 84, and the
    // run was otherwise refused as a no-op).
    if (!params && !onModernDatum(source) && !source.sameDatum(target)) {
        if (const auto fromFile = towgs84Of(source)) {
            LayerTransform result = create(source, target, fromFile, extentLonLat, label, jsonPath);
            result.notes_.back() = fmt::format(
                "7-parameter (Bursa-Wolf) transformation from {} ({}) with the file's TOWGS84 values (to WGS 84, "
                "taken as CGCS2000: they differ by centimetres)",
                source.label(), source.datumName());
            return result;
        }
    }
    LayerTransform result;
    if (params && onModernDatum(source)) {
        // The parameters shift Xian 1980 / Beijing 1954 data; applied to CGCS2000 or WGS 84
        // coordinates they would move them by the same ~100 m, silently.
        throw CrsError(fmt::format(
            "{}: {}.datum_transform is for Xian 1980 or Beijing 1954 data, but this layer is already on {} (datum "
            "{}); remove it, or give the layer's true CRS (e.g. \"crs\": \"EPSG:2383\") if the file's is wrong",
            label, jsonPath.empty() ? "$" : jsonPath, source.label(), source.datumName()));
    }
    if (params && params->method == DatumTransform::Method::FourParam) {
        if (!source.isProjected()) {
            throw CrsError(fmt::format("{}: a 4-parameter transformation needs projected coordinates, but {} is {}",
                                       label, source.label(), "geographic"));
        }
        if (params->targetCrs.empty()) {
            throw CrsError(fmt::format("{}: {}.datum_transform.target_crs is required for a 4-parameter transformation",
                                       label, jsonPath.empty() ? "$" : jsonPath));
        }
        const Crs plane = Crs::fromUserInput(params->targetCrs);
        if (!plane.isProjected()) {
            throw CrsError(fmt::format("{}: {}.datum_transform.target_crs must be a projected CRS, {} is not", label,
                                       jsonPath.empty() ? "$" : jsonPath, plane.label()));
        }
        result.steps_.emplace_back(new PlaneSimilarity(source.srs(), plane.srs(), *params));
        result.notes_.push_back(fmt::format("4-parameter plane transformation from {} to {} (user parameters)",
                                            source.label(), plane.label()));
        if (!plane.isSame(target)) {
            static_cast<void>(requireRealTransformation(plane, target, extentLonLat, label, jsonPath, true));
            result.steps_.push_back(standardTransformation(plane, target, extentLonLat, label));
        }
        return result;
    }
    if (params) {
        result.steps_.emplace_back(new HelmertPipeline(source, *params));
        const Crs cgcs2000 = Crs::fromUserInput("EPSG:4490");
        if (!cgcs2000.isSame(target)) {
            static_cast<void>(requireRealTransformation(cgcs2000, target, extentLonLat, label, jsonPath, true));
            result.steps_.push_back(standardTransformation(cgcs2000, target, extentLonLat, label));
        }
        result.notes_.push_back(
            fmt::format("7-parameter (Bursa-Wolf) transformation from {} ({}) to CGCS2000 (user parameters)",
                        source.label(), source.datumName()));
        return result;
    }
    if (source.isSame(target)) return result;
    if (requireRealTransformation(source, target, extentLonLat, label, jsonPath, false)) {
        result.notes_.push_back(
            fmt::format("{} taken as {} (the datums differ by centimetres)", source.datumName(), target.datumName()));
    }
    result.steps_.push_back(standardTransformation(source, target, extentLonLat, label));
    return result;
}

void LayerTransform::apply(OGRGeometry& g) const {
    for (const auto& step : steps_) {
        if (g.transform(step.get()) != OGRERR_NONE) {
            throw CrsError("coordinates cannot be transformed to the analysis CRS (outside the CRS's valid area?)");
        }
    }
}

bool LayerTransform::apply(std::vector<double>& x, std::vector<double>& y) const {
    for (const auto& step : steps_) {
        if (x.empty()) return true;
        std::vector<int> ok(x.size(), 0);
        if (!step->Transform(static_cast<int>(x.size()), x.data(), y.data(), nullptr, nullptr, ok.data())) return false;
        for (int v : ok) {
            if (!v) return false;
        }
    }
    return true;
}

}  // namespace redline::crs
