// SPDX-License-Identifier: MIT
#include "redline/render/project_run.hpp"

#include <QCoreApplication>
#include <algorithm>

#include "redline/render/layer_loading.hpp"

namespace redline::render {

namespace {

// Keeps what maps and reports need of each result, after the collector took the rows.
class RunSink : public analysis::ResultSink {
  public:
    RunSink(CheckCollector& collector, ProjectRun& run) : collector_(collector), run_(run) {}
    void begin(const analysis::CheckContext& context) override { collector_.begin(context); }
    void write(std::vector<analysis::SubjectResult>& batch) override {
        // Before the collector takes the overlaps' geometries.
        for (const auto& r : batch) {
            if (r.status != analysis::SubjectStatus::Conflict) continue;
            auto& split = run_.conflictByZone.emplace_back();
            for (std::size_t z = 0; z < run_.context().zoneLayers.size(); ++z)
                split.push_back(run_.check->splitByZone(r, z));
        }
        collector_.write(batch);
        for (auto& r : batch) {
            if (r.repaired && r.status != analysis::SubjectStatus::Error) {
                std::string repairs;
                for (const auto& note : r.notes)
                    if (note.rfind("invalid", 0) == 0) repairs += (repairs.empty() ? "" : "; ") + note;
                run_.subjectRepairs.push_back({"", r.fid, r.id, "repaired", repairs});
            }
            if (r.status == analysis::SubjectStatus::Conflict) {
                if (r.severity) ++run_.bySeverity[*r.severity];
                for (auto& o : r.overlaps) o.geometry.reset();
                for (auto& o : r.edgeContacts) o.geometry.reset();
                run_.conflicted.push_back(std::move(r));
            } else if (r.status == analysis::SubjectStatus::Clear) {
                if (run_.clear.size() >= kClearSubjectsKept) continue;
                r.geometry.reset();
                r.attributes.clear();
                for (auto& o : r.overlaps) o.geometry.reset();
                for (auto& o : r.edgeContacts) o.geometry.reset();
                run_.clear.push_back(std::move(r));
            } else if (r.status == analysis::SubjectStatus::Error) {
                r.geometry.reset();
                run_.failed.push_back(std::move(r));
            }
        }
    }
    void finish() override { collector_.finish(); }

  private:
    CheckCollector& collector_;
    ProjectRun& run_;
};

}  // namespace

Box ProjectRun::fullExtent() const {
    // The layers', never the project's saved `map.extent`: that is the viewer's last window
    // (shown when the project opens), and it cropped "the whole project" of `map --extent all`,
    // the report's overview and the location inset to whatever was last zoomed to.
    Box all;
    for (const auto& l : layers)
        if (l.layer && l.visible) all.expand(l.layer->extent());
    return all;
}

const StyledLayer* ProjectRun::layerWithRole(LayerRole role) const {
    for (std::size_t i = 0; i < layers.size(); ++i)
        if (roles[i] == role) return &layers[i];
    return nullptr;
}

std::vector<const analysis::SubjectResult*> ProjectRun::conflictsBySeverity() const {
    std::vector<const analysis::SubjectResult*> order;
    for (const auto& r : conflicted)
        if (r.geometry) order.push_back(&r);
    std::stable_sort(order.begin(), order.end(), [](const auto* a, const auto* b) {
        if (a->severity != b->severity) return a->severity > b->severity;
        return a->conflictAreaM2 > b->conflictAreaM2;
    });
    return order;
}

std::shared_ptr<const VectorLayer> ProjectRun::subjectOutline(const analysis::SubjectResult& subject) const {
    VectorLayerBuilder builder(QString::fromStdString(subject.id), {QStringLiteral("id")});
    std::unique_ptr<crs::LayerTransform> toMap;
    const auto& analysisCrs = *context().analysisCrs;
    if (mapCrs && !mapCrs->isSame(analysisCrs)) {
        toMap = std::make_unique<crs::LayerTransform>(
            crs::LayerTransform::create(analysisCrs, *mapCrs, std::nullopt, std::nullopt, subject.id, ""));
    }
    appendGeometry(builder, subject.geometry.get(), toMap.get());
    builder.endFeature(subject.fid, {QString::fromStdString(subject.id)});
    return std::move(builder).finish();
}

ProjectRun runProject(analysis::Project project, Feedback& feedback) {
    ProjectRun run;
    const auto plans = projectLayers(project);
    const auto rules = project.rules;
    const auto constraints = project.constraints;
    if (auto c = projectMapCrs(project)) run.mapCrs = std::make_shared<const crs::Crs>(*c);
    run.check = std::make_shared<analysis::ConflictCheck>(std::move(project));

    SubFeedback preparing(feedback, 0, 30);
    run.check->prepare(preparing);
    feedback.throwIfCanceled();
    if (!run.mapCrs) run.mapCrs = std::make_shared<const crs::Crs>(*run.check->context().analysisCrs);

    // The map layers, read through the same sources as the check.
    std::atomic<bool> cancel{false};
    std::vector<CategoryStyle> constraintColors;
    for (std::size_t i = 0; i < plans.size(); ++i) {
        feedback.setStep("reading map layers");
        feedback.setProgress(30 + 20.0 * static_cast<double>(i) / static_cast<double>(plans.size()));
        feedback.throwIfCanceled();
        const auto& plan = plans[i];
        const QString name = QString::fromStdString(plan.spec.name.empty() ? plan.spec.source.label() : plan.spec.name);
        auto data = loadVectorLayer(plan.spec.source, run.mapCrs.get(), name, LoadControl{&cancel, {}},
                                    plan.spec.datumTransform);
        LayerStyle style = plan.spec.style;
        completeStyle(style, plan.role, *data, rules);
        if (plan.role == LayerRole::Constraints)
            addCategoryColors(constraintColors, style, plan.spec.source, constraints);
        StyledLayer styled = makeStyledLayer(std::move(data), std::move(style), plan.spec.visible);
        if (plan.role == LayerRole::Constraints) styled.categoryRanks = categoryDrawRanks(styled.style, rules);
        run.layers.push_back(std::move(styled));
        run.layerNames << name;
        run.roles.push_back(plan.role);
        run.sources.push_back(plan.spec.source);
    }

    std::shared_ptr<const crs::LayerTransform> toMap;
    const auto& analysisCrs = *run.check->context().analysisCrs;
    if (!run.mapCrs->isSame(analysisCrs)) {
        toMap = std::make_shared<crs::LayerTransform>(
            crs::LayerTransform::create(analysisCrs, *run.mapCrs, std::nullopt, std::nullopt, "conflicts", ""));
    }
    CheckCollector collector(toMap);
    RunSink sink(collector, run);
    SubFeedback checking(feedback, 50, 100);
    run.check->run(sink, checking);
    run.outcome = collector.take();
    if (run.outcome.conflicts && run.outcome.conflicts->featureCount() > 0) {
        run.layers.push_back(makeStyledLayer(
            run.outcome.conflicts, conflictsStyle(*run.outcome.conflicts, run.context().rules, constraintColors)));
        run.layerNames << QCoreApplication::translate("ProjectRun", "conflicts");
        run.roles.push_back(LayerRole::Conflicts);
        run.sources.emplace_back();
    }
    return run;
}

}  // namespace redline::render
