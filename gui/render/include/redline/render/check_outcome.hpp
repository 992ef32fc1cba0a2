// SPDX-License-Identifier: MIT
// What the viewer keeps of a conflict check: one row per counted overlap (subject × category)
// and one per subject that could not be checked, errors first, then by severity and area; the
// conflict polygons as a map layer; and the counts by status. Built by CheckCollector, a ResultSink that runs on the
// check's thread and turns each batch into rows and map geometry, so the GUI thread only receives the result.
#pragma once

#include <QString>
#include <QStringList>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "redline/analysis/conflict_check.hpp"
#include "redline/crs/transformer.hpp"
#include "redline/render/vector_layer.hpp"

namespace redline::render {

// ConflictRow::feature of a row with no polygon on the map.
inline constexpr std::uint32_t kNoFeature = 0xFFFFFFFFu;

struct ConflictRow {
    QString subjectId;
    QString subjectName;
    QString category;       // the category's value ("core")
    QString categoryLabel;  // its rule label (生态保护红线·核心保护区)
    analysis::Severity severity = analysis::Severity::Review;
    double areaM2 = 0;
    double siteAreaM2 = 0;
    QString zones;              // "basin: 长江; county: 江宁区"
    QString features;           // the constraint features involved, by id
    std::uint32_t feature = 0;  // in the conflicts layer
    QString notes;              // the subject's notes (repairs, repeated ids), or why it is an error
    bool error = false;         // a subject that could not be checked: no overlap, no feature
    [[nodiscard]] double percentOfSite() const { return siteAreaM2 > 0 ? 100.0 * areaM2 / siteAreaM2 : 0; }
};

struct CheckOutcome {
    std::vector<ConflictRow> rows;
    std::shared_ptr<const VectorLayer> conflicts;  // fields: subject_id, category, severity, area_ha
    int subjects = 0, inConflict = 0, clear = 0, errors = 0;
    QString analysisCrs;
    // Constraint and zone features the check could not use ("redlines.shp fid 2 (HX-003): the
    // category field is empty; …"): a site on one of them may come out clear.
    QStringList unusedFeatures;
};

class CheckCollector : public analysis::ResultSink {
  public:
    // `toMap`: analysis CRS → map CRS, null when they are the same.
    explicit CheckCollector(std::shared_ptr<const crs::LayerTransform> toMap);
    void begin(const analysis::CheckContext& context) override;
    void write(std::vector<analysis::SubjectResult>& batch) override;
    void finish() override;
    [[nodiscard]] CheckOutcome take();

  private:
    struct Pending {
        ConflictRow row;
        geom::GeomPtr geometry;
    };
    std::shared_ptr<const crs::LayerTransform> toMap_;
    const analysis::CheckContext* context_ = nullptr;
    std::vector<Pending> pending_;
    CheckOutcome outcome_;
};

// A one-line-per-item account of a drawn site's verdict (status, overlaps, distances, zones).
struct SiteVerdict {
    QString status;  // "conflict · prohibited" / "clear" / "error: …"
    bool conflict = false;
    double areaM2 = 0;
    QStringList overlaps;   // "生态保护红线·核心保护区: 1.23 ha (18.5 亩), 12.0 % of the site"
    QStringList contacts;   // touches below the minimum area
    QStringList distances;  // "饮用水水源保护区: 812 m (buffer 500 m: no)"
    QStringList zones;      // "basin: 长江 (100 %)"
    QStringList notes;      // "invalid geometry repaired (Self-intersection …)", as result.json's notes
};
[[nodiscard]] SiteVerdict describeVerdict(const analysis::SubjectResult& result, const analysis::CheckContext& context);

// Area in ha with 4 decimals, as planners' tables show it.
[[nodiscard]] QString formatHectares(double m2);
[[nodiscard]] QString formatMu(double m2);

}  // namespace redline::render
