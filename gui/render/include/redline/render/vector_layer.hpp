// SPDX-License-Identifier: MIT
// A vector layer ready to draw: every feature's rings as points in the map CRS, its bounding
// box, its attributes as text, and a spatial index. Immutable once built, so the render
// thread and the GUI thread share it without locks (hold it by shared_ptr<const VectorLayer>).
//
//   VectorLayerBuilder b("sites", {"site_id", "名称"});
//   b.addRing(FeatureType::Polygon, points); b.endFeature(fid, {"S1", "示例"});
//   std::shared_ptr<const VectorLayer> layer = std::move(b).finish();
#pragma once

#include <QPointF>
#include <QString>
#include <QStringList>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "redline/render/box_index.hpp"

namespace redline::render {

enum class FeatureType : std::uint8_t { Polygon, Line, Point, None };

class VectorLayer {
  public:
    [[nodiscard]] const QString& name() const { return name_; }
    [[nodiscard]] const QString& sourceLabel() const { return sourceLabel_; }
    [[nodiscard]] const QString& crsLabel() const { return crsLabel_; }
    [[nodiscard]] const QStringList& fieldNames() const { return fields_; }
    [[nodiscard]] int fieldIndex(const QString& name) const { return static_cast<int>(fields_.indexOf(name)); }

    [[nodiscard]] std::size_t featureCount() const { return fids_.size(); }
    [[nodiscard]] std::int64_t fid(std::size_t f) const { return fids_[f]; }
    [[nodiscard]] FeatureType type(std::size_t f) const { return types_[f]; }
    [[nodiscard]] const Box& box(std::size_t f) const { return boxes_[f]; }
    [[nodiscard]] const Box& extent() const { return extent_; }
    [[nodiscard]] const BoxIndex& index() const { return index_; }
    // The dominant type (for the legend and the default style).
    [[nodiscard]] FeatureType mainType() const { return mainType_; }

    [[nodiscard]] std::size_t ringCount(std::size_t f) const { return featureRings_[f + 1] - featureRings_[f]; }
    // Ring `r` of feature `f`: polygon rings (outer and holes, closed), line parts, or points.
    [[nodiscard]] std::span<const QPointF> ring(std::size_t f, std::size_t r) const {
        const auto ri = featureRings_[f] + r;
        return {points_.data() + ringStarts_[ri], ringStarts_[ri + 1] - ringStarts_[ri]};
    }
    [[nodiscard]] QString attribute(std::size_t f, int field) const {
        return attributes_[f * static_cast<std::size_t>(fields_.size()) + static_cast<std::size_t>(field)];
    }
    [[nodiscard]] std::size_t vertexCount() const { return points_.size(); }

    // Features whose box contains the point, within `tolerance` map units (topmost last).
    [[nodiscard]] std::vector<std::uint32_t> featuresAt(QPointF map, double tolerance) const;
    // True when feature `f` covers `map` (polygons), or passes within `tolerance` (lines, points).
    [[nodiscard]] bool hits(std::size_t f, QPointF map, double tolerance) const;

  private:
    friend class VectorLayerBuilder;
    QString name_, sourceLabel_, crsLabel_;
    QStringList fields_;
    std::vector<QPointF> points_;
    std::vector<std::size_t> ringStarts_{0};
    std::vector<std::size_t> featureRings_{0};
    std::vector<FeatureType> types_;
    std::vector<std::int64_t> fids_;
    std::vector<Box> boxes_;
    std::vector<QString> attributes_;  // feature-major
    Box extent_;
    BoxIndex index_;
    FeatureType mainType_ = FeatureType::None;
};

class VectorLayerBuilder {
  public:
    VectorLayerBuilder(QString name, QStringList fields);
    void setSource(QString sourceLabel, QString crsLabel);
    // Adds a ring (or line part, or point) to the current feature.
    void addRing(FeatureType type, std::span<const QPointF> points);
    // Closes the current feature with its attributes (one per field; missing ones are empty).
    void endFeature(std::int64_t fid, const QStringList& attributes);
    [[nodiscard]] std::size_t featureCount() const { return layer_->fids_.size(); }
    // Builds the spatial index; the builder is spent.
    [[nodiscard]] std::shared_ptr<const VectorLayer> finish() &&;

  private:
    std::shared_ptr<VectorLayer> layer_;
    FeatureType currentType_ = FeatureType::None;
    Box currentBox_;
};

}  // namespace redline::render
