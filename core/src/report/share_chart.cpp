// SPDX-License-Identifier: MIT
// The share chart drawn with cairo; text laid out by pango, whose font fallback finds a CJK
// font for Chinese zone and class names.
#include "redline/report/share_chart.hpp"

#include <cairo-svg.h>
#include <cairo.h>
#include <fmt/format.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <memory>

#include "redline/util/error.hpp"

namespace redline::report {
namespace {

struct SurfaceDeleter {
    void operator()(cairo_surface_t* s) const noexcept { cairo_surface_destroy(s); }
};
struct ContextDeleter {
    void operator()(cairo_t* c) const noexcept { cairo_destroy(c); }
};
struct LayoutDeleter {
    void operator()(PangoLayout* l) const noexcept { g_object_unref(l); }
};
struct FontDeleter {
    void operator()(PangoFontDescription* f) const noexcept { pango_font_description_free(f); }
};
using SurfacePtr = std::unique_ptr<cairo_surface_t, SurfaceDeleter>;
using ContextPtr = std::unique_ptr<cairo_t, ContextDeleter>;
using LayoutPtr = std::unique_ptr<PangoLayout, LayoutDeleter>;
using FontPtr = std::unique_ptr<PangoFontDescription, FontDeleter>;

struct Rgb {
    double r, g, b;
};

Rgb hex(unsigned v) { return {((v >> 16) & 0xff) / 255.0, ((v >> 8) & 0xff) / 255.0, (v & 0xff) / 255.0}; }

// Conventional colours for the classes planners know; a qualitative palette for the rest.
Rgb classColour(const std::string& name, std::size_t index) {
    const auto has = [&](const char* s) { return name.find(s) != std::string::npos; };
    if (name == "(nodata)") return hex(0xbbbbbb);
    if (has("core") || has("核心")) return hex(0xb2182b);
    if (has("general") || has("一般")) return hex(0xef8a62);
    if (has("wetland") || has("湿地")) return hex(0x35978f);
    if (has("water") || has("水")) return hex(0x4393c3);
    if (has("forest") || has("林")) return hex(0x1b7837);
    if (has("crop") || has("耕")) return hex(0xdfc27d);
    if (has("built") || has("建设")) return hex(0x8c510a);
    static constexpr std::array<unsigned, 10> palette{0x1f77b4, 0xff7f0e, 0x2ca02c, 0x9467bd, 0x8c564b,
                                                      0xe377c2, 0x7f7f7f, 0xbcbd22, 0x17becf, 0xd62728};
    return hex(palette[index % palette.size()]);
}

class Painter {
  public:
    explicit Painter(cairo_t* cr) : cr_(cr) {}

    void fill(double x, double y, double w, double h, Rgb c) {
        cairo_set_source_rgb(cr_, c.r, c.g, c.b);
        cairo_rectangle(cr_, x, y, w, h);
        cairo_fill(cr_);
    }
    void line(double x0, double y0, double x1, double y1, Rgb c, double width = 1) {
        cairo_set_source_rgb(cr_, c.r, c.g, c.b);
        cairo_set_line_width(cr_, width);
        cairo_move_to(cr_, x0, y0);
        cairo_line_to(cr_, x1, y1);
        cairo_stroke(cr_);
    }
    // Draws text with its left (align 0), centre (0.5) or right (1) at x, vertically centred on
    // y; `maxWidth` > 0 ellipsizes. Returns the drawn width.
    double text(const std::string& s, double x, double y, double size, Rgb c, double align = 0, double maxWidth = 0,
                bool bold = false) {
        LayoutPtr layout(pango_cairo_create_layout(cr_));
        FontPtr font(pango_font_description_from_string(
            fmt::format("Noto Sans CJK SC, WenQuanYi Zen Hei, DejaVu Sans, sans {}{}", bold ? "Bold " : "", size)
                .c_str()));
        pango_layout_set_font_description(layout.get(), font.get());
        pango_layout_set_text(layout.get(), s.c_str(), -1);
        if (maxWidth > 0) {
            pango_layout_set_width(layout.get(), static_cast<int>(maxWidth * PANGO_SCALE));
            pango_layout_set_ellipsize(layout.get(), PANGO_ELLIPSIZE_END);
        }
        int w = 0, h = 0;
        pango_layout_get_pixel_size(layout.get(), &w, &h);
        cairo_set_source_rgb(cr_, c.r, c.g, c.b);
        cairo_move_to(cr_, x - align * w, y - h / 2.0);
        pango_cairo_show_layout(cr_, layout.get());
        return w;
    }
    double textWidth(const std::string& s, double size) {
        LayoutPtr layout(pango_cairo_create_layout(cr_));
        FontPtr font(pango_font_description_from_string(
            fmt::format("Noto Sans CJK SC, WenQuanYi Zen Hei, DejaVu Sans, sans {}", size).c_str()));
        pango_layout_set_font_description(layout.get(), font.get());
        pango_layout_set_text(layout.get(), s.c_str(), -1);
        int w = 0, h = 0;
        pango_layout_get_pixel_size(layout.get(), &w, &h);
        return w;
    }

  private:
    cairo_t* cr_;
};

double clean(double pct) { return std::isfinite(pct) ? std::clamp(pct, 0.0, 100.0) : 0.0; }

struct Layout {
    double width = 820, left = 170, right = 30, top = 56, rowHeight = 26, barHeight = 16, legendRowHeight = 22;
    int legendColumns = 4;
    double plotWidth() const { return width - left - right; }
};

double chartHeight(const ShareChart& chart, const Layout& l) {
    const std::size_t rows = std::max<std::size_t>(chart.zones.size(), 1);
    const double perZone = chart.stacked ? l.rowHeight : std::max(l.rowHeight, 6.0 * double(chart.classes.size()) + 8);
    const std::size_t legendRows = (chart.classes.size() + 1 + static_cast<std::size_t>(l.legendColumns) - 1) /
                                   static_cast<std::size_t>(l.legendColumns);
    return l.top + double(rows) * perZone + 34 + double(legendRows) * l.legendRowHeight + 30;
}

void draw(cairo_t* cr, const ShareChart& chart, const Layout& l, double height) {
    Painter p(cr);
    const Rgb ink = hex(0x222222), grey = hex(0x777777), grid = hex(0xdddddd), rest = hex(0xeeeeee);
    p.fill(0, 0, l.width, height, hex(0xffffff));
    p.text(chart.title, l.width / 2, 24, 13, ink, 0.5, l.width - 40, true);

    const double perZone = chart.stacked ? l.rowHeight : std::max(l.rowHeight, 6.0 * double(chart.classes.size()) + 8);
    const double plotTop = l.top;
    const double plotBottom = plotTop + double(std::max<std::size_t>(chart.zones.size(), 1)) * perZone;
    // Side-by-side bars use an axis up to the largest share, so small shares stay visible.
    double axisMax = 100;
    if (!chart.stacked) {
        double largest = 0;
        for (const auto& zone : chart.zones) {
            for (double v : zone.pct) largest = std::max(largest, clean(v));
        }
        for (double nice : {1.0, 2.0, 5.0, 10.0, 20.0, 25.0, 50.0, 100.0}) {
            if (largest <= nice) {
                axisMax = nice;
                break;
            }
        }
    }
    const auto xOf = [&](double pct) { return l.left + l.plotWidth() * std::min(pct, axisMax) / axisMax; };
    for (int i = 0; i <= 5; ++i) {
        const double tick = axisMax * i / 5;
        p.line(xOf(tick), plotTop - 4, xOf(tick), plotBottom, grid);
        p.text(fmt::format("{:g}%", tick), xOf(tick), plotBottom + 10, 8, grey, 0.5);
    }
    if (chart.zones.empty()) p.text("no data", l.width / 2, (plotTop + plotBottom) / 2, 11, grey, 0.5);

    for (std::size_t z = 0; z < chart.zones.size(); ++z) {
        const auto& zone = chart.zones[z];
        const double y = plotTop + double(z) * perZone;
        p.text(zone.name, l.left - 8, y + perZone / 2, 9, ink, 1, l.left - 16);
        if (chart.stacked) {
            const double barY = y + (perZone - l.barHeight) / 2;
            double start = 0;
            for (std::size_t c = 0; c < chart.classes.size() && c < zone.pct.size(); ++c) {
                const double share = std::min(clean(zone.pct[c]), 100.0 - start);
                if (share <= 0) continue;
                p.fill(xOf(start), barY, xOf(start + share) - xOf(start), l.barHeight,
                       classColour(chart.classes[c], c));
                const std::string label = fmt::format("{:.1f}%", zone.pct[c]);
                if (xOf(start + share) - xOf(start) > p.textWidth(label, 7.5) + 4) {
                    p.text(label, (xOf(start) + xOf(start + share)) / 2, barY + l.barHeight / 2, 7.5, hex(0xffffff),
                           0.5);
                }
                start += share;
            }
            if (start < 100) p.fill(xOf(start), barY, xOf(100) - xOf(start), l.barHeight, rest);
        } else {
            const double thin = (perZone - 8) / double(std::max<std::size_t>(chart.classes.size(), 1));
            for (std::size_t c = 0; c < chart.classes.size() && c < zone.pct.size(); ++c) {
                const double barY = y + 4 + double(c) * thin;
                const double share = clean(zone.pct[c]);
                p.fill(xOf(0), barY, xOf(share) - xOf(0), thin - 1, classColour(chart.classes[c], c));
                if (thin >= 7) p.text(fmt::format("{:.1f}%", zone.pct[c]), xOf(share) + 3, barY + thin / 2, 6.5, grey);
            }
        }
    }
    p.line(l.left, plotTop - 4, l.left, plotBottom, ink);

    // Legend.
    const double legendTop = plotBottom + 30;
    const double columnWidth = (l.width - 2 * 20) / l.legendColumns;
    std::vector<std::pair<std::string, Rgb>> entries;
    for (std::size_t c = 0; c < chart.classes.size(); ++c)
        entries.emplace_back(chart.classes[c], classColour(chart.classes[c], c));
    if (chart.stacked) entries.emplace_back(chart.restLabel, rest);
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const double x = 20 + double(i % static_cast<std::size_t>(l.legendColumns)) * columnWidth;
        const double y = legendTop + double(i / static_cast<std::size_t>(l.legendColumns)) * l.legendRowHeight;
        p.fill(x, y - 6, 12, 12, entries[i].second);
        p.text(entries[i].first, x + 18, y, 9, ink, 0, columnWidth - 24);
    }
    if (!chart.footnote.empty()) p.text(chart.footnote, 20, height - 12, 7.5, grey, 0, l.width - 40);
}

std::string lowerExtension(const std::filesystem::path& p) {
    std::string ext = p.extension().string();
    for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return ext;
}

}  // namespace

void writeShareChart(const ShareChart& chart, const std::filesystem::path& file) {
    const std::string ext = lowerExtension(file);
    if (ext != ".svg" && ext != ".png") {
        throw OutputError(fmt::format("{}: a chart is written as .svg or .png", file.string()));
    }
    const Layout layout;
    const double height = chartHeight(chart, layout);
    const std::string name = file.string();
    SurfacePtr surface(ext == ".svg" ? cairo_svg_surface_create(name.c_str(), layout.width, height)
                                     : cairo_image_surface_create(CAIRO_FORMAT_RGB24, static_cast<int>(layout.width),
                                                                  static_cast<int>(std::ceil(height))));
    if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
        throw OutputError(
            fmt::format("{}: cannot create ({})", name, cairo_status_to_string(cairo_surface_status(surface.get()))));
    }
    {
        ContextPtr cr(cairo_create(surface.get()));
        draw(cr.get(), chart, layout, height);
        if (cairo_status(cr.get()) != CAIRO_STATUS_SUCCESS) {
            throw OutputError(
                fmt::format("{}: cannot draw ({})", name, cairo_status_to_string(cairo_status(cr.get()))));
        }
    }
    cairo_status_t status = CAIRO_STATUS_SUCCESS;
    if (ext == ".png") {
        status = cairo_surface_write_to_png(surface.get(), name.c_str());
    } else {
        cairo_surface_finish(surface.get());
        status = cairo_surface_status(surface.get());
    }
    if (status != CAIRO_STATUS_SUCCESS) {
        throw OutputError(fmt::format("{}: cannot write ({})", name, cairo_status_to_string(status)));
    }
}

}  // namespace redline::report
