// SPDX-License-Identifier: MIT
#include "redline/render/report_pdf.hpp"

#include <fmt/format.h>

#include <QFontMetricsF>
#include <QImage>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QTextOption>
#include <algorithm>
#include <array>
#include <numeric>
#include <optional>

#include "output_file_p.hpp"
#include "redline/render/layout_fonts.hpp"
#include "redline/util/error.hpp"
#include "redline/util/feedback.hpp"

namespace redline::render {

namespace {

constexpr double kDpi = 600;
constexpr double kPxPerMm = kDpi / 25.4;
constexpr double kPageW = 210, kPageH = 297, kMargin = 18, kFooter = 8;
static_assert(kPageW - 2 * kMargin == kReportTextWidthMm);

QString q(const std::string& s) { return QString::fromStdString(s); }

class PageFlow {
  public:
    PageFlow(QPdfWriter& writer, QPainter& painter, QString footer)
        : writer_(writer), painter_(painter), footer_(std::move(footer)) {
        y_ = top();
    }

    [[nodiscard]] static double mm(double v) { return v * kPxPerMm; }
    [[nodiscard]] static double left() { return mm(kMargin); }
    [[nodiscard]] static double width() { return mm(kPageW - 2 * kMargin); }
    [[nodiscard]] static double top() { return mm(kMargin); }
    [[nodiscard]] static double bottom() { return mm(kPageH - kMargin - kFooter); }
    [[nodiscard]] double y() const { return y_; }
    [[nodiscard]] double room() const { return bottom() - y_; }
    void advance(double h) { y_ += h; }
    [[nodiscard]] bool atTop() const { return y_ <= top() + 1; }

    void newPage() {
        drawFooter();
        writer_.newPage();
        ++page_;
        y_ = top();
    }
    void ensure(double h) {
        if (h > room() && !atTop()) newPage();
    }
    void finish() { drawFooter(); }

    QPainter& painter() { return painter_; }

  private:
    void drawFooter() {
        painter_.save();
        painter_.setFont(layoutFont(7.5, kPxPerMm));
        painter_.setPen(QColor(110, 110, 110));
        const QRectF box(left(), mm(kPageH - kMargin - 4), width(), mm(5));
        painter_.drawText(box, Qt::AlignLeft | Qt::AlignVCenter, footer_);
        painter_.drawText(box, Qt::AlignRight | Qt::AlignVCenter, QString::number(page_));
        painter_.restore();
    }

    QPdfWriter& writer_;
    QPainter& painter_;
    QString footer_;
    double y_ = 0;
    int page_ = 1;
};

double textHeight(const QFont& font, const QString& text, double w, int wrap = Qt::TextWordWrap) {
    return QFontMetricsF(font).boundingRect(QRectF(0, 0, w, 1e9), wrap, text).height();
}

// Word wrap, unless a word is wider than the cell: then break anywhere rather than cut it off.
int wrapFor(const QFontMetricsF& fm, const QString& text, double w) {
    return widestUnbreakable(fm, text) > w ? Qt::TextWrapAnywhere : Qt::TextWordWrap;
}

void paragraph(PageFlow& flow, const QString& text, const QFont& font, double spaceAfterMm, double indentMm = 0,
               const QColor& color = QColor(34, 34, 34)) {
    const double w = PageFlow::width() - PageFlow::mm(indentMm);
    const double h = textHeight(font, text, w);
    flow.ensure(h);
    QPainter& p = flow.painter();
    p.setFont(font);
    p.setPen(color);
    p.drawText(QRectF(PageFlow::left() + PageFlow::mm(indentMm), flow.y(), w, h), Qt::TextWordWrap, text);
    flow.advance(h + PageFlow::mm(spaceAfterMm));
}

// The widths a table's columns ask for at `points`: on one line (`natural`) and at the least
// (`minimum`: numbers whole on one line, words whole, headers on up to three lines).
struct ColumnWidths {
    std::vector<double> natural, minimum;
};

// A cell's text and padding, and some room: laid out, a text can come out a little wider than
// measured whole (fallback fonts for · and CJK), and its last character went to a second line
// the row had no room for.
double cellEdge() { return 2 * PageFlow::mm(1.2) + PageFlow::mm(0.5); }

ColumnWidths columnWidths(const report::ReportTable& t, double points) {
    const QFontMetricsF bm(layoutFont(points, kPxPerMm, true));
    const double edge = cellEdge();
    const std::size_t n = t.columns.size();
    auto numeric = [&](std::size_t c) { return c < t.numeric.size() && t.numeric[c]; };
    ColumnWidths w{std::vector<double>(n, 0), std::vector<double>(n, 0)};
    for (std::size_t c = 0; c < n; ++c) {
        const QString header = q(t.columns[c]);
        w.minimum[c] = std::max({bm.horizontalAdvance(header) / 3, widestUnbreakable(bm, header),
                                 bm.horizontalAdvance(QStringLiteral("0000"))}) +
                       edge;
        w.natural[c] = bm.horizontalAdvance(header) + edge;
        for (const auto& row : t.rows) {
            if (c >= row.size()) continue;
            const QString text = q(row[c].text);
            const double cell = bm.horizontalAdvance(text) + edge;
            w.natural[c] = std::max(w.natural[c], cell);
            // Numbers never wrap; nor do codes and words, as long as the page allows.
            w.minimum[c] = std::max(w.minimum[c], numeric(c) ? cell : widestUnbreakable(bm, text) + edge);
        }
    }
    return w;
}

double sum(const std::vector<double>& v) { return std::accumulate(v.begin(), v.end(), 0.0); }

void drawTable(PageFlow& flow, const report::ReportTable& t, double points) {
    QPainter& p = flow.painter();
    const QFont font = layoutFont(points, kPxPerMm), bold = layoutFont(points, kPxPerMm, true);
    const double pad = PageFlow::mm(1.2), avail = PageFlow::width();
    const std::size_t n = t.columns.size();
    if (n == 0) return;
    auto numeric = [&](std::size_t c) { return c < t.numeric.size() && t.numeric[c]; };

    const auto [natural, minimum] = columnWidths(t, points);
    std::vector<double> width = natural;
    const double total = sum(width);
    if (total > avail) {
        // Shrink the columns that can wrap, in proportion to what they could give up.
        double slack = 0;
        for (std::size_t c = 0; c < n; ++c) slack += natural[c] - minimum[c];
        const double excess = total - avail;
        for (std::size_t c = 0; c < n; ++c) {
            const double give = slack > 0 ? (natural[c] - minimum[c]) * std::min(1.0, excess / slack) : 0;
            width[c] = natural[c] - give;
        }
        // Still too wide only when table() could not split it (one column wider than the page).
        const double now = sum(width);
        if (now > avail)
            for (auto& w : width) w *= avail / now;
    }
    const double tableW = sum(width);

    auto rowHeight = [&](const std::vector<QString>& cells, const QFont& f) {
        double h = QFontMetricsF(f).height();
        const QFontMetricsF metrics(f);
        for (std::size_t c = 0; c < n; ++c) {
            const double w = width[c] - 2 * pad;
            h = std::max(h, textHeight(f, cells[c], w, wrapFor(metrics, cells[c], w)));
        }
        return h + 2 * pad * 0.6;
    };
    auto drawRow = [&](const std::vector<QString>& cells, const QFont& f, double h, bool shaded, bool header) {
        double x = PageFlow::left();
        if (shaded) p.fillRect(QRectF(x, flow.y(), tableW, h), header ? QColor(232, 232, 232) : QColor(246, 246, 246));
        p.setPen(QPen(QColor(170, 170, 170), PageFlow::mm(0.15)));
        p.setBrush(Qt::NoBrush);
        p.setFont(f);
        const QFontMetricsF metrics(f);
        for (std::size_t c = 0; c < n; ++c) {
            const QRectF cell(x, flow.y(), width[c], h);
            p.setPen(QPen(QColor(170, 170, 170), PageFlow::mm(0.15)));
            p.drawRect(cell);
            p.setPen(QColor(20, 20, 20));
            const int align = numeric(c) && !header ? static_cast<int>((Qt::AlignRight | Qt::AlignTop).toInt())
                                                    : static_cast<int>((Qt::AlignLeft | Qt::AlignTop).toInt());
            p.drawText(cell.adjusted(pad, pad * 0.6, -pad, 0), align | wrapFor(metrics, cells[c], width[c] - 2 * pad),
                       cells[c]);
            x += width[c];
        }
        flow.advance(h);
    };

    std::vector<QString> header;
    for (const auto& c : t.columns) header.push_back(q(c));
    const double headerH = rowHeight(header, bold);
    const QFont captionFont = layoutFont(9, kPxPerMm, true);
    const double captionH =
        t.title.empty() ? 0 : textHeight(captionFont, q(t.title), PageFlow::width()) + PageFlow::mm(1);
    std::vector<std::vector<QString>> body;
    for (const auto& row : t.rows) {
        std::vector<QString> cells(n);
        for (std::size_t c = 0; c < n && c < row.size(); ++c) cells[c] = q(row[c].text);
        body.push_back(std::move(cells));
    }
    const double firstRowH = body.empty() ? 0 : rowHeight(body.front(), font);
    flow.ensure(captionH + headerH + firstRowH);
    if (!t.title.empty()) paragraph(flow, q(t.title), captionFont, 1);
    drawRow(header, bold, headerH, true, true);
    for (std::size_t r = 0; r < body.size(); ++r) {
        const bool isTotal = t.lastRowIsTotal && r + 1 == body.size();
        const QFont& f = isTotal ? bold : font;
        const double h = rowHeight(body[r], f);
        if (h > flow.room()) {
            flow.newPage();
            drawRow(header, bold, headerH, true, true);
        }
        drawRow(body[r], f, h, isTotal, false);
    }
    flow.advance(PageFlow::mm(1.5));
    if (!t.note.empty()) paragraph(flow, q(t.note), layoutFont(7.5, kPxPerMm), 2, 0, QColor(90, 90, 90));
    flow.advance(PageFlow::mm(2));
}

// A table too wide for the page is set smaller (8, 7, then 6 pt), its headers wrapping; if its
// numbers still do not fit on one line it is split by columns into parts, each repeating the first
// column (the zone, the subject) and titled "(1/2)", "(2/2)". Scaling every column instead
// wrapped the numbers and left the zone column one character wide.
void table(PageFlow& flow, const report::ReportTable& t) {
    const double avail = PageFlow::width();
    constexpr std::array<double, 3> kPoints{8, 7, 6};
    for (const double points : kPoints) {
        if (sum(columnWidths(t, points).minimum) <= avail) {
            drawTable(flow, t, points);
            return;
        }
    }
    const double points = kPoints.back();
    const auto minimum = columnWidths(t, points).minimum;
    std::vector<std::vector<std::size_t>> parts;
    double used = 0;
    for (std::size_t c = 1; c < t.columns.size(); ++c) {
        if (parts.empty() || used + minimum[c] > avail) {
            parts.emplace_back();
            used = minimum[0];
        }
        parts.back().push_back(c);
        used += minimum[c];
    }
    if (parts.size() < 2) {
        drawTable(flow, t, points);
        return;
    }
    for (std::size_t i = 0; i < parts.size(); ++i) {
        report::ReportTable part;
        part.key = t.key;
        part.title = fmt::format("{} ({}/{})", t.title, i + 1, parts.size());
        part.lastRowIsTotal = t.lastRowIsTotal;
        if (i + 1 == parts.size()) part.note = t.note;
        std::vector<std::size_t> columns{0};
        columns.insert(columns.end(), parts[i].begin(), parts[i].end());
        for (std::size_t c : columns) {
            part.columns.push_back(t.columns[c]);
            part.numeric.push_back(c < t.numeric.size() && t.numeric[c]);
        }
        for (const auto& row : t.rows) {
            std::vector<report::ReportCell> cells;
            for (std::size_t c : columns) cells.push_back(c < row.size() ? row[c] : report::ReportCell{});
            part.rows.push_back(std::move(cells));
        }
        drawTable(flow, part, points);
    }
}

// The size an image is drawn at: the width it was drawn for, no taller than a page.
std::optional<QSizeF> imageSize(const QImage& picture, const report::ReportImage& img) {
    if (picture.isNull()) return std::nullopt;
    // A map keeps the width it was drawn for, or its scale bar and 1:N would be wrong on paper.
    double drawW = img.widthMm > 0 ? std::min(PageFlow::mm(img.widthMm), PageFlow::width()) : PageFlow::width();
    double h = drawW * picture.height() / picture.width();
    const double maxH = PageFlow::bottom() - PageFlow::top() - PageFlow::mm(10);
    if (h > maxH) {
        drawW *= maxH / h;
        h = maxH;
    }
    return QSizeF(drawW, h);
}

void image(PageFlow& flow, const report::ReportImage& img) {
    const QImage picture = QImage::fromData(QByteArray::fromStdString(img.bytes));
    const auto size = imageSize(picture, img);
    if (!size) return;
    const double drawW = size->width(), h = size->height();
    if (img.pageBreakBefore && !flow.atTop()) flow.newPage();
    flow.ensure(h + PageFlow::mm(6));
    flow.painter().drawImage(QRectF(PageFlow::left(), flow.y(), drawW, h), picture);
    flow.advance(h + PageFlow::mm(1));
    if (!img.caption.empty()) paragraph(flow, q(img.caption), layoutFont(7.5, kPxPerMm), 3, 0, QColor(90, 90, 90));
}

}  // namespace

void writeReportPdf(const report::ReportDocument& document, const std::filesystem::path& file) {
    detail::OutputFile out(file, file.string());
    QPdfWriter writer(&out.device());
    writer.setPageSize(QPageSize(QPageSize::A4));
    writer.setPageMargins(QMarginsF(0, 0, 0, 0));
    writer.setResolution(static_cast<int>(kDpi));
    writer.setTitle(q(document.title));
    writer.setCreator(QStringLiteral("Redline"));
    QPainter painter;
    if (!painter.begin(&writer)) throw OutputError(fmt::format("{}: cannot write", file.string()));
    painter.setRenderHint(QPainter::Antialiasing, true);
    PageFlow flow(writer, painter, q(document.title));

    paragraph(flow, q(document.title), layoutFont(18, kPxPerMm, true), 2);
    if (!document.subtitle.empty())
        paragraph(flow, q(document.subtitle), layoutFont(9, kPxPerMm), 4, 0, QColor(90, 90, 90));
    for (const auto& section : document.sections) {
        if (globalCancelRequested()) throw Cancelled();  // hundreds of pages at scale M
        if (section.pageBreakBefore && !flow.atTop()) flow.newPage();
        const QFont headingFont = layoutFont(section.level == 3 ? 12 : 14, kPxPerMm, true);
        // A heading stays with at least 40 mm of what follows, or with the whole map that follows
        // it (the 冲突总图 heading sat alone at the foot of page 1, its map on page 2).
        double keep = PageFlow::mm(40);
        if (!section.blocks.empty())
            if (const auto* img = std::get_if<report::ReportImage>(&section.blocks.front());
                img && !img->pageBreakBefore)
                if (const auto size = imageSize(QImage::fromData(QByteArray::fromStdString(img->bytes)), *img))
                    keep = std::max(keep, size->height() + PageFlow::mm(6));
        flow.ensure(textHeight(headingFont, q(section.heading), PageFlow::width()) + PageFlow::mm(2.5) + keep);
        flow.advance(flow.atTop() ? 0 : PageFlow::mm(3));
        paragraph(flow, q(section.heading), headingFont, 2.5);
        if (section.level == 2) {
            flow.painter().setPen(QPen(QColor(150, 150, 150), PageFlow::mm(0.25)));
            flow.painter().drawLine(QPointF(PageFlow::left(), flow.y() - PageFlow::mm(1.5)),
                                    QPointF(PageFlow::left() + PageFlow::width(), flow.y() - PageFlow::mm(1.5)));
        }
        const QFont body = layoutFont(9.5, kPxPerMm);
        for (const auto& block : section.blocks) {
            if (const auto* para = std::get_if<report::ReportParagraph>(&block)) {
                paragraph(flow, q(para->text), para->emphasis ? layoutFont(9.5, kPxPerMm, true) : body, 2.5);
            } else if (const auto* list = std::get_if<report::ReportList>(&block)) {
                for (const auto& item : list->items) paragraph(flow, QStringLiteral("• ") + q(item), body, 1.2, 2);
                flow.advance(PageFlow::mm(2));
            } else if (const auto* t = std::get_if<report::ReportTable>(&block)) {
                table(flow, *t);
            } else if (const auto* img = std::get_if<report::ReportImage>(&block)) {
                image(flow, *img);
            }
        }
    }
    flow.finish();
    if (!painter.end()) throw OutputError(fmt::format("{}: cannot write", file.string()));
    out.finish();
}

}  // namespace redline::render
