// SPDX-License-Identifier: MIT
// A small table on a map page (an atlas page's overlaps, a 界址点 coordinate list): a header
// row, body rows, numeric columns right-aligned, columns sized to their widest cell; a table too
// wide is set smaller, then its text columns wrap (fittedColumnWidths).
#pragma once

#include <QPainter>
#include <QRectF>
#include <QString>
#include <QStringList>
#include <vector>

namespace redline::render {

struct LayoutTable {
    QString title;
    QStringList header;
    std::vector<QStringList> rows;
    std::vector<bool> numeric;  // per column: right-aligned
    int boldLastRow = 0;        // 1: the last row is a total (合计)
};

// Row height in device units at `points` size.
[[nodiscard]] double tableRowHeight(double points, double pxPerMm);

// The width (device units) each column asks for at `points`: its widest body cell, and its
// header on up to two lines but never narrower than the header's longest word.
[[nodiscard]] std::vector<double> tableColumnWidths(const LayoutTable& table, double points, double pxPerMm);

// The size `table` is set at in a box `width` device units wide: `points`, or smaller (not below
// 5 pt) when its columns would not fit whole.
[[nodiscard]] double fittedTablePoints(const LayoutTable& table, double width, double pxPerMm, double points);

// The widths (device units) the columns are drawn at in a box `width` wide at `points`: as
// asked when they fit; else numeric columns keep theirs and the text columns are narrowed, the
// widest first, down to their header's longest word, their cells wrapping onto more lines. Only
// when the numbers alone do not fit is every column scaled down (and cells cut with "…").
[[nodiscard]] std::vector<double> fittedColumnWidths(const LayoutTable& table, double points, double width,
                                                     double pxPerMm);

// Draws rows [firstRow, …) of `table` into `box` until it is full, or `maxRows` rows when given;
// returns the number of body rows drawn, and in `usedHeight` the height drawn (rows whose text
// wraps are taller). The title and the header are drawn on every call, at fittedTablePoints().
int drawLayoutTable(QPainter& painter, const QRectF& box, const LayoutTable& table, int firstRow, double pxPerMm,
                    double requestedPoints = 7, int maxRows = -1, double* usedHeight = nullptr);

}  // namespace redline::render
