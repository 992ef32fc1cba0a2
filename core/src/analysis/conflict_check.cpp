// SPDX-License-Identifier: MIT
#include "redline/analysis/conflict_check.hpp"

#include <fmt/format.h>
#include <tbb/global_control.h>
#include <tbb/info.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_pipeline.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <optional>
#include <thread>

#include "layer_loader_p.hpp"
#include "redline/analysis/feature_reader.hpp"
#include "redline/analysis/subject_checker.hpp"
#include "redline/crs/coordinate_check.hpp"
#include "redline/geom/geometry.hpp"
#include "redline/geom/validity.hpp"
#include "redline/io/vector_source.hpp"
#include "redline/util/error.hpp"
#include "redline/util/phase_times.hpp"
#include "redline/util/worker_threads.hpp"
#include "repeated_ids_p.hpp"

namespace redline::analysis {
using namespace detail;
namespace {

// Subjects are read, checked and written this many at a time: memory stays bounded by the
// batch, and each batch has enough work to keep every thread busy.
constexpr std::size_t kBatchSize = 1024;

}  // namespace

std::optional<crs::Crs> projectAnalysisCrs(const Project& project) {
    if (!project.analysisCrs.empty()) return statedAnalysisCrs(project);
    if (project.subjects.source.path.empty()) return std::nullopt;
    const io::VectorSource subjects = openSource(project.subjects);
    if (!subjects.crs()) return std::nullopt;
    return defaultAnalysisCrs(*subjects.crs(), project.subjects.datumTransform);
}

struct ConflictCheck::State {
    Project project;
    CheckContext context;
    std::unique_ptr<crs::Measure> measure;
    std::vector<std::unique_ptr<PolygonIndex>> categoryIndexes;
    std::vector<ZoneLayerIndex> zoneIndexes;
    std::unique_ptr<SubjectChecker> checker;
    std::unique_ptr<tbb::task_arena> arena;  // --threads bounds loading as well as checking
    OpenedLayer subjects;
    RepeatedIds repeatedIds;
    bool prepared = false;
};

ConflictCheck::ConflictCheck(Project project) : state_(std::make_unique<State>()) {
    state_->project = std::move(project);
}

ConflictCheck::~ConflictCheck() = default;

const CheckContext& ConflictCheck::context() const { return state_->context; }
const Project& ConflictCheck::project() const { return state_->project; }
const RepeatedIdSummary& ConflictCheck::repeatedIds() const { return state_->repeatedIds.summary(); }

void ConflictCheck::prepare(Feedback& feedback) {
    State& s = *state_;
    const Project& p = s.project;
    CheckContext& ctx = s.context;
    ctx.projectName = p.name;
    ctx.minAreaM2 = p.minAreaM2;
    ctx.rules = p.rules;
    ctx.threads = requestedThreads(p.threads);
    s.arena = makeWorkerArena(ctx.threads);
    feedback.setStep("opening inputs");

    // The subjects decide the analysis CRS unless the project names one.
    auto subjectSource = std::make_unique<io::VectorSource>(openSource(p.subjects));
    if (!p.analysisCrs.empty()) {
        ctx.analysisCrs = statedAnalysisCrs(p);
    } else if (subjectSource->crs()) {
        ctx.analysisCrs = defaultAnalysisCrs(*subjectSource->crs(), p.subjects.datumTransform);
    }
    requireGeoreferenced(*subjectSource, p.subjects.jsonPath);
    subjectSource.reset();
    const crs::Crs& analysisCrs = *ctx.analysisCrs;
    s.measure = std::make_unique<crs::Measure>(analysisCrs);

    s.subjects = openLayer(p.subjects, "subjects", analysisCrs, ctx);
    // Nearest-feature searches prune by distances in the analysis CRS: its scale must be known
    // wherever subjects and constraints lie.
    if (s.subjects.extentLonLat) s.measure->coverLonLat(*s.subjects.extentLonLat);
    {
        const io::VectorSource& src = *s.subjects.source;
        s.subjects.options.idField =
            optionalField(src, p.subjects.idField, "id field",
                          p.subjects.jsonPath.empty() ? "--id-field" : p.subjects.jsonPath + ".id_field");
        s.subjects.options.nameField =
            optionalField(src, p.subjects.nameField, "name field",
                          p.subjects.jsonPath.empty() ? "--name-field" : p.subjects.jsonPath + ".name_field");
        s.subjects.options.keepAttributes = true;
        s.subjects.options.bufferM = p.subjects.bufferM;
        ctx.subjectFields = src.fields();
        ctx.subjectCount = ctx.inputs.back().features;
    }

    // Constraints: read every layer, group features by category.
    std::map<std::string, std::vector<std::pair<std::size_t, geom::GeomPtr>>> byCategory;  // feature row, geometry
    struct PendingFeature {
        std::string layer, id, name, category;
    };
    std::vector<PendingFeature> pending;
    const double loadShare = 80.0 / static_cast<double>(p.constraints.size() + p.zones.size());
    double done = 0;
    // For the message when no constraint is usable: which layers, how much was read, and why.
    std::string constraintLabels, firstProblem;
    std::size_t constraintsRead = 0;
    for (std::size_t i = 0; i < p.constraints.size(); ++i) {
        const LayerSpec& spec = p.constraints[i];
        feedback.setStep(fmt::format("reading constraints {}", spec.source.label()));
        OpenedLayer layer = openLayer(spec, "constraints", analysisCrs, ctx);
        if (layer.extentLonLat) s.measure->coverLonLat(*layer.extentLonLat);
        const std::string jsonPath = spec.jsonPath.empty() ? "--category-field" : spec.jsonPath + ".category_field";
        layer.options.idField = optionalField(*layer.source, spec.idField, "id field",
                                              spec.jsonPath.empty() ? "" : spec.jsonPath + ".id_field");
        layer.options.nameField = optionalField(*layer.source, spec.nameField, "name field",
                                                spec.jsonPath.empty() ? "" : spec.jsonPath + ".name_field");
        layer.options.categoryField = optionalField(*layer.source, spec.categoryField, "category field", jsonPath);
        layer.options.fixedCategory = io::trimmedKey(spec.category);  // as categories read from data are
        const std::string label = layer.source->label();
        constraintLabels += (constraintLabels.empty() ? "" : ", ") + label;
        std::map<std::string, std::size_t> unlisted;  // categories the rules do not name, with their counts
        const std::size_t readBefore = constraintsRead;
        for (LoadedFeature& f : readAll(layer, analysisCrs, *s.arena, feedback)) {
            ++constraintsRead;
            if (!p.rules.categories.empty() && !f.category.empty() && p.rules.categories.count(f.category) == 0)
                ++unlisted[f.category];
            if (f.categoryMissing) f.error = "the category field is empty; the feature is not used";
            if (firstProblem.empty() && !f.error.empty()) firstProblem = fmt::format("{} {}: {}", label, f.id, f.error);
            recordProblems(f, label, ctx);
            if (!f.error.empty() || !f.geometry) continue;
            const std::size_t row = pending.size();
            pending.push_back({label, f.id, f.name, f.category});
            byCategory[f.category].emplace_back(row, std::move(f.geometry));
        }
        if (constraintsRead == readBefore && !feedback.isCanceled()) {
            // With other layers the check runs, but a site on this layer's redlines comes out clear.
            ctx.inputs.back().warnings.emplace_back("the layer holds no features: nothing of it was checked");
            ctx.inputs.back().notes.push_back(ctx.inputs.back().warnings.back());
        }
        for (const auto& [category, count] : unlisted) {
            // Often a typo or stray space in the data: its features fall to the default rule.
            ctx.inputs.back().warnings.push_back(fmt::format(
                "category \"{}\" ({} feature{}) is not in the rules{}: it is rated {}, the rules' default", category,
                count, count == 1 ? "" : "s", p.rules.source.empty() ? "" : " (" + p.rules.source + ")",
                severityName(p.rules.defaults.severity)));
            ctx.inputs.back().notes.push_back(ctx.inputs.back().warnings.back());
        }
        done += loadShare;
        feedback.setProgress(done);
    }

    // Categories in name order, so indices and columns never depend on reading order.
    feedback.setStep("indexing constraints");
    ctx.constraintFeatures.resize(pending.size());
    for (auto& [name, features] : byCategory) {
        const std::size_t categoryIndex = ctx.categories.size();
        CategoryInfo info;
        info.name = name;
        info.rule = p.rules.ruleFor(name);
        info.minAreaM2 = info.rule.minAreaM2.value_or(p.minAreaM2);
        info.featureCount = features.size();
        ctx.categories.push_back(info);
        auto index = std::make_unique<PolygonIndex>();
        std::vector<std::pair<geom::GeomPtr, std::size_t>> geometries;
        geometries.reserve(features.size());
        for (auto& [row, geometry] : features) {
            const PendingFeature& f = pending[row];
            ctx.constraintFeatures[row] = {f.layer, f.id, f.name, categoryIndex};
            geometries.emplace_back(std::move(geometry), row);
        }
        s.arena->execute([&] {
            geom::GeosInterruptScope interrupt(&feedback);
            index->addAll(std::move(geometries));
            index->finish();
        });
        feedback.throwIfCanceled();
        s.categoryIndexes.push_back(std::move(index));
    }
    if (ctx.categories.empty()) {
        throw InputError(fmt::format("{}: no usable constraint polygon ({} {} read{})", constraintLabels,
                                     constraintsRead, constraintsRead == 1 ? "feature" : "features",
                                     firstProblem.empty() ? "" : "; the first unusable: " + firstProblem));
    }
    ctx.priorityOrder.resize(ctx.categories.size());
    for (std::size_t i = 0; i < ctx.priorityOrder.size(); ++i) ctx.priorityOrder[i] = i;
    std::stable_sort(ctx.priorityOrder.begin(), ctx.priorityOrder.end(), [&](std::size_t a, std::size_t b) {
        const auto& pa = ctx.categories[a].rule.priority;
        const auto& pb = ctx.categories[b].rule.priority;
        if (pa.has_value() != pb.has_value()) return pa.has_value();
        return pa.has_value() && *pa < *pb;
    });

    // Zones.
    for (const LayerSpec& spec : p.zones) {
        feedback.setStep(fmt::format("reading zones {}", spec.source.label()));
        OpenedLayer layer = openLayer(spec, "zones", analysisCrs, ctx);
        layer.options.categoryField = layer.source->requireField(
            spec.zoneField, "zone field", spec.jsonPath.empty() ? "--zone-field" : spec.jsonPath + ".field");
        const std::string label = layer.source->label();
        ZoneLayerIndex zone;
        zone.name = spec.zoneName.empty() ? layer.source->layerName() : spec.zoneName;
        // Zones are few and large (basins, counties): a subject crossing one of their pieces'
        // cut lines is usually still inside the zone, which the whole feature, prepared, tells
        // without an overlay.
        zone.index = std::make_unique<PolygonIndex>(true);
        std::vector<std::pair<geom::GeomPtr, std::size_t>> geometries;
        for (LoadedFeature& f : readAll(layer, analysisCrs, *s.arena, feedback)) {
            if (f.categoryMissing) f.error = "the zone field is empty; the feature is not used";
            recordProblems(f, label, ctx);
            if (!f.error.empty() || !f.geometry) continue;
            geometries.emplace_back(std::move(f.geometry), zone.values.size());
            zone.values.push_back(f.category);
        }
        s.arena->execute([&] {
            geom::GeosInterruptScope interrupt(&feedback);
            zone.index->addAll(std::move(geometries));
            zone.index->finish();
        });
        feedback.throwIfCanceled();
        if (std::any_of(s.zoneIndexes.begin(), s.zoneIndexes.end(),
                        [&](const auto& z) { return z.name == zone.name; })) {
            throw ProjectFileError(
                fmt::format("two zone layers are both named \"{}\"; give each its own name (--zone-name, or \"name\" "
                            "in the project)",
                            zone.name));
        }
        ctx.zoneLayers.push_back(zone.name);
        s.zoneIndexes.push_back(std::move(zone));
        done += loadShare;
        feedback.setProgress(done);
    }
    s.checker = std::make_unique<SubjectChecker>(ctx, s.categoryIndexes, s.zoneIndexes, *s.measure);
    s.prepared = true;
    feedback.setProgress(100);
}

SubjectResult ConflictCheck::checkGeometry(const GEOSGeometry* geometry) const {
    SubjectResult result;
    state_->checker->check(geom::clone(geometry), result);
    return result;
}

std::vector<ZoneConflictPart> ConflictCheck::splitByZone(const SubjectResult& result, std::size_t zoneLayer) const {
    return state_->checker->splitByZone(result, zoneLayer);
}

void ConflictCheck::run(ResultSink& sink, Feedback& feedback) {
    State& s = *state_;
    if (!s.prepared) throw std::logic_error("ConflictCheck::run before prepare");
    const CheckContext& ctx = s.context;
    s.repeatedIds = RepeatedIds{s.subjects.options.idField >= 0 ? ctx.subjectCount : 0};
    FeatureReader reader(*s.subjects.source, *s.subjects.transform, *ctx.analysisCrs, s.subjects.options);
    const ThreadTransforms transforms(*s.subjects.transform);
    sink.begin(ctx);
    const double total = static_cast<double>(std::max<std::int64_t>(ctx.subjectCount, 1));
    // Progress counts subjects as they are checked, not batches as they are written: a project
    // of a few large sites is one batch, and its progress sat at the step before ("indexing
    // constraints") until the whole overlay was done.
    std::atomic<std::int64_t> checked{0};
    feedback.setStep("checking subjects");
    feedback.setProgress(0);

    // A pipeline of batches: one is read while others are checked and the one before is
    // written, so neither reading nor writing (both serial) leaves threads idle. Batches are
    // written in reading order, so the outputs never depend on the thread count.
    struct Batch {
        std::vector<LoadedFeature> features;
        std::vector<SubjectResult> results;
    };
    using BatchPtr = std::shared_ptr<Batch>;
    const auto read = [&](tbb::flow_control& control) -> BatchPtr {
        auto batch = std::make_shared<Batch>();
        batch->features.reserve(kBatchSize);
        while (batch->features.size() < kBatchSize && !feedback.isCanceled()) {
            auto f = reader.next();
            if (!f) break;
            // Without an id field the ids are fids, unique by construction.
            // A missing id's stand-in fid is not a repeat of a real id that happens to equal it.
            if (s.subjects.options.idField >= 0 && !f->idMissing) s.repeatedIds.see(*f);
            if (f->idMissing) f->notes.push_back(fmt::format("no id; the fid {} stands in", f->fid));
            batch->features.push_back(std::move(*f));
        }
        if (batch->features.empty()) control.stop();
        return batch;
    };
    const auto check = [&](BatchPtr batch) -> BatchPtr {
        if (!batch) return batch;
        batch->results.resize(batch->features.size());
        tbb::parallel_for(std::size_t{0}, batch->features.size(), [&](std::size_t i) {
            if (feedback.isCanceled()) return;
            geom::GeosInterruptScope interrupt(&feedback);
            LoadedFeature& f = batch->features[i];
            parseGeometry(f, transforms);
            SubjectResult& r = batch->results[i];
            r.fid = f.fid;
            r.id = std::move(f.id);
            r.name = std::move(f.name);
            r.attributes = std::move(f.attributes);
            r.notes = std::move(f.notes);
            r.repaired = f.repairedOnRead;
            r.zones.assign(s.zoneIndexes.size(), {});
            if (!f.geometry) {
                r.status = SubjectStatus::Error;
                r.error = f.error;
                return;
            }
            try {
                s.checker->check(std::move(f.geometry), r);
            } catch (const Cancelled&) {
                // every worker polls; the run stops below
            }
            feedback.setProgress(std::min(100.0, 100.0 * static_cast<double>(++checked) / total));
        });
        batch->features.clear();
        return batch;
    };
    const auto write = [&](BatchPtr batch) {
        if (!batch || feedback.isCanceled()) return;
        {
            timing::PhaseScope timed(timing::Phase::Write);
            sink.write(batch->results);
        }
    };
    const std::size_t tokens = static_cast<std::size_t>(std::max(3, ctx.threads + 1));
    s.arena->execute([&] {
        tbb::parallel_pipeline(tokens, tbb::make_filter<void, BatchPtr>(tbb::filter_mode::serial_in_order, read) &
                                           tbb::make_filter<BatchPtr, BatchPtr>(tbb::filter_mode::parallel, check) &
                                           tbb::make_filter<BatchPtr, void>(tbb::filter_mode::serial_in_order, write));
    });
    feedback.throwIfCanceled();
    timing::PhaseScope timed(timing::Phase::Write);
    s.arena->execute([&] { sink.finish(); });  // on the check's threads (the spatial indexes are packed in parallel)
}

}  // namespace redline::analysis
