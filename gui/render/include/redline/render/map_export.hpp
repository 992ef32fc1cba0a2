// SPDX-License-Identifier: MIT
// Writes layout pages to a file chosen by its extension: .pdf (vector, one PDF of all pages,
// text kept as text with the fonts embedded), .svg (vector) or .png (at the page's DPI). SVG
// and PNG hold one page each: a multi-page layout becomes NAME_01.png, NAME_02.png, …
// All or nothing: pages are staged and moved into place only when every one is written.
//
//   exportPages("map.pdf", pages, PageSetup::parse("A3", true), LayoutText::chinese(), {});
#pragma once

#include <QString>
#include <atomic>
#include <filesystem>
#include <functional>
#include <vector>

#include "redline/render/map_layout.hpp"

namespace redline::render {

struct ExportOptions {
    QString documentTitle;   // PDF/SVG metadata
    bool worldFile = false;  // PNG: also NAME.pgw georeferencing the page's pixels (map pages)
    const std::atomic<bool>* cancel = nullptr;
    std::function<void(int done, int total)> progress;
};

struct ExportedPage {
    std::filesystem::path file;
    int pageNumber = 0;
    std::optional<PageGeometry> geometry;  // map pages
};

// Throws OutputError naming the file (unknown extension, cannot write), Cancelled.
std::vector<ExportedPage> exportPages(const std::filesystem::path& file, const std::vector<LayoutPage>& pages,
                                      const PageSetup& setup, const LayoutText& text, const ExportOptions& options);

// Draws page `index` of `pages` (table pages continued) into an image, for previews.
[[nodiscard]] QImage renderPagePreview(const LayoutPage& page, const PageSetup& setup, const LayoutText& text,
                                       double dpi);

}  // namespace redline::render
