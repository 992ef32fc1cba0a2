// SPDX-License-Identifier: MIT
#include "redline/render/report_builder.hpp"

#include <fmt/format.h>
#include <geos_c.h>
#include <proj.h>

#include <QBuffer>
#include <QCryptographicHash>
#include <QDate>
#include <QFile>
#include <QImage>
#include <QPainter>
#include <QTemporaryDir>
#include <cmath>
#include <fstream>
#include <map>
#include <set>

#include "redline/analysis/zonal_stats.hpp"
#include "redline/io/gdal_env.hpp"
#include "redline/io/staged_directory.hpp"
#include "redline/render/map_layout.hpp"
#include "redline/render/report_pdf.hpp"
#include "redline/report/report_tables.hpp"
#include "redline/report/stats_writers.hpp"
#include "redline/util/error.hpp"
#include "redline/util/feedback.hpp"
#include "redline_version.hpp"

namespace redline::render {

namespace {

using report::ReportLanguage;

std::string lowerExtension(const std::filesystem::path& file) {
    std::string ext = file.extension().string();
    for (auto& ch : ext) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return ext;
}
using report::tr;

template <class... Args>
std::string trf(ReportLanguage lang, const char* en, const char* zh, Args&&... args) {
    return fmt::format(fmt::runtime(tr(lang, en, zh)), std::forward<Args>(args)...);
}

std::string pngBytes(const QImage& image) {
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.convertToFormat(QImage::Format_RGB32).save(&buffer, "PNG");
    return bytes.toStdString();
}

// A map is drawn on a page the size it is printed at in the report (the text width), so that
// its scale bar and 1:N are true on the report's paper. (Drawn as an A4 landscape page and
// shrunk to the text width, a map stating 1:1,330,000 measured 1:2,300,000.)
constexpr double kReportMapHeightMm = 160;

report::ReportImage mapImage(const MapPage& page, const LayoutText& text, double dpi, const std::string& caption,
                             const std::string& name) {
    PageSetup setup;
    setup.sizeMm = QSizeF(kReportTextWidthMm, kReportMapHeightMm);
    QImage image(setup.pixels(dpi), QImage::Format_ARGB32_Premultiplied);
    image.setDotsPerMeterX(static_cast<int>(std::lround(dpi / 0.0254)));
    image.setDotsPerMeterY(static_cast<int>(std::lround(dpi / 0.0254)));
    image.fill(Qt::white);
    QPainter painter(&image);
    const PageGeometry geometry = drawMapPage(painter, page, setup, text, dpi / kMmPerInch, false);
    painter.end();
    // The scale printed on the map, also in the file's metadata: a reader of the PNG (or a test
    // measuring the map) gets it without reading the picture.
    if (geometry.metresPerMm) image.setText(QStringLiteral("Scale"), representativeFraction(*geometry.metresPerMm));
    return {caption, "image/png", pngBytes(image), name, false, kReportTextWidthMm};
}

// The files of an input: a Shapefile's parts with it, a GeoPackage alone.
std::vector<std::filesystem::path> inputFiles(const std::filesystem::path& path) {
    std::vector<std::filesystem::path> files;
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) return files;
    files.push_back(path);
    std::string ext = path.extension().string();
    for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (ext == ".shp") {
        for (const char* part : {".shx", ".dbf", ".prj", ".cpg"}) {
            auto sibling = path;
            sibling.replace_extension(part);
            if (std::filesystem::is_regular_file(sibling, ec)) files.push_back(sibling);
        }
    }
    return files;
}

report::ReportTable evidenceFilesTable(const ProjectRun& run, std::map<std::string, std::string>& mainHashes,
                                       ReportLanguage lang) {
    report::ReportTable t{"evidence_files",
                          tr(lang, "Files read", "读取的文件"),
                          {tr(lang, "File", "文件"), tr(lang, "Bytes", "字节数"), tr(lang, "SHA-256", "SHA-256")},
                          {false, true, false},
                          {},
                          false,
                          tr(lang, "Recompute with: sha256sum FILE", "可用 sha256sum 文件名 复核")};
    std::set<std::filesystem::path> seen;
    std::vector<std::filesystem::path> all;
    if (!run.project().file.empty()) all.push_back(run.project().file);
    if (!run.context().rules.source.empty() && run.context().rules.source != "inline")
        all.emplace_back(run.context().rules.source);
    for (const auto& in : run.context().inputs) {
        for (auto& f : inputFiles(in.path)) {
            if (f == std::filesystem::path(in.path)) mainHashes[in.path] = fileSha256(f);
            all.push_back(f);
        }
    }
    for (const auto& f : all) {
        if (!seen.insert(f).second) continue;
        std::error_code ec;
        const auto size = std::filesystem::file_size(f, ec);
        t.rows.push_back(
            {{f.string(), std::nullopt},
             {ec ? "" : std::to_string(size), ec ? std::nullopt : std::optional<double>(static_cast<double>(size))},
             {fileSha256(f), std::nullopt}});
    }
    return t;
}

std::vector<std::string> evidenceFacts(const ProjectRun& run, ReportLanguage lang) {
    const auto& c = run.context();
    const auto& crs = *c.analysisCrs;
    std::vector<std::string> facts;
    facts.push_back(trf(lang,
                        "Analysis CRS: {} (datum {}); areas are ellipsoidal (geodesic polygon areas on its "
                        "ellipsoid, a = {:.3f} m, 1/f = {:.9f}), as PostGIS ST_Area(geography).",
                        "分析坐标系：{}（基准 {}）；面积为椭球面积（该椭球上的测地线多边形面积，a = {:.3f} 米，1/f = "
                        "{:.9f}），与 PostGIS ST_Area(geography) 一致。",
                        crs.label(), crs::datumFamilyName(crs.datumFamily()), crs.ellipsoid().semiMajor,
                        crs.ellipsoid().inverseFlattening));
    facts.push_back(trf(lang, "Minimum overlap counted as a conflict: {} m² (per category rules may override).",
                        "计为冲突的最小重叠面积：{} 平方米（类别规则可另行规定）。", c.minAreaM2));
    facts.push_back(trf(lang, "Rules: {} version {} from {}.", "规则：{}，版本 {}，来源 {}。", c.rules.name,
                        c.rules.version.empty() ? "-" : c.rules.version,
                        c.rules.source.empty() ? "(defaults)" : c.rules.source));
    facts.push_back(trf(lang, "Software: Redline {}, GDAL {}, GEOS {}, PROJ {}, Qt {}.",
                        "软件：Redline {}，GDAL {}，GEOS {}，PROJ {}，Qt {}。", REDLINE_VERSION, io::gdalVersion(),
                        GEOSversion(), proj_info().version, qVersion()));
    facts.push_back(trf(lang, "Threads: {} (results do not depend on the thread count).",
                        "线程数：{}（结果与线程数无关）。", c.threads));
    facts.push_back(trf(lang, "Reproduce: redline check {} — the same inputs give the same numbers.",
                        "复现：redline check {}，相同输入得到相同数值。",
                        run.project().file.empty() ? std::string("…") : run.project().file.string()));
    return facts;
}

}  // namespace

std::string fileSha256(const std::filesystem::path& file) {
    QFile f(QString::fromStdString(file.string()));
    if (!f.open(QIODevice::ReadOnly)) return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!hash.addData(&f)) return {};
    return hash.result().toHex().toStdString();
}

report::ReportDocument buildReport(const ProjectRun& run, const ReportRequest& request, Feedback& feedback) {
    const ReportLanguage lang = report::reportLanguage(request.language.toStdString());
    const auto& c = run.context();
    report::ReportDocument doc;
    doc.language = lang == ReportLanguage::Chinese ? "zh-CN" : "en";
    doc.title = request.title.isEmpty() ? run.project().name + tr(lang, " — conflict report", " 冲突核查报告")
                                        : request.title.toStdString();
    const QString date = request.date.isEmpty() ? QDate::currentDate().toString(Qt::ISODate) : request.date;
    doc.subtitle = trf(lang, "Made {} with Redline {}", "{} 由 Redline {} 生成", date.toStdString(), REDLINE_VERSION);

    MapRequest mapRequest;
    mapRequest.language = request.language;
    mapRequest.date = date;
    mapRequest.title = QString::fromStdString(doc.title);
    const LayoutText mapText = LayoutText::forLanguage(request.language);  // 北, 图例… were always Chinese

    // Summary.
    report::CheckCounts counts;
    counts.subjects = run.outcome.subjects;
    counts.clear = run.outcome.clear;
    counts.conflict = run.outcome.inConflict;
    counts.error = run.outcome.errors;
    counts.bySeverity = run.bySeverity;
    report::ReportSection summary{tr(lang, "Summary", "核查概况"), 2, false, {}};
    summary.blocks.emplace_back(report::ReportParagraph{
        trf(lang, "{0} {4} of {1} {5} checked against {2} constraint {6} in {3}.",
            "对 {1} 的 {0} 个地块按 {2} 个管控类别进行了核查，分析坐标系 {3}。", counts.subjects, run.project().name,
            c.categories.size(), c.analysisCrs->label(), report::plural(counts.subjects, "subject", "subjects"),
            report::plural(counts.subjects, "was", "were"),
            report::plural(static_cast<std::int64_t>(c.categories.size()), "category", "categories")),
        false});
    summary.blocks.emplace_back(report::statusTable(counts, lang));
    summary.blocks.emplace_back(report::severityTable(counts, lang));
    doc.sections.push_back(std::move(summary));

    // The overview map.
    feedback.setStep("drawing maps");
    report::ReportSection overview{tr(lang, "Conflict map", "冲突总图"), 2, false, {}};
    {
        auto pages = buildMapPages(run, mapRequest);
        overview.blocks.emplace_back(
            mapImage(std::get<MapPage>(pages.front()), mapText, request.mapDpi,
                     tr(lang, "Overview of the project with the conflicts on top.", "项目总图，冲突图斑置于最上层。"),
                     "overview.png"));
    }
    doc.sections.push_back(std::move(overview));

    // The subjects in conflict.
    report::ReportSection conflicts{tr(lang, "Subjects in conflict", "冲突地块"), 2, false, {}};
    if (run.conflicted.empty()) {
        conflicts.blocks.emplace_back(
            report::ReportParagraph{tr(lang, "No subject is in conflict.", "没有冲突地块。"), true});
    } else {
        conflicts.blocks.emplace_back(report::conflictSubjectsTable(run.conflicted, c, lang));
        for (std::size_t z = 0; z < c.zoneLayers.size(); ++z) {
            std::vector<std::vector<analysis::ZoneConflictPart>> split;
            for (const auto& byLayer : run.conflictByZone)
                split.push_back(z < byLayer.size() ? byLayer[z] : std::vector<analysis::ZoneConflictPart>{});
            conflicts.blocks.emplace_back(report::zoneConflictTable(run.conflicted, split, c, z, lang));
        }
    }
    auto order = run.conflictsBySeverity();
    if (order.size() > request.subjectPages && request.subjectPages > 0) {
        conflicts.blocks.emplace_back(report::ReportParagraph{
            trf(lang,
                "Details follow for the {0} {2} with the most severe and largest conflicts; all {1} subjects in "
                "conflict are in the table above (redline report --subject-pages all details each one).",
                "下文列出冲突最严重、面积最大的 {0} 个地块的详情；全部 {1} 个冲突地块见上表"
                "（redline report --subject-pages all 可列出每个地块）。",
                request.subjectPages, order.size(),
                report::plural(static_cast<std::int64_t>(request.subjectPages), "subject", "subjects")),
            true});
    }
    doc.sections.push_back(std::move(conflicts));

    // The subjects without conflict, when there are few: a site that came out clear is the usual
    // answer for one project, and its area, zones and distances are what the planner must quote.
    // As many as the subjects in conflict detailed (--subject-pages).
    if (run.outcome.clear > 0) {
        report::ReportSection clear{tr(lang, "Subjects without conflict", "无冲突地块"), 2, false, {}};
        const std::size_t listed =
            std::min({run.clear.size(), request.subjectPages, static_cast<std::size_t>(run.outcome.clear)});
        if (listed > 0) {
            clear.blocks.emplace_back(
                report::clearSubjectsTable(std::span(run.clear).first(listed), run.outcome.clear, c, lang));
        } else {
            clear.blocks.emplace_back(report::ReportParagraph{
                trf(lang, "{} {} without conflict; result.json (redline check) lists each with its distances.",
                    "无冲突地块 {} 个；各地块及其距离见 redline check 输出的 result.json。", run.outcome.clear,
                    report::plural(run.outcome.clear, "subject", "subjects")),
                true});
        }
        doc.sections.push_back(std::move(clear));
    }

    order.resize(std::min(order.size(), request.subjectPages));
    const auto insets = std::make_shared<OverviewInsets>();  // the subjects' maps share one inset picture
    for (std::size_t i = 0; i < order.size(); ++i) {
        feedback.throwIfCanceled();
        feedback.setProgress(100.0 * static_cast<double>(i) / static_cast<double>(order.size()));
        const auto& r = *order[i];
        report::ReportSection s{fmt::format("{} {}", r.id, r.name), 3, true, {}};
        MapPage map = atlasPage(run, r, mapRequest);
        map.tables.clear();  // the overlaps table follows the map as text; the map gets the room
        map.overviewInsets = insets;
        s.blocks.emplace_back(mapImage(map, mapText, request.mapDpi, trf(lang, "Map of {}.", "{} 冲突图。", r.id),
                                       "subject_" + std::to_string(i) + ".png"));
        s.blocks.emplace_back(report::subjectOverlapsTable(r, c, lang));
        s.blocks.emplace_back(report::ReportList{report::subjectFacts(r, c, lang)});
        if (request.boundaryPoints) {
            auto points = report::boundaryPointsTable(r, c, lang);
            if (!points.table.rows.empty()) s.blocks.emplace_back(std::move(points.table));
        }
        doc.sections.push_back(std::move(s));
    }

    // Zoning statistics.
    if (request.statistics && run.project().stats.present) {
        feedback.setStep("zoning statistics");
        analysis::StatsResult stats = analysis::computeZonalStats(run.project(), feedback);
        report::ReportSection s{tr(lang, "Zoning statistics", "分区统计"), 2, true, {}};
        for (auto& t : report::statsTables(stats, lang)) s.blocks.emplace_back(std::move(t));
        QTemporaryDir charts;
        if (charts.isValid()) {
            const std::filesystem::path target = std::filesystem::path(charts.path().toStdString()) / "chart.png";
            report::StatsOutputOptions options;
            options.language = lang;
            for (const auto& file : report::writeStatsOutputs(stats, {target}, options)) {
                std::ifstream in(file, std::ios::binary);
                std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
                // The chart carries its title; the file's name is no caption for a reader.
                s.blocks.emplace_back(
                    report::ReportImage{"", "image/png", std::move(bytes), file.filename().string(), false, 0});
            }
        }
        doc.sections.push_back(std::move(s));
    }

    // Inputs, rules, evidence.
    std::map<std::string, std::string> hashes;
    report::ReportTable files = evidenceFilesTable(run, hashes, lang);
    report::ReportSection inputs{tr(lang, "Inputs", "输入数据"), 2, true, {}};
    inputs.blocks.emplace_back(report::inputsTable(c, hashes, lang));
    report::ReportTable problems = report::problemsTable(c, run.subjectRepairs, run.failed, lang);
    if (problems.rows.empty()) {
        inputs.blocks.emplace_back(
            report::ReportParagraph{tr(lang, "No feature had to be repaired or skipped, and no subject failed.",
                                       "没有要素需要修复或被跳过，也没有地块出错。"),
                                    false});
    } else {
        inputs.blocks.emplace_back(std::move(problems));
    }
    doc.sections.push_back(std::move(inputs));
    report::ReportSection rules{tr(lang, "Rules", "核查规则"), 2, false, {}};
    rules.blocks.emplace_back(report::rulesTable(c, lang));
    doc.sections.push_back(std::move(rules));
    report::ReportSection evidence{tr(lang, "Evidence", "证据与复现"), 2, false, {}};
    evidence.blocks.emplace_back(report::ReportList{evidenceFacts(run, lang)});
    evidence.blocks.emplace_back(std::move(files));
    doc.sections.push_back(std::move(evidence));
    return doc;
}

void writeReports(const report::ReportDocument& document, const std::vector<std::filesystem::path>& files) {
    for (const auto& file : files) {
        const std::string ext = lowerExtension(file);
        if (ext != ".html" && ext != ".htm" && ext != ".pdf" && ext != ".xlsx") {
            throw OutputError(
                fmt::format("{}: unknown report format \"{}\" (use .html, .pdf or .xlsx)", file.string(), ext));
        }
    }
    // One staging directory per output folder (a folder is staged, then moved, as a whole).
    std::map<std::filesystem::path, std::unique_ptr<io::StagedDirectory>> staged;
    for (const auto& file : files) {
        const std::filesystem::path folder =
            std::filesystem::absolute(io::StagedDirectory::folderOf(file)).lexically_normal();
        auto& stage = staged[folder];
        if (!stage) stage = std::make_unique<io::StagedDirectory>(folder);
        const auto target = stage->file(file.filename().string());
        const std::string ext = lowerExtension(file);
        // Writing a large report takes a while (20 s of PDF at scale M): Ctrl-C is heard here too.
        if (globalCancelRequested()) throw Cancelled();
        stage->reportingFinalPaths([&] {
            if (ext == ".pdf") {
                writeReportPdf(document, target);
            } else if (ext == ".xlsx") {
                report::writeReportXlsx(document, target);
            } else {
                std::ofstream out(target, std::ios::binary);
                out << report::renderHtml(document, true);
                out.close();  // a full disk shows when the buffer is written
                if (!out) throw OutputError(fmt::format("{}: cannot write", file.string()));
            }
        });
        std::error_code ec;
        if (!std::filesystem::is_regular_file(target, ec) || std::filesystem::file_size(target, ec) == 0)
            throw OutputError(fmt::format("{}: cannot write", file.string()));
    }
    // Every folder checked before the first is committed: a run that fails leaves every old output.
    std::vector<io::StagedDirectory*> all;
    for (auto& [folder, stage] : staged) all.push_back(stage.get());
    io::StagedDirectory::commitAll(all);
}

void writeReport(const report::ReportDocument& document, const std::filesystem::path& file) {
    writeReports(document, {file});
}

}  // namespace redline::render
