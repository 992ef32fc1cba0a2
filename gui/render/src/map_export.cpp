// SPDX-License-Identifier: MIT
#include "redline/render/map_export.hpp"

#include <fmt/format.h>

#include <QImage>
#include <QPageSize>
#include <QPdfWriter>
#include <QPicture>
#include <QSvgGenerator>
#include <algorithm>
#include <deque>
#include <fstream>

#include "output_file_p.hpp"
#include "redline/io/staged_directory.hpp"
#include "redline/util/error.hpp"

namespace redline::render {

namespace {

// Pages NAME_NN.ext (and their .pgw) of an earlier, longer atlas of the same name, numbered past
// the `kept` pages just written: left beside a shorter new atlas they read as part of it.
void removeStalePages(const std::filesystem::path& directory, const std::filesystem::path& file, int kept) {
    const std::string stem = file.stem().string() + "_", ext = file.extension().string();
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(directory, ec)) {
        const std::string name = entry.path().filename().string();
        for (const std::string& suffix : {ext, std::string(".pgw")}) {
            if (name.size() <= stem.size() + suffix.size() || name.rfind(stem, 0) != 0 || !name.ends_with(suffix))
                continue;
            const std::string digits = name.substr(stem.size(), name.size() - stem.size() - suffix.size());
            if (digits.size() < 2 || digits.size() > 6 || !std::all_of(digits.begin(), digits.end(), ::isdigit))
                continue;
            if (std::stoi(digits) > kept && entry.is_regular_file(ec)) std::filesystem::remove(entry.path(), ec);
        }
    }
}

constexpr double kPdfDpi = 1200;  // PDF user-space resolution: fine enough that nothing snaps visibly
constexpr double kSvgDpi = 254;   // 10 units per millimetre

enum class Format { Pdf, Svg, Png };

QString qpath(const std::filesystem::path& p) { return QString::fromStdString(p.string()); }

// One physical page: a map page, or one sheet of a (continued) table page: rows
// [firstRow, firstRow + rows).
struct Sheet {
    const LayoutPage* page;
    int firstRow = 0;
    int rows = -1;  // -1: as many as fit
};

// Draws one sheet; returns the rows drawn (table pages) and the geometry (map pages).
int drawSheet(QPainter& painter, const Sheet& sheet, const PageSetup& setup, const LayoutText& text, double pxPerMm,
              bool vector, std::optional<PageGeometry>* geometry) {
    if (const auto* map = std::get_if<MapPage>(sheet.page)) {
        PageGeometry g = drawMapPage(painter, *map, setup, text, pxPerMm, vector);
        if (geometry) *geometry = g;
        return 0;
    }
    return drawTablePage(painter, std::get<TablePage>(*sheet.page), sheet.firstRow, setup, text, pxPerMm, sheet.rows);
}

// Splits table pages into sheets, and adds pages (kept in `continuations`) for the rows of a map
// page's tables that it had no room for. The rows a page holds are measured at the output's
// resolution on a QPicture (nothing is rasterised), and each sheet then draws exactly its rows:
// fitted at 72 dpi, where fonts round to whole pixels and rows come out taller, a PDF page held
// one row more than counted and printed it again at the top of the next page.
std::vector<Sheet> paginate(const std::vector<LayoutPage>& pages, const PageSetup& setup, const LayoutText& text,
                            double pxPerMm, std::deque<LayoutPage>& continuations) {
    std::vector<Sheet> sheets;
    QPicture scratch;
    const auto tableSheets = [&](const LayoutPage& page, int first) {
        const auto& table = std::get<TablePage>(page);
        const int rows = static_cast<int>(table.table.rows.size());
        do {
            QPainter painter(&scratch);
            const int drawn = drawTablePage(painter, table, first, setup, text, pxPerMm);
            sheets.push_back({&page, first, drawn});
            if (drawn <= 0) break;
            first += drawn;
        } while (first < rows);
    };
    for (const auto& page : pages) {
        const auto* map = std::get_if<MapPage>(&page);
        if (!map) {
            tableSheets(page, 0);
            continue;
        }
        sheets.push_back({&page, 0});
        if (map->tables.empty()) continue;
        // The rows its tables hold: where they go does not depend on the layers, so the page is
        // measured without them.
        MapPage bare = *map;
        bare.layers.clear();
        bare.overviewLayers.clear();
        QPainter painter(&scratch);
        const PageGeometry geometry = drawMapPage(painter, bare, setup, text, pxPerMm, true);
        painter.end();
        for (std::size_t t = 0; t < map->tables.size() && t < geometry.tableRows.size(); ++t) {
            if (geometry.tableRows[t] >= static_cast<int>(map->tables[t].rows.size())) continue;
            continuations.emplace_back(TablePage{map->title, map->tables[t]});
            tableSheets(continuations.back(), geometry.tableRows[t]);
        }
    }
    return sheets;
}

void writeWorldFile(const std::filesystem::path& file, const PageGeometry& g, double pxPerMm) {
    // Page pixel (col, row) → map: the frame's viewport shifted by the frame's offset on the page.
    const double ox = g.mapFrameMm.left() * pxPerMm, oy = g.mapFrameMm.top() * pxPerMm;
    const QPointF origin = g.viewport.toMap(QPointF(0.5 - ox, 0.5 - oy));  // centre of pixel (0,0)
    std::ofstream out(file);
    out.precision(17);
    out << g.viewport.unitsPerPixel() / g.viewport.xStretch() << "\n0\n0\n"
        << -g.viewport.unitsPerPixel() << "\n"
        << origin.x() << "\n"
        << origin.y() << "\n";
    if (!out) throw OutputError(fmt::format("cannot write {}", file.string()));
}

}  // namespace

std::vector<ExportedPage> exportPages(const std::filesystem::path& file, const std::vector<LayoutPage>& pages,
                                      const PageSetup& setup, const LayoutText& text, const ExportOptions& options) {
    std::string ext = file.extension().string();
    for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    Format format;
    if (ext == ".pdf")
        format = Format::Pdf;
    else if (ext == ".svg")
        format = Format::Svg;
    else if (ext == ".png")
        format = Format::Png;
    else
        throw OutputError(fmt::format("{}: unknown map format \"{}\" (use .png, .pdf or .svg)", file.string(), ext));
    if (pages.empty()) throw OutputError(fmt::format("{}: nothing to draw (no pages)", file.string()));

    const double pxPerMm = (format == Format::Pdf ? kPdfDpi : format == Format::Svg ? kSvgDpi : setup.dpi) / kMmPerInch;
    std::deque<LayoutPage> continuations;  // pages the sheets point into, as into `pages`
    const std::vector<Sheet> sheets = paginate(pages, setup, text, pxPerMm, continuations);
    const int total = static_cast<int>(sheets.size());
    auto checkCancel = [&] {
        if (options.cancel && options.cancel->load()) throw Cancelled();
    };
    const std::filesystem::path directory = io::StagedDirectory::folderOf(file);
    io::StagedDirectory staged(directory);
    std::vector<ExportedPage> written;
    auto nameFor = [&](int i) {
        if (total == 1 || format == Format::Pdf) return file.filename().string();
        return fmt::format("{}_{:02d}{}", file.stem().string(), i + 1, file.extension().string());
    };

    if (format == Format::Pdf) {
        const std::filesystem::path target = staged.file(nameFor(0));
        detail::OutputFile out(target, file.string());
        QPdfWriter writer(&out.device());
        writer.setPageSize(QPageSize(setup.sizeMm, QPageSize::Millimeter));
        writer.setPageMargins(QMarginsF(0, 0, 0, 0));
        writer.setResolution(static_cast<int>(kPdfDpi));
        writer.setTitle(options.documentTitle);
        writer.setCreator(QStringLiteral("Redline"));
        QPainter painter;
        if (!painter.begin(&writer)) throw OutputError(fmt::format("cannot write {}", file.string()));
        for (int i = 0; i < total; ++i) {
            checkCancel();
            if (i > 0) writer.newPage();
            ExportedPage page{directory / nameFor(0), i + 1, std::nullopt};
            drawSheet(painter, sheets[static_cast<std::size_t>(i)], setup, text, pxPerMm, true, &page.geometry);
            written.push_back(std::move(page));
            if (options.progress) options.progress(i + 1, total);
        }
        if (!painter.end()) throw OutputError(fmt::format("cannot write {}", file.string()));
        out.finish();
    } else {
        for (int i = 0; i < total; ++i) {
            checkCancel();
            const std::string name = nameFor(i);
            ExportedPage page{directory / name, i + 1, std::nullopt};
            const std::filesystem::path target = staged.file(name);
            if (format == Format::Svg) {
                detail::OutputFile out(target, name);
                QSvgGenerator svg;
                svg.setOutputDevice(&out.device());
                svg.setResolution(static_cast<int>(kSvgDpi));
                const QSize size = setup.pixels(kSvgDpi);
                svg.setSize(size);
                svg.setViewBox(QRect(QPoint(0, 0), size));
                svg.setTitle(options.documentTitle);
                svg.setDescription(QStringLiteral("Redline map"));
                QPainter painter;
                if (!painter.begin(&svg)) throw OutputError(fmt::format("cannot write {}", name));
                painter.fillRect(QRect(QPoint(0, 0), size), Qt::white);
                drawSheet(painter, sheets[static_cast<std::size_t>(i)], setup, text, pxPerMm, true, &page.geometry);
                painter.end();
                out.finish();
            } else {
                const double dpi = setup.dpi;
                // 600 megapixels (2.4 GB while drawing): A0 at 450 dpi. Beyond that a PDF is the
                // better print file, and a machine with less memory would fail half-way.
                const QSize size = setup.pixels(dpi);
                const double megapixels = static_cast<double>(size.width()) * size.height() / 1e6;
                if (megapixels > 600) {
                    throw OutputError(
                        fmt::format("{}: {}×{} px at {:.0f} dpi is {:.0f} megapixels, over 600; lower "
                                    "--dpi or write a PDF",
                                    name, size.width(), size.height(), dpi, megapixels));
                }
                QImage image(size, QImage::Format_ARGB32_Premultiplied);
                if (image.isNull()) {
                    throw OutputError(
                        fmt::format("{}: a {:.0f} dpi page is too large to draw; lower --dpi", name, dpi));
                }
                image.setDotsPerMeterX(static_cast<int>(std::lround(dpi / 0.0254)));
                image.setDotsPerMeterY(static_cast<int>(std::lround(dpi / 0.0254)));
                image.fill(Qt::white);
                {
                    QPainter painter(&image);
                    drawSheet(painter, sheets[static_cast<std::size_t>(i)], setup, text, pxPerMm, false,
                              &page.geometry);
                }
                if (!image.convertToFormat(QImage::Format_RGB32).save(qpath(target), "PNG")) {
                    throw OutputError(fmt::format("cannot write {}", name));
                }
                if (options.worldFile && page.geometry) {
                    const auto pgw = std::filesystem::path(name).replace_extension(".pgw");
                    writeWorldFile(staged.file(pgw.string()), *page.geometry, pxPerMm);
                }
            }
            written.push_back(std::move(page));
            if (options.progress) options.progress(i + 1, total);
        }
    }
    checkCancel();
    staged.commit();
    if (format != Format::Pdf) removeStalePages(directory, file, total == 1 ? 0 : total);
    return written;
}

QImage renderPagePreview(const LayoutPage& page, const PageSetup& setup, const LayoutText& text, double dpi) {
    QImage image(setup.pixels(dpi), QImage::Format_ARGB32_Premultiplied);
    image.setDotsPerMeterX(static_cast<int>(std::lround(dpi / 0.0254)));
    image.setDotsPerMeterY(static_cast<int>(std::lround(dpi / 0.0254)));
    image.fill(Qt::white);
    QPainter painter(&image);
    drawSheet(painter, Sheet{&page, 0}, setup, text, dpi / kMmPerInch, false, nullptr);
    return image;
}

}  // namespace redline::render
