// SPDX-License-Identifier: MIT
#include "redline/geom/validity.hpp"

#include <fmt/format.h>

#include "redline/geom/geometry.hpp"

namespace redline::geom {

std::string ValidityReport::describe() const {
    if (valid) return "valid";
    if (x && y) return fmt::format("{} at ({:.7f}, {:.7f})", reason, *x, *y);
    return reason;
}

ValidityReport checkValidity(const GEOSGeometry* g) {
    if (certainlyValid(g)) return {};
    char* reason = nullptr;
    GEOSGeometry* location = nullptr;
    const char rc = GEOSisValidDetail_r(geosHandle(), g, 0, &reason, &location);
    if (rc == 2) throwGeosError("validity check");
    ValidityReport report;
    report.valid = rc == 1;
    if (reason != nullptr) {
        report.reason = reason;
        GEOSFree_r(geosHandle(), reason);
    }
    if (location != nullptr) {
        GeomPtr point(location);
        double x = 0, y = 0;
        if (!isEmpty(point.get()) && GEOSGeomGetX_r(geosHandle(), point.get(), &x) == 1 &&
            GEOSGeomGetY_r(geosHandle(), point.get(), &y) == 1) {
            report.x = x;
            report.y = y;
        }
    }
    return report;
}

namespace {
struct MakeValidParamsDeleter {
    void operator()(GEOSMakeValidParams* p) const noexcept { GEOSMakeValidParams_destroy_r(geosHandle(), p); }
};
}  // namespace

RepairResult repairPolygonal(GeomPtr g) {
    ValidityReport report = checkValidity(g.get());
    if (report.valid) return {std::move(g), false, {}};

    const bool polygonal = isPolygonal(g.get());
    std::unique_ptr<GEOSMakeValidParams, MakeValidParamsDeleter> params(GEOSMakeValidParams_create_r(geosHandle()));
    // "structure" treats rings as area boundaries (a bow-tie becomes its two lobes), which is
    // what a planner drew; "linework" can turn an overlapping ring into holes.
    GEOSMakeValidParams_setMethod_r(geosHandle(), params.get(), GEOS_MAKE_VALID_STRUCTURE);
    GEOSMakeValidParams_setKeepCollapsed_r(geosHandle(), params.get(), 0);
    GEOSGeometry* fixed = GEOSMakeValidWithParams_r(geosHandle(), g.get(), params.get());
    if (fixed == nullptr) throwGeosError(("repairing an invalid geometry (" + report.describe() + ")").c_str());
    GeomPtr result(fixed);
    if (polygonal) result = polygonalPart(std::move(result));
    return {std::move(result), true, report.describe()};
}

}  // namespace redline::geom
