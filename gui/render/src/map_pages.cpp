// SPDX-License-Identifier: MIT
#include "redline/render/map_pages.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <QDate>
#include <QFileInfo>
#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>

#include "redline/render/buffer_ring.hpp"
#include "redline/report/report_tables.hpp"
#include "redline/util/area_units.hpp"

namespace redline::render {

namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }

LayoutTable toLayoutTable(const report::ReportTable& t, bool withTitle) {
    LayoutTable out;
    if (withTitle) out.title = q(t.title);
    for (const auto& c : t.columns) out.header << q(c);
    out.numeric = t.numeric;
    for (const auto& row : t.rows) {
        QStringList cells;
        for (const auto& cell : row) cells << q(cell.text);
        out.rows.push_back(cells);
    }
    out.boldLastRow = t.lastRowIsTotal ? 1 : 0;
    return out;
}

// Grows a box to at least `minMetres` across on the ground (a tiny site still shows its setting).
Box atLeast(Box b, double minMetres, const crs::Crs& mapCrs) {
    double half = minMetres / 2, halfX = half;
    if (mapCrs.isGeographic()) {
        half /= 111320.0;
        halfX = half / std::max(0.05, std::cos((b.minY + b.maxY) / 2 * M_PI / 180));
    }
    const double cx = (b.minX + b.maxX) / 2, cy = (b.minY + b.maxY) / 2;
    b.minX = std::min(b.minX, cx - halfX);
    b.maxX = std::max(b.maxX, cx + halfX);
    b.minY = std::min(b.minY, cy - half);
    b.maxY = std::max(b.maxY, cy + half);
    return b;
}

std::vector<StyledLayer> overviewLayers(const ProjectRun& run) {
    std::vector<StyledLayer> out;
    for (std::size_t i = 0; i < run.layers.size(); ++i) {
        if (run.roles[i] == LayerRole::Subjects) continue;  // too small to see; the conflicts show where
        StyledLayer l = run.layers[i];
        l.style.strokeWidthMm = std::min(l.style.strokeWidthMm, 0.15);
        out.push_back(std::move(l));
    }
    return out;
}

QStringList legendNames(const ProjectRun& run, const report::ReportLanguage lang) {
    QStringList names = run.layerNames;
    const auto& project = run.project();
    for (std::size_t i = 0; i < run.roles.size(); ++i) {
        QString& name = names[static_cast<int>(i)];
        if (run.roles[i] == LayerRole::Conflicts) name = q(report::tr(lang, "Conflicts", "冲突图斑"));
        if (!project.map.layers.empty()) continue;  // the project named its layers
        if (run.roles[i] == LayerRole::Subjects) name = q(report::tr(lang, "Subjects", "核查地块"));
        if (run.roles[i] == LayerRole::Constraints) {
            // A constraint layer lists its categories by their rule labels under its role (its file
            // name, redlines.shp, said nothing to a reader); one of a fixed category is named by
            // its rule's label.
            name = q(report::tr(lang, "Constraints", "管控要素"));
            for (const auto& c : project.constraints)
                if (!c.category.empty() && c.source.path == run.sources[i].path &&
                    c.source.layer == run.sources[i].layer)
                    name = q(project.rules.ruleFor(c.category).label);
        }
    }
    return names;
}

MapPage basePage(const ProjectRun& run, const MapRequest& request) {
    const auto lang = report::reportLanguage(request.language.toStdString());
    MapPage page;
    page.layers = run.layers;
    page.layerNames = legendNames(run, lang);
    page.crs = run.mapCrs;
    page.crsName = q(run.mapCrs->label());
    page.sources = mapSources(run);
    page.date = request.date.isEmpty() ? QDate::currentDate().toString(Qt::ISODate) : request.date;
    page.overviewLayers = overviewLayers(run);
    page.overviewExtent = run.fullExtent();
    return page;
}

Box subjectBox(const ProjectRun& run, const QString& id) {
    for (const auto& r : run.conflicted)
        if (q(r.id) == id && r.geometry) return run.subjectOutline(r)->extent();
    const StyledLayer* subjects = run.layerWithRole(LayerRole::Subjects);
    if (subjects) {
        const VectorLayer& layer = *subjects->layer;
        const int field = layer.fieldIndex(q(run.project().subjects.idField));
        for (std::size_t f = 0; f < layer.featureCount(); ++f) {
            const QString value = field >= 0 ? layer.attribute(f, field) : QString::number(layer.fid(f));
            if (value == id) return layer.box(f);
        }
    }
    throw std::invalid_argument("--extent " + id.toStdString() + ": no subject has this id");
}

// A subject in conflict through a buffer rule ("within 500 m of a water source") lies outside
// the feature that causes it: its page is framed to cover everything within the distance found
// (so the nearest point of that feature is on it), and the rule's ring is drawn, dashed, around
// the site, so that the reader sees why.
void addBufferRings(MapPage& page, const ProjectRun& run, const analysis::SubjectResult& subject,
                    report::ReportLanguage lang) {
    if (!subject.geometry) return;
    const auto& c = run.context();
    double reach = 0;
    std::map<double, std::size_t> byBuffer;  // buffer distance → the first category within it
    for (const auto& d : subject.nearest) {
        if (!d.withinBuffer) continue;
        reach = std::max(reach, d.distanceM);
        byBuffer.emplace(c.categories[d.category].rule.bufferM, d.category);
    }
    if (byBuffer.empty()) return;
    // 1 % and a metre more than the distance: the ring is a polygon of chords, the distance exact.
    page.extent.expand(
        bufferRing(subject.geometry.get(), *c.analysisCrs, run.mapCrs.get(), reach * 1.01 + 1, {})->extent());
    for (const auto& [metres, category] : byBuffer) {
        // Short, so that the legend shows it whole: its colour is the category's, and the table
        // under the map names the category and the distance.
        const std::string name =
            fmt::format(fmt::runtime(report::tr(lang, "{:g} m buffer", "{:g} 米缓冲范围")), metres);
        LayerStyle ring;
        ring.fill = {0, 0, 0, 0};
        ring.stroke = {31, 120, 180, 255};
        // The category's colour, darker: its fill's pale blue would not show as a thin line.
        auto colour = conventionalCategoryColor(c.categories[category].name);
        if (!colour) colour = conventionalCategoryColor(report::categoryLabel(c, category));
        if (colour) ring.stroke = toRgba(toQColor(*colour).darker(160));
        ring.strokeWidthMm = 0.5;
        StyledLayer layer = makeStyledLayer(
            bufferRing(subject.geometry.get(), *c.analysisCrs, run.mapCrs.get(), metres, q(name)), ring);
        layer.dashed = true;
        // Under the subject's outline, above the constraints.
        page.layers.insert(page.layers.end() - 1, std::move(layer));
        page.layerNames.insert(page.layerNames.size() - 1, q(name));
    }
}

}  // namespace

QStringList mapSources(const ProjectRun& run) {
    QStringList out;
    for (std::size_t i = 0; i < run.layers.size(); ++i) {
        const auto& l = run.layers[i];
        if (!l.layer || run.roles[i] == LayerRole::Conflicts) continue;
        const QString name = QFileInfo(l.layer->sourceLabel().section(QLatin1Char('|'), 0, 0)).fileName();
        if (!name.isEmpty() && !out.contains(name)) out << name;
    }
    return out;
}

MapPage atlasPage(const ProjectRun& run, const analysis::SubjectResult& subject, const MapRequest& request) {
    const auto lang = report::reportLanguage(request.language.toStdString());
    const auto& c = run.context();
    MapPage page = basePage(run, request);
    auto outline = run.subjectOutline(subject);
    LayerStyle focus;
    focus.fill = {0, 0, 0, 0};
    focus.stroke = {8, 48, 107, 255};
    focus.strokeWidthMm = 0.7;
    page.layers.push_back(makeStyledLayer(outline, focus));
    page.layerNames << q(report::tr(lang, "This subject", "本地块"));
    page.extent = atLeast(outline->extent(), 400, *run.mapCrs);
    addBufferRings(page, run, subject, lang);
    page.marginFraction = 0.25;
    page.title = q(subject.id + " " + subject.name);
    const double pct = subject.areaM2 > 0 ? 100 * subject.conflictAreaM2 / subject.areaM2 : 0;
    page.subtitle = QString::fromStdString(
        fmt::format(fmt::runtime(report::tr(lang, "{} · site {:.4f} ha · conflict {:.4f} ha ({:.2f} 亩, {:.1f} %){}",
                                            "{} · 地块 {:.4f} 公顷 · 冲突 {:.4f} 公顷（{:.2f} 亩，{:.1f}%）{}")),
                    subject.severity ? report::severityText(*subject.severity, lang) : "", hectares(subject.areaM2),
                    hectares(subject.conflictAreaM2), mu(subject.conflictAreaM2), pct, [&] {
                        std::string zones;
                        for (std::size_t i = 0; i < subject.zones.size() && i < c.zoneLayers.size(); ++i)
                            if (subject.zones[i].value) zones += " · " + *subject.zones[i].value;
                        return zones;
                    }()));
    page.tables.push_back(toLayoutTable(report::subjectOverlapsTable(subject, c, lang), false));
    return page;
}

std::vector<LayoutPage> buildMapPages(const ProjectRun& run, const MapRequest& request) {
    const auto lang = report::reportLanguage(request.language.toStdString());
    std::vector<LayoutPage> pages;
    if (request.overview) {
        MapPage page = basePage(run, request);
        page.title = request.title.isEmpty()
                         ? q(run.project().name) + q(report::tr(lang, " — conflict map", " 冲突分析图"))
                         : request.title;
        // The subjects in conflict by worst severity, naming only those that occur.
        std::vector<std::string> bySeverity;
        for (auto severity : {analysis::Severity::Prohibited, analysis::Severity::Restricted,
                              analysis::Severity::Review, analysis::Severity::Info}) {
            const auto it = run.bySeverity.find(severity);
            if (it != run.bySeverity.end() && it->second > 0)
                bySeverity.push_back(fmt::format("{} {}", report::severityText(severity, lang), it->second));
        }
        const std::string breakdown = bySeverity.empty()
                                          ? std::string()
                                          : fmt::format(fmt::runtime(report::tr(lang, " ({})", "（{}）")),
                                                        fmt::join(bySeverity, report::tr(lang, ", ", "，")));
        page.subtitle = QString::fromStdString(
            fmt::format(fmt::runtime(report::tr(lang, "{0} {5} checked: {1} in conflict{2}, {3} clear, {4} {6}",
                                                "核查地块 {} 个：冲突 {} 个{}，无冲突 {} 个，错误 {} 个")),
                        run.outcome.subjects, run.outcome.inConflict, breakdown, run.outcome.clear, run.outcome.errors,
                        report::plural(run.outcome.subjects, "subject", "subjects"),
                        report::plural(run.outcome.errors, "error", "errors")));
        if (request.box && !request.box->empty()) {
            page.extent = *request.box;
            page.marginFraction = 0;
        } else if (request.extent == QLatin1String("all") || request.extent.isEmpty()) {
            page.extent = run.fullExtent();
        } else if (request.extent == QLatin1String("conflicts")) {
            page.extent = run.outcome.conflicts && run.outcome.conflicts->featureCount() > 0
                              ? atLeast(run.outcome.conflicts->extent(), 1000, *run.mapCrs)
                              : run.fullExtent();
        } else {
            page.extent = atLeast(subjectBox(run, request.extent), 400, *run.mapCrs);
            page.marginFraction = 0.25;
        }
        if (page.extent.empty()) throw std::invalid_argument("the map is empty: no layer has any feature");
        pages.emplace_back(std::move(page));
    }
    if (request.atlas) {
        // One inset picture for all the subject pages (drawn on each, it was most of a page).
        const auto insets = std::make_shared<OverviewInsets>();
        for (const auto* r : run.conflictsBySeverity()) {
            MapPage page = atlasPage(run, *r, request);
            page.overviewInsets = insets;
            pages.emplace_back(std::move(page));
            if (request.boundaryPoints) {
                auto points = report::boundaryPointsTable(*r, run.context(), lang);
                TablePage tp;
                tp.title = q(points.table.title);
                tp.table = toLayoutTable(points.table, false);
                tp.table.title = q(points.table.note);
                pages.emplace_back(std::move(tp));
            }
        }
    }
    return pages;
}

}  // namespace redline::render
