// SPDX-License-Identifier: MIT
#include "redline/render/check_outcome.hpp"

#include <QCoreApplication>
#include <QLocale>
#include <algorithm>
#include <vector>

#include "redline/render/layer_loading.hpp"
#include "redline/util/area_units.hpp"

namespace redline::render {

namespace {
QString zonesText(const analysis::SubjectResult& r, const analysis::CheckContext& c) {
    QStringList parts;
    for (std::size_t i = 0; i < r.zones.size() && i < c.zoneLayers.size(); ++i) {
        parts << QStringLiteral("%1: %2").arg(QString::fromStdString(c.zoneLayers[i]),
                                              r.zones[i].value ? QString::fromStdString(*r.zones[i].value)
                                                               : QCoreApplication::translate("CheckOutcome", "(none)"));
    }
    return parts.join(QStringLiteral("; "));
}
}  // namespace

QString formatHectares(double m2) { return QLocale().toString(hectares(m2), 'f', 4); }
QString formatMu(double m2) { return QLocale().toString(mu(m2), 'f', 2); }

CheckCollector::CheckCollector(std::shared_ptr<const crs::LayerTransform> toMap) : toMap_(std::move(toMap)) {}

void CheckCollector::begin(const analysis::CheckContext& context) {
    context_ = &context;
    outcome_.analysisCrs = context.analysisCrs ? QString::fromStdString(context.analysisCrs->label()) : QString();
    for (const auto& p : context.problems) {
        if (p.kind != "skipped") continue;
        outcome_.unusedFeatures << QString::fromStdString(p.describe());
    }
}

void CheckCollector::write(std::vector<analysis::SubjectResult>& batch) {
    for (auto& r : batch) {
        ++outcome_.subjects;
        if (r.status == analysis::SubjectStatus::Conflict)
            ++outcome_.inConflict;
        else if (r.status == analysis::SubjectStatus::Clear)
            ++outcome_.clear;
        else
            ++outcome_.errors;
        const QString zones = zonesText(r, *context_);
        QStringList notes;
        for (const auto& note : r.notes) notes << QString::fromStdString(note);
        if (r.status == analysis::SubjectStatus::Error) {
            // Listed so that the planner sees which subjects were not checked, and why.
            Pending p;
            p.row.subjectId = QString::fromStdString(r.id);
            p.row.subjectName = QString::fromStdString(r.name);
            p.row.error = true;
            notes.prepend(QString::fromStdString(r.error));
            p.row.notes = notes.join(QStringLiteral("; "));
            pending_.push_back(std::move(p));
            continue;
        }
        const QString subjectNotes = notes.join(QStringLiteral("; "));
        const auto rowFor = [&](std::size_t category) {
            const auto& cat = context_->categories[category];
            Pending p;
            p.row.subjectId = QString::fromStdString(r.id);
            p.row.subjectName = QString::fromStdString(r.name);
            p.row.category = QString::fromStdString(cat.name);
            p.row.categoryLabel = QString::fromStdString(cat.rule.label.empty() ? cat.name : cat.rule.label);
            p.row.severity = cat.rule.severity;
            p.row.siteAreaM2 = r.areaM2;
            p.row.zones = zones;
            p.row.notes = subjectNotes;
            return p;
        };
        // An overlap of an `info` category is no conflict (docs/project-file.md): it stays off the
        // conflicts layer, its legend and the conflicts panel; the subject's verdict and overlaps
        // table still show it.
        const auto conflicting = [&](std::size_t category) {
            return analysis::isConflictSeverity(context_->categories[category].rule.severity);
        };
        for (auto& o : r.overlaps) {
            if (!conflicting(o.category)) continue;
            Pending p = rowFor(o.category);
            p.row.areaM2 = o.areaM2;
            QStringList ids;
            for (const auto& fa : o.features)
                ids << QString::fromStdString(context_->constraintFeatures[fa.feature].id);
            p.row.features = ids.join(QStringLiteral(", "));
            p.geometry = std::move(o.geometry);
            pending_.push_back(std::move(p));
        }
        // A conflict by a buffer rule ("within 500 m of a water source") overlaps nothing: its
        // row says how near, and has no polygon on the map.
        for (const auto& d : r.nearest) {
            if (!d.withinBuffer || !conflicting(d.category)) continue;
            Pending p = rowFor(d.category);
            p.row.features = QString::fromStdString(context_->constraintFeatures[d.feature].id);
            const QString near = QCoreApplication::translate("CheckOutcome", "within the %1 m buffer, %2 m away")
                                     .arg(context_->categories[d.category].rule.bufferM)
                                     .arg(QLocale().toString(d.distanceM, 'f', 1));
            p.row.notes = subjectNotes.isEmpty() ? near : near + QStringLiteral("; ") + subjectNotes;
            pending_.push_back(std::move(p));
        }
    }
}

void CheckCollector::finish() {
    // The rows list the subjects not checked first, then the most severe, then the largest.
    std::stable_sort(pending_.begin(), pending_.end(), [](const Pending& a, const Pending& b) {
        if (a.row.error != b.row.error) return a.row.error;
        if (a.row.severity != b.row.severity) return a.row.severity > b.row.severity;
        return a.row.areaM2 > b.row.areaM2;
    });
    // The map draws its layer in feature order, so the layer goes the other way round: the most
    // severe last, on top (a site's prohibited part must not hide under its restricted whole),
    // and within a severity the largest first, so that smaller polygons stay visible on top.
    std::vector<std::size_t> drawOrder(pending_.size());
    for (std::size_t i = 0; i < drawOrder.size(); ++i) drawOrder[i] = i;
    std::stable_sort(drawOrder.begin(), drawOrder.end(), [&](std::size_t a, std::size_t b) {
        const auto& ra = pending_[a].row;
        const auto& rb = pending_[b].row;
        if (ra.severity != rb.severity) return ra.severity < rb.severity;
        return ra.areaM2 > rb.areaM2;
    });
    VectorLayerBuilder builder(QCoreApplication::translate("CheckOutcome", "conflicts"),
                               {QStringLiteral("subject_id"), QStringLiteral("category"), QStringLiteral("severity"),
                                QStringLiteral("area_ha")});
    builder.setSource(QCoreApplication::translate("CheckOutcome", "conflict check"), outcome_.analysisCrs);
    std::uint32_t f = 0;
    for (const std::size_t at : drawOrder) {
        auto& p = pending_[at];
        if (!p.geometry) {  // a subject not checked, a conflict by a buffer rule
            p.row.feature = kNoFeature;
            continue;
        }
        appendGeometry(builder, p.geometry.get(), toMap_.get());
        builder.endFeature(static_cast<std::int64_t>(f),
                           {p.row.subjectId, p.row.category, QString::fromUtf8(analysis::severityName(p.row.severity)),
                            QString::number(hectares(p.row.areaM2), 'f', 4)});
        p.row.feature = f++;
        p.geometry.reset();
    }
    for (auto& p : pending_) outcome_.rows.push_back(std::move(p.row));
    pending_.clear();
    outcome_.conflicts = std::move(builder).finish();
}

CheckOutcome CheckCollector::take() { return std::move(outcome_); }

namespace {

// The severity in the interface's language, as the conflicts table has it ("prohibited" read
// "冲突 · prohibited" in a Chinese panel).
QString severityWord(analysis::Severity s) {
    switch (s) {
        case analysis::Severity::Prohibited:
            return QCoreApplication::translate("CheckOutcome", "prohibited");
        case analysis::Severity::Restricted:
            return QCoreApplication::translate("CheckOutcome", "restricted");
        case analysis::Severity::Review:
            return QCoreApplication::translate("CheckOutcome", "review");
        case analysis::Severity::Info:
            return QCoreApplication::translate("CheckOutcome", "info");
    }
    return {};
}

}  // namespace

SiteVerdict describeVerdict(const analysis::SubjectResult& r, const analysis::CheckContext& c) {
    SiteVerdict v;
    v.areaM2 = r.areaM2;
    v.conflict = r.status == analysis::SubjectStatus::Conflict;
    // A repaired drawing is checked as repaired: the panel says so, as `redline check` does.
    for (const auto& n : r.notes) v.notes << QString::fromStdString(n);
    if (r.status == analysis::SubjectStatus::Error) {
        v.status = QCoreApplication::translate("CheckOutcome", "error: %1").arg(QString::fromStdString(r.error));
        return v;
    }
    v.status = v.conflict ? QCoreApplication::translate("CheckOutcome", "conflict · %1").arg(severityWord(*r.severity))
                          : QCoreApplication::translate("CheckOutcome", "clear");
    auto label = [&](std::size_t category) {
        const auto& cat = c.categories[category];
        return QString::fromStdString(cat.rule.label.empty() ? cat.name : cat.rule.label);
    };
    for (const auto& o : r.overlaps) {
        v.overlaps << QCoreApplication::translate("CheckOutcome", "%1: %2 ha (%3 亩), %4 % of the site · %5")
                          .arg(label(o.category), formatHectares(o.areaM2), formatMu(o.areaM2),
                               QLocale().toString(r.areaM2 > 0 ? 100 * o.areaM2 / r.areaM2 : 0, 'f', 1),
                               severityWord(c.categories[o.category].rule.severity));
    }
    for (const auto& o : r.edgeContacts) {
        v.contacts << QCoreApplication::translate("CheckOutcome", "%1: touches (%2 m², below the minimum)")
                          .arg(label(o.category))
                          .arg(o.areaM2, 0, 'f', 2);
    }
    for (const auto& d : r.nearest) {
        const auto& rule = c.categories[d.category].rule;
        QString text = QCoreApplication::translate("CheckOutcome", "%1: %2 m")
                           .arg(label(d.category), QLocale().toString(d.distanceM, 'f', 0));
        if (rule.bufferM > 0) {
            text += QStringLiteral(" · ") +
                    (d.withinBuffer
                         ? QCoreApplication::translate("CheckOutcome", "within the %1 m buffer").arg(rule.bufferM)
                         : QCoreApplication::translate("CheckOutcome", "outside the %1 m buffer").arg(rule.bufferM));
        }
        v.distances << text;
    }
    for (std::size_t i = 0; i < r.zones.size() && i < c.zoneLayers.size(); ++i) {
        const auto& z = r.zones[i];
        v.zones << QStringLiteral("%1: %2").arg(
            QString::fromStdString(c.zoneLayers[i]),
            z.value ? QCoreApplication::translate("CheckOutcome", "%1 (%2 % of the site)")
                          .arg(QString::fromStdString(*z.value), QLocale().toString(100 * z.share, 'f', 1))
                    : QCoreApplication::translate("CheckOutcome", "outside all zones"));
    }
    return v;
}

}  // namespace redline::render
