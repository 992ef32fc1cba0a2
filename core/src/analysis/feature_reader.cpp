// SPDX-License-Identifier: MIT
#include "redline/analysis/feature_reader.hpp"

#include <fmt/format.h>
#include <ogr_geometry.h>
#include <ogrsf_frmts.h>
#include <tbb/enumerable_thread_specific.h>

#include <algorithm>
#include <mutex>
#include <optional>

#include "collection_members_p.hpp"
#include "geodesic_circles_p.hpp"
#include "ogr_to_geos_p.hpp"
#include "redline/crs/coordinate_check.hpp"
#include "redline/geom/geometry.hpp"
#include "redline/io/connection_string.hpp"
#include "redline/io/encoding.hpp"
#include "redline/io/gdal_env.hpp"
#include "redline/io/vector_source.hpp"
#include "redline/util/error.hpp"
#include "redline/util/phase_times.hpp"
#include "ring_closure_p.hpp"
#include "round_arcs_p.hpp"

namespace redline::analysis {
namespace {

// A line's round ends and bends: as many segments a quadrant as a point's circle of that radius
// has (a chord at most 1 cm inside the arc), at most 128; their vertices are then moved out so
// that the arcs enclose their sectors' area (pushArcsOut).
int quadrantSegmentsFor(double metres) { return std::clamp(detail::circleVertexCount(metres) / 4, 16, 128); }

bool isPointOrLine(OGRwkbGeometryType t) {
    t = wkbFlatten(t);
    return t == wkbPoint || t == wkbMultiPoint || t == wkbLineString || t == wkbMultiLineString;
}

bool isAreal(OGRwkbGeometryType t) {
    t = wkbFlatten(t);
    return t == wkbPolygon || t == wkbMultiPolygon;
}

// GEOS's buffer of a long line that zig-zags within its own buffer distance (a GPS trace) needs
// memory growing with the square of its vertices: 3.5 GB for 20,000. A line is the union of its
// parts' buffers, so a long one is buffered 64 segments at a time and the pieces united (the
// arcs' approximation moves its area by about 1e-6 where pieces meet).
OGRGeometry* bufferInPieces(const OGRGeometry& g, double metres) {
    constexpr int kWholeUpTo = 2000;  // vertices: shorter lines are buffered whole, as before
    constexpr int kPieceSegments = 64;
    std::vector<const OGRLineString*> lines;
    int vertices = 0;
    if (wkbFlatten(g.getGeometryType()) == wkbLineString) lines.push_back(g.toLineString());
    if (wkbFlatten(g.getGeometryType()) == wkbMultiLineString)
        for (const OGRLineString* line : *g.toMultiLineString()) lines.push_back(line);
    for (const OGRLineString* line : lines) vertices += line->getNumPoints();
    if (lines.empty() || vertices <= kWholeUpTo) return g.Buffer(metres, quadrantSegmentsFor(metres));
    OGRMultiPolygon pieces;
    for (const OGRLineString* line : lines) {
        for (int from = 0; from + 1 < line->getNumPoints(); from += kPieceSegments) {
            OGRLineString piece;
            piece.addSubLineString(line, from, std::min(from + kPieceSegments, line->getNumPoints() - 1));
            OGRGeometryUniquePtr b(piece.Buffer(metres, quadrantSegmentsFor(metres)));
            if (!b) return nullptr;
            if (wkbFlatten(b->getGeometryType()) == wkbPolygon) {
                pieces.addGeometryDirectly(b.release());
            } else if (wkbFlatten(b->getGeometryType()) == wkbMultiPolygon) {
                for (const OGRPolygon* p : *b->toMultiPolygon()) pieces.addGeometry(p);
            }
        }
    }
    return pieces.UnionCascaded();
}

// Buffers a point or line given in the analysis CRS by `metres`, in an azimuthal equidistant
// projection centred on it (same datum), where a metre is a metre in every direction nearby.
OGRGeometryUniquePtr metricBuffer(const OGRGeometry& g, double metres, const crs::Crs& analysisCrs) {
    OGREnvelope env;
    g.getEnvelope(&env);
    double lon = (env.MinX + env.MaxX) / 2, lat = (env.MinY + env.MaxY) / 2;
    const crs::Crs geog = analysisCrs.geographic();
    if (!analysisCrs.isGeographic()) {
        crs::CtPtr toGeog(OGRCreateCoordinateTransformation(&analysisCrs.srs(), &geog.srs()));
        if (!toGeog || !toGeog->Transform(1, &lon, &lat)) throw CrsError("cannot locate the feature to buffer it");
    }
    OGRSpatialReference local;
    local.CopyGeogCSFrom(&geog.srs());
    local.SetAE(lat, lon, 0, 0);
    local.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    crs::CtPtr forward(OGRCreateCoordinateTransformation(&analysisCrs.srs(), &local));
    crs::CtPtr backward(OGRCreateCoordinateTransformation(&local, &analysisCrs.srs()));
    if (!forward || !backward) throw CrsError("cannot set up a local projection to buffer the feature");
    OGRGeometryUniquePtr projected(g.clone());
    if (projected->transform(forward.get()) != OGRERR_NONE) throw CrsError("cannot project the feature to buffer it");
    OGRGeometryUniquePtr buffered(bufferInPieces(*projected, metres));
    if (buffered) detail::pushArcsOut(*buffered, *projected, metres);
    if (!buffered || buffered->transform(backward.get()) != OGRERR_NONE) {
        throw CrsError("cannot buffer the feature");
    }
    return buffered;
}

}  // namespace

std::string FeatureReader::idClause(OGRFeature& feature) const {
    if (options_.idField < 0 || !feature.IsFieldSetAndNotNull(options_.idField)) return {};
    return fmt::format(" (id {})", feature.GetFieldAsString(options_.idField));
}

FeatureReader::FeatureReader(io::VectorSource& source, const crs::LayerTransform& transform,
                             const crs::Crs& analysisCrs, ReadOptions options)
    : source_(source), transform_(transform), analysisCrs_(analysisCrs), options_(std::move(options)) {
    source_.layer().ResetReading();
    // Subjects only: a site far from anything its CRS can place comes out clear of everything, a
    // constraint or zone there (a transboundary basin's lower reaches) changes no site's result.
    if (const auto& crs = source_.crs(); crs && readsSubjects()) {
        plausible_ = crs::plausibleExtent(*crs);
        if (const auto area = crs->areaOfUse()) areaName_ = area->name;
    }
}

FeatureReader::~FeatureReader() = default;

std::optional<LoadedFeature> FeatureReader::next() {
    timing::PhaseScope timed(timing::Phase::Read);
    io::GdalErrorCapture capture;
    capture.reset();
    OGRFeatureUniquePtr feature(source_.layer().GetNextFeature());
    // A damaged file may still hand out features (a truncated .shp gives ones without geometry):
    // any GDAL failure while reading makes the source unusable, never a silently thinner layer.
    const std::string why = capture.lastError();
    if (!why.empty()) {
        // A feature handed out without its geometry is the one that failed (a GeoPackage's broken
        // blob, a truncated .shp): name it. Otherwise the error may belong elsewhere (GeoJSON
        // parses the whole file at the first read and hands out its first feature intact), so
        // the count says how far reading got, not which feature is damaged.
        if (io::isConnectionString(source_.spec().path)) {
            // A database is not a damaged file: a lost connection or a failing view says why itself.
            throw InputError(fmt::format("{}: reading from the database failed after {} feature(s): {}",
                                         source_.label(), read_, why));
        }
        if (feature && feature->GetGeometryRef() == nullptr) {
            throw InputError(fmt::format("{}: the file is damaged: feature fid {}{} cannot be read: {}",
                                         source_.label(), feature->GetFID(), idClause(*feature), why));
        }
        throw InputError(fmt::format("{}: the file is damaged: reading failed after {} feature(s) were read: {}",
                                     source_.label(), read_, why));
    }
    if (!feature) return std::nullopt;
    ++read_;
    LoadedFeature out;
    out.fid = feature->GetFID();
    // An empty id is no id, as a NULL one is: the fid stands in for both.
    out.id = io::VectorSource::keyText(*feature, options_.idField);
    out.idMissing = options_.idField >= 0 && out.id.empty();
    if (out.id.empty()) out.id = std::to_string(out.fid);
    if (options_.nameField >= 0 && feature->IsFieldSetAndNotNull(options_.nameField)) {
        out.name = io::replaceInvalidUtf8(feature->GetFieldAsString(options_.nameField));
    }
    if (options_.categoryField >= 0) {
        out.category = io::VectorSource::keyText(*feature, options_.categoryField);
        out.categoryMissing = out.category.empty();
    } else {
        out.category = options_.fixedCategory;
    }
    if (options_.keepAttributes) {
        const int n = feature->GetFieldCount();
        out.attributes.reserve(static_cast<std::size_t>(n));
        for (int i = 0; i < n; ++i) out.attributes.push_back(io::VectorSource::value(*feature, i));
    }

    OGRGeometryUniquePtr g(feature->StealGeometry());
    if (!g || g->IsEmpty()) {
        out.error = "the feature has no geometry";
        return out;
    }
    if (plausible_) {
        // One parcel at (0, 0), or pasted in other units, passes the layer's extent test when the
        // rest fit; checked as it is, it came out clear, thousands of kilometres from everything.
        OGREnvelope e;
        g->getEnvelope(&e);
        if (!plausible_->intersects({e.MinX, e.MinY, e.MaxX, e.MaxY})) {
            out.error = fmt::format(
                "its coordinates (x {:.6g}–{:.6g}, y {:.6g}–{:.6g}) lie far outside the area of use of {} ({}); "
                "they are wrong for this layer's CRS",
                e.MinX, e.MaxX, e.MinY, e.MaxY, source_.crs()->label(), areaName_);
            return out;
        }
    }
    if (g->Is3D() || g->IsMeasured()) {
        g->flattenTo2D();
        g->setMeasured(FALSE);
        out.notes.emplace_back("Z/M coordinates dropped (areas are 2D)");
    }
    if (g->hasCurveGeometry()) {
        // GDAL's default step of 4° leaves out 8e-4 of a circle's area; at 0.05° the chords lose
        // 1.3e-7 of it (θ²/6), within the 1e-6 that areas are held to.
        g.reset(g->getLinearGeometry(io::kCurveStepDegrees));
        out.notes.emplace_back("curves approximated by straight segments (every 0.05° of arc)");
    }
    const OGRwkbGeometryType type = wkbFlatten(g->getGeometryType());
    bool inAnalysisCrs = false;  // a collection's buffered members are placed in it already
    if (type == wkbGeometryCollection) {
        if (!areaOfCollection(g, out, inAnalysisCrs)) return out;
    }
    // A CAD boundary is a closed polyline (DXF LWPOLYLINE): without a buffer it is the area it
    // encloses, not a line without area; buffered, a line stays a line (a ring road).
    if (options_.bufferM <= 0 && closedLinesToPolygons(g)) out.notes.emplace_back("closed line read as a polygon");
    out.repairedOnRead = closeOpenRings(g, out.notes);
    if (g->IsEmpty()) {
        out.error = "no ring of the polygon has 4 or more points: it has no area";
        return out;
    }
    try {
        // Areal geometries are transformed by parseGeometry() on the parallel stage.
        const bool deferTransform = !transform_.identity() && isAreal(g->getGeometryType());
        if (inAnalysisCrs) {
            // transformed with its members
        } else if (deferTransform) {
            out.transformPending = true;
        } else {
            transform_.apply(*g);
        }
        if (isPointOrLine(g->getGeometryType())) {
            if (options_.bufferM <= 0) {
                const char* what = type == wkbPoint || type == wkbMultiPoint ? "a point" : "a line";
                // Only subjects are buffered: a constraint or zone layer must hold polygons.
                const bool subject = readsSubjects();
                out.error = subject ? fmt::format(
                                          "{} has no area; give a buffer in metres (buffer_m / --buffer) "
                                          "to check it",
                                          what)
                                    : fmt::format(
                                          "{} has no area; constraint and zone layers must hold polygons "
                                          "(buffer the layer into polygons in a GIS first)",
                                          what);
                return out;
            }
            if (wkbFlatten(g->getGeometryType()) == wkbPoint || wkbFlatten(g->getGeometryType()) == wkbMultiPoint) {
                // Many point layers are typed MultiPoint: each point its geodesic circle, all the same.
                OGRMultiPolygon circles;
                addCircles(*g, circles);
                if (circles.getNumGeometries() == 1) {
                    g.reset(circles.getGeometryRef(0)->clone());
                } else {
                    g.reset(circles.UnionCascaded());  // united where they overlap
                    if (!g) throw CrsError("cannot unite the circles around the points");
                }
            } else {
                g = metricBuffer(*g, options_.bufferM, analysisCrs_);
            }
            out.notes.push_back(fmt::format("buffered by {} m", options_.bufferM));
        } else if (!isAreal(g->getGeometryType())) {
            out.error = fmt::format("unsupported geometry type {}", OGRGeometryTypeToName(g->getGeometryType()));
            return out;
        }
    } catch (const CrsError& e) {
        out.error = e.what();
        return out;
    }
    out.read = std::move(g);
    return out;
}

void FeatureReader::addCircles(const OGRGeometry& points, OGRMultiPolygon& out) {
    if (!circles_) circles_ = std::make_unique<detail::GeodesicCircles>(analysisCrs_);
    if (wkbFlatten(points.getGeometryType()) == wkbPoint) {
        out.addGeometryDirectly(circles_->around(*points.toPoint(), options_.bufferM).release());
        return;
    }
    for (const OGRPoint* point : *points.toMultiPoint())
        out.addGeometryDirectly(circles_->around(*point, options_.bufferM).release());
}

bool FeatureReader::areaOfCollection(OGRGeometryUniquePtr& g, LoadedFeature& out, bool& inAnalysisCrs) {
    detail::CollectionMembers members = detail::flattenCollection(*g->toGeometryCollection());
    const bool buffered = options_.bufferM > 0 && (!members.lines.IsEmpty() || !members.points.IsEmpty());
    if (options_.bufferM <= 0 && detail::closedLinesToPolygons(members) > 0)
        out.notes.emplace_back("closed lines of a geometry collection read as polygons");
    if (buffered) {
        try {
            // Buffered in the analysis CRS, as a lone point or line is; the polygons go along.
            transform_.apply(members.polygons);
            if (!members.points.IsEmpty()) {
                transform_.apply(members.points);
                addCircles(members.points, members.polygons);
            }
            if (!members.lines.IsEmpty()) {
                transform_.apply(members.lines);
                OGRGeometryUniquePtr corridor = metricBuffer(members.lines, options_.bufferM, analysisCrs_);
                if (wkbFlatten(corridor->getGeometryType()) == wkbPolygon) {
                    members.polygons.addGeometry(corridor.get());
                } else if (wkbFlatten(corridor->getGeometryType()) == wkbMultiPolygon) {
                    for (const OGRPolygon* p : *corridor->toMultiPolygon()) members.polygons.addGeometry(p);
                }
            }
        } catch (const CrsError& e) {
            out.error = e.what();
            return false;
        }
        out.notes.push_back(
            fmt::format("the points and lines of a geometry collection buffered by {} m", options_.bufferM));
        inAnalysisCrs = true;
    } else if (!members.lines.IsEmpty() || !members.points.IsEmpty()) {
        if (members.polygons.IsEmpty()) {
            // Only subjects are buffered: a constraint or zone layer must hold polygons.
            const bool subject = readsSubjects();
            out.error = subject ? "the geometry collection has no polygon, only points or lines (a buffer in "
                                  "metres, buffer_m / --buffer, makes areas of them)"
                                : "the geometry collection has no polygon, only points or lines; constraint and "
                                  "zone layers must hold polygons (buffer the layer into polygons in a GIS first)";
            return false;
        }
        out.notes.emplace_back("only the polygons of a geometry collection were used");
    }
    if (members.polygons.IsEmpty()) {
        out.error = "the geometry collection has no polygon";
        return false;
    }
    if (buffered && members.polygons.getNumGeometries() > 1) {
        // The circles and corridors overlap each other and the polygons: their union, not a repair.
        OGRGeometryUniquePtr united(members.polygons.UnionCascaded());
        if (united) {
            g = std::move(united);
            return true;
        }
    }
    g.reset(new OGRMultiPolygon(std::move(members.polygons)));
    return true;
}

struct ThreadTransforms::Copies {
    tbb::enumerable_thread_specific<std::optional<crs::LayerTransform>> perThread;
    std::mutex cloning;  // GDAL 3.6's OGRSpatialReference is not safe to copy from two threads at once
};

ThreadTransforms::ThreadTransforms(const crs::LayerTransform& transform)
    : transform_(transform), copies_(std::make_unique<Copies>()) {}

ThreadTransforms::~ThreadTransforms() = default;

const crs::LayerTransform& ThreadTransforms::local() const {
    std::optional<crs::LayerTransform>& copy = copies_->perThread.local();
    if (!copy) {
        const std::lock_guard<std::mutex> lock(copies_->cloning);
        copy.emplace(transform_.clone());
    }
    return *copy;
}

void parseGeometry(LoadedFeature& f, const ThreadTransforms& transforms) {
    if (!f.read) return;
    timing::PhaseScope timed(timing::Phase::Read);
    try {
        if (f.transformPending) {
            io::GdalErrorCapture quiet;  // PROJ's complaint is the feature's error, not stderr's
            transforms.local().apply(*f.read);
        }
        f.geometry = detail::polygonalFromOgr(*f.read);
        if (!f.geometry) {
            std::vector<unsigned char> wkb(f.read->WkbSize());
            f.read->exportToWkb(wkbNDR, wkb.data(), wkbVariantIso);
            f.geometry = geom::fromWkb(wkb);
        }
    } catch (const CrsError& e) {
        f.error = e.what();
    } catch (const GeosError& e) {
        f.error = e.what();
    }
    f.transformPending = false;
    f.read.reset();
}

}  // namespace redline::analysis
