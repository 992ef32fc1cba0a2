// SPDX-License-Identifier: MIT
#include <fmt/format.h>
#include <tbb/parallel_pipeline.h>

#include <algorithm>
#include <memory>

#include "layer_loader_p.hpp"
#include "outlying_features_p.hpp"
#include "redline/crs/coordinate_check.hpp"
#include "redline/geom/geometry.hpp"
#include "redline/geom/validity.hpp"
#include "redline/io/connection_string.hpp"
#include "redline/util/error.hpp"
#include "redline/util/phase_times.hpp"

namespace redline::analysis::detail {

int optionalField(const io::VectorSource& src, const std::string& name, const std::string& role,
                  const std::string& jsonPath) {
    return name.empty() ? -1 : src.requireField(name, role, jsonPath);
}

void requireGeoreferenced(const io::VectorSource& src, const std::string& jsonPath) {
    if (!src.hasGeometryColumn()) {
        throw InputError(fmt::format("{}: the layer {} has no geometry (an attribute table); give a layer of polygons",
                                     src.label(), src.layerName()));
    }
    if (src.crs()) return;
    throw CrsError(fmt::format("{}: the layer has no CRS ({}); state it with {}", src.label(), src.whyNoCrs(),
                               jsonPath.empty() ? "\"|crs=EPSG:4490\" after the path" : jsonPath + ".crs"));
}

io::VectorSource openSource(const LayerSpec& spec) {
    try {
        return io::VectorSource::open(spec.source);
    } catch (const CrsError& e) {
        if (spec.jsonPath.empty()) throw;
        throw CrsError(fmt::format("{} (at {})", e.what(), spec.jsonPath));
    } catch (const InputError& e) {
        if (spec.jsonPath.empty()) throw;
        throw InputError(fmt::format("{} (at {})", e.what(), spec.jsonPath));
    }
}

// Opens a layer and sets up its transformation to the analysis CRS, refusing a missing CRS or
// coordinates that do not fit it.
OpenedLayer openLayer(const LayerSpec& spec, const std::string& role, const crs::Crs& analysisCrs,
                      CheckContext& context) {
    OpenedLayer layer;
    layer.source = std::make_unique<io::VectorSource>(openSource(spec));
    const io::VectorSource& src = *layer.source;
    const std::string jsonPath = spec.jsonPath.empty() ? "" : spec.jsonPath;
    requireGeoreferenced(src, jsonPath);
    std::optional<geom::Envelope> extentLonLat;
    if (auto extent = src.extent()) {
        const auto diagnosis = crs::diagnoseExtent(*src.crs(), *extent);
        if (!diagnosis.ok()) {
            const std::string few = detail::outlyingFeaturesNote(src, *src.crs(), spec.idField);
            throw CrsError(fmt::format("{}: {}", src.label(), few.empty() ? diagnosis.message : few));
        }
        extentLonLat = crs::extentInLonLat(*src.crs(), *extent);
    }
    layer.transform = std::make_unique<crs::LayerTransform>(
        crs::LayerTransform::create(*src.crs(), analysisCrs, spec.datumTransform, extentLonLat, src.label(), jsonPath));
    layer.extentLonLat = extentLonLat;

    InputInfo info;
    info.role = role;
    info.path = io::isConnectionString(spec.source.path) ? io::redactedConnection(spec.source.path) : spec.source.path;
    info.label = src.label();
    info.driver = src.driverName();
    info.crs = src.crs()->label();
    info.encoding = src.encoding().encoding.empty() ? "" : src.encoding().encoding + " (" + src.encoding().how + ")";
    info.features = src.featureCount();
    info.notes = layer.transform->notes();
    if (const std::string& garbled = src.encoding().warning; !garbled.empty()) {
        info.notes.push_back(garbled);
        info.warnings.push_back(garbled);
    }
    if (std::string deleted = src.deletedRecordsNote(); !deleted.empty()) {
        info.notes.push_back(deleted);
        info.warnings.push_back(std::move(deleted));
    }
    for (const std::string& w : src.readingWarnings()) {
        info.notes.push_back(w);
        info.warnings.push_back(w);
    }
    context.inputs.push_back(std::move(info));
    return layer;
}

namespace {

void repair(LoadedFeature& f) {
    if (!f.geometry) return;
    timing::PhaseScope timed(timing::Phase::Validate);
    try {
        geom::RepairResult r = geom::repairPolygonal(std::move(f.geometry));
        f.geometry = std::move(r.geometry);
        if (r.repaired) f.notes.push_back("invalid geometry repaired (" + r.reason + ")");
        if (geom::isEmpty(f.geometry.get())) {
            f.error = "the geometry has no area";
            f.geometry.reset();
        }
    } catch (const Error& e) {
        f.error = e.what();
        f.geometry.reset();
    }
}

}  // namespace

// Reads all features of a constraint or zone layer and repairs them: a pipeline, so features
// are repaired on the other threads while GDAL reads the next ones.
std::vector<LoadedFeature> readAll(OpenedLayer& layer, const crs::Crs& analysisCrs, tbb::task_arena& arena,
                                   Feedback& feedback) {
    // Chunks of a few features, or of one large one (a basin), so large features repair in parallel.
    constexpr std::size_t kChunkFeatures = 64;
    constexpr int kChunkVertices = 20000;
    FeatureReader reader(*layer.source, *layer.transform, analysisCrs, layer.options);
    const ThreadTransforms transforms(*layer.transform);
    std::vector<LoadedFeature> features;
    using Chunk = std::shared_ptr<std::vector<LoadedFeature>>;
    const auto read = [&](tbb::flow_control& control) -> Chunk {
        auto chunk = std::make_shared<std::vector<LoadedFeature>>();
        int vertices = 0;
        while (chunk->size() < kChunkFeatures && vertices < kChunkVertices && !feedback.isCanceled()) {
            auto f = reader.next();
            if (!f) break;
            if (f->read) vertices += static_cast<int>(f->read->WkbSize() / 16);  // 2D: 16 bytes a vertex
            chunk->push_back(std::move(*f));
        }
        if (chunk->empty()) control.stop();
        return chunk;
    };
    const auto repairAll = [&](Chunk chunk) -> Chunk {
        for (LoadedFeature& f : *chunk) {
            if (feedback.isCanceled()) break;
            parseGeometry(f, transforms);
            repair(f);
        }
        return chunk;
    };
    const auto collect = [&](Chunk chunk) {
        for (LoadedFeature& f : *chunk) features.push_back(std::move(f));
    };
    arena.execute([&] {
        const auto tokens = static_cast<std::size_t>(4 * std::max(1, arena.max_concurrency()));
        tbb::parallel_pipeline(tokens, tbb::make_filter<void, Chunk>(tbb::filter_mode::serial_in_order, read) &
                                           tbb::make_filter<Chunk, Chunk>(tbb::filter_mode::parallel, repairAll) &
                                           tbb::make_filter<Chunk, void>(tbb::filter_mode::serial_in_order, collect));
    });
    feedback.throwIfCanceled();
    return features;
}

void recordProblems(const LoadedFeature& f, const std::string& layer, CheckContext& context) {
    if (!f.error.empty()) context.problems.push_back({layer, f.fid, f.id, "skipped", f.error});
    for (const auto& note : f.notes) {
        context.problems.push_back({layer, f.fid, f.id, note.rfind("invalid", 0) == 0 ? "repaired" : "note", note});
    }
}

// The geographic CRS of the subjects' datum; but data on an old datum (Xian 1980, Beijing 1954)
// is analysed in CGCS2000, the national standard it must be transformed to (with the user's
// parameters, or refused), and a 4-parameter transformation leads to its target's datum.
crs::Crs statedAnalysisCrs(const Project& project) {
    // The project file's key, or the command line's flag: "$.analysis_crs" alone named neither.
    const std::string where =
        project.file.empty() ? "--analysis-crs" : fmt::format("{}: $.analysis_crs", project.file.string());
    std::optional<crs::Crs> stated;
    try {
        stated = crs::Crs::fromUserInput(project.analysisCrs);
    } catch (const CrsError& e) {
        throw CrsError(fmt::format("{}: {}", where, e.what()));
    }
    if (!stated->isGeographic() && !stated->isProjected()) {
        throw CrsError(
            fmt::format("{}: {} is neither geographic nor projected (a geocentric or "
                        "vertical CRS); give one such as EPSG:4490 or a Gauss-Kruger zone",
                        where, stated->label()));
    }
    return *stated;
}

crs::Crs defaultAnalysisCrs(const crs::Crs& subjects, const std::optional<crs::DatumTransform>& transform) {
    if (transform && transform->method == crs::DatumTransform::Method::FourParam && !transform->targetCrs.empty()) {
        return crs::Crs::fromUserInput(transform->targetCrs).geographic();
    }
    const auto family = subjects.datumFamily();
    if (transform || family == crs::DatumFamily::Xian1980 || family == crs::DatumFamily::Beijing1954 ||
        family == crs::DatumFamily::NewBeijing) {
        return crs::Crs::fromUserInput("EPSG:4490");
    }
    return subjects.geographic();
}

}  // namespace redline::analysis::detail
