// SPDX-License-Identifier: MIT
// A map page a planner can sign off: title, the map frame with the layers (conflicts on top),
// a legend from the symbology, a scale bar true on the ground at the frame's centre with the
// representative fraction, a north arrow pointing to true north, the CRS, data sources and
// date, an overview inset marking the map's extent (a picture: overview_inset.hpp), and optional
// tables under the map (an atlas page's overlaps; rows that do not fit are counted in a last
// line and continued on the next page by exportPages). Drawn on any QPainter: an image, a PDF
// page, an SVG document.
//
// Page geometry is in millimetres; the painter's device has `pxPerMm` units per millimetre.
#pragma once

#include <QPainter>
#include <QRectF>
#include <QString>
#include <QStringList>
#include <memory>
#include <optional>
#include <variant>
#include <vector>

#include "redline/crs/crs.hpp"
#include "redline/render/layout_table.hpp"
#include "redline/render/legend.hpp"
#include "redline/render/map_viewport.hpp"
#include "redline/render/overview_inset.hpp"
#include "redline/render/page_setup.hpp"
#include "redline/render/scale_bar.hpp"
#include "redline/render/styled_layer.hpp"

namespace redline::render {

// Fixed words on a layout, in the map's language.
struct LayoutText {
    QString legend, overview, crs, scale, scaleAtCentre, sources, date, madeWith, north, continued, page;
    QString moreRows;  // "%1 more rows on the next page": a table under a map that goes on
    [[nodiscard]] static LayoutText chinese();
    [[nodiscard]] static LayoutText english();
    [[nodiscard]] static LayoutText forLanguage(const QString& language);  // "zh…" → Chinese
};

struct MapPage {
    QString title;
    QString subtitle;
    Box extent;  // map CRS: what the frame must show
    double marginFraction = 0.05;
    std::vector<StyledLayer> layers;  // bottom first
    QStringList layerNames;           // legend titles, same order
    std::shared_ptr<const crs::Crs> crs;
    QString crsName;
    QStringList sources;
    QString date;
    std::vector<StyledLayer> overviewLayers;  // empty: no inset
    Box overviewExtent;
    // The inset's pictures, shared by the pages of one atlas so that it is drawn once (null: drawn
    // for this page alone).
    std::shared_ptr<OverviewInsets> overviewInsets;
    std::vector<LayoutTable> tables;  // under the map
};

// A page of one long table (a 界址点 list), continued on as many pages as it needs.
struct TablePage {
    QString title;
    LayoutTable table;
};

using LayoutPage = std::variant<MapPage, TablePage>;

// Where things went on a drawn map page (millimetres), and the scale found.
struct PageGeometry {
    QRectF titleMm, mapFrameMm, overviewMm, legendMm, infoMm, scaleBarMm, northArrowMm, tablesMm;
    MapViewport viewport;  // of the map frame, in device units
    std::optional<double> metresPerMm;
    ScaleBar scaleBar;
    double northAngle = 0;
    std::vector<int> tableRows;  // rows drawn of each of the page's tables (the rest go on after it)
};

PageGeometry drawMapPage(QPainter& painter, const MapPage& page, const PageSetup& setup, const LayoutText& text,
                         double pxPerMm, bool vectorOutput);

// Draws rows [firstRow, …) of a table page, at most `maxRows` when given; returns how many rows
// were drawn (as many as fit when `maxRows` is -1).
int drawTablePage(QPainter& painter, const TablePage& page, int firstRow, const PageSetup& setup,
                  const LayoutText& text, double pxPerMm, int maxRows = -1);

}  // namespace redline::render
