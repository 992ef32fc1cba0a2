// SPDX-License-Identifier: MIT
#include "redline/render/vector_layer.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace redline::render {

namespace {

// Even-odd crossing test over all rings: holes and multipart polygons come out right.
bool polygonCovers(const VectorLayer& layer, std::size_t f, QPointF p) {
    bool inside = false;
    for (std::size_t r = 0; r < layer.ringCount(f); ++r) {
        const auto pts = layer.ring(f, r);
        for (std::size_t i = 0, j = pts.size() - 1; i < pts.size(); j = i++) {
            if ((pts[i].y() > p.y()) != (pts[j].y() > p.y()) &&
                p.x() < (pts[j].x() - pts[i].x()) * (p.y() - pts[i].y()) / (pts[j].y() - pts[i].y()) + pts[i].x())
                inside = !inside;
        }
    }
    return inside;
}

double segmentDistance(QPointF p, QPointF a, QPointF b) {
    const double dx = b.x() - a.x(), dy = b.y() - a.y();
    const double len2 = dx * dx + dy * dy;
    double t = len2 > 0 ? ((p.x() - a.x()) * dx + (p.y() - a.y()) * dy) / len2 : 0;
    t = std::clamp(t, 0.0, 1.0);
    return std::hypot(p.x() - (a.x() + t * dx), p.y() - (a.y() + t * dy));
}

}  // namespace

std::vector<std::uint32_t> VectorLayer::featuresAt(QPointF map, double tolerance) const {
    Box q{map.x() - tolerance, map.y() - tolerance, map.x() + tolerance, map.y() + tolerance};
    std::vector<std::uint32_t> out;
    for (auto f : index_.querySorted(q)) {
        if (hits(f, map, tolerance)) out.push_back(f);
    }
    return out;
}

bool VectorLayer::hits(std::size_t f, QPointF map, double tolerance) const {
    if (types_[f] == FeatureType::Polygon && polygonCovers(*this, f, map)) return true;
    for (std::size_t r = 0; r < ringCount(f); ++r) {
        const auto pts = ring(f, r);
        if (pts.size() == 1 && std::hypot(pts[0].x() - map.x(), pts[0].y() - map.y()) <= tolerance) return true;
        for (std::size_t i = 1; i < pts.size(); ++i) {
            if (segmentDistance(map, pts[i - 1], pts[i]) <= tolerance) return true;
        }
    }
    return false;
}

VectorLayerBuilder::VectorLayerBuilder(QString name, QStringList fields) : layer_(std::make_shared<VectorLayer>()) {
    layer_->name_ = std::move(name);
    layer_->fields_ = std::move(fields);
}

void VectorLayerBuilder::setSource(QString sourceLabel, QString crsLabel) {
    layer_->sourceLabel_ = std::move(sourceLabel);
    layer_->crsLabel_ = std::move(crsLabel);
}

void VectorLayerBuilder::addRing(FeatureType type, std::span<const QPointF> points) {
    if (points.empty()) return;
    // A feature mixing types (a collection) is drawn as its most areal part's type.
    if (currentType_ == FeatureType::None || static_cast<int>(type) < static_cast<int>(currentType_))
        currentType_ = type;
    auto& l = *layer_;
    l.points_.insert(l.points_.end(), points.begin(), points.end());
    l.ringStarts_.push_back(l.points_.size());
    for (const auto& p : points) currentBox_.expand(p.x(), p.y());
}

void VectorLayerBuilder::endFeature(std::int64_t fid, const QStringList& attributes) {
    auto& l = *layer_;
    l.featureRings_.push_back(l.ringStarts_.size() - 1);
    l.types_.push_back(currentType_);
    l.fids_.push_back(fid);
    l.boxes_.push_back(currentBox_);
    l.extent_.expand(currentBox_);
    for (qsizetype i = 0; i < l.fields_.size(); ++i)
        l.attributes_.push_back(i < attributes.size() ? attributes[i] : QString());
    currentType_ = FeatureType::None;
    currentBox_ = Box{};
}

std::shared_ptr<const VectorLayer> VectorLayerBuilder::finish() && {
    auto& l = *layer_;
    l.index_ = BoxIndex(l.boxes_);
    std::array<std::size_t, 4> counts{};
    for (auto t : l.types_) ++counts[static_cast<std::size_t>(t)];
    const auto most = std::max_element(counts.begin(), counts.begin() + 3);
    l.mainType_ = *most == 0 ? FeatureType::None : static_cast<FeatureType>(most - counts.begin());
    l.points_.shrink_to_fit();
    return std::move(layer_);
}

}  // namespace redline::render
