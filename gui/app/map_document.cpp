// SPDX-License-Identifier: MIT
#include "map_document.hpp"

#include <QFileInfo>
#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>
#include <cmath>

#include "redline/io/vector_source.hpp"
#include "redline/render/layer_loading.hpp"
#include "redline/render/project_layers.hpp"
#include "redline/util/error.hpp"

namespace redline::viewer {

namespace {

struct LoadResult {
    std::shared_ptr<const render::VectorLayer> data;
    QString error;
};

}  // namespace

QString roleName(LayerRole role) {
    switch (role) {
        case LayerRole::Subjects:
            return MapDocument::tr("subjects");
        case LayerRole::Constraints:
            return MapDocument::tr("constraints");
        case LayerRole::Zones:
            return MapDocument::tr("zones");
        case LayerRole::Conflicts:
            return MapDocument::tr("conflicts");
        case LayerRole::Sites:
            return MapDocument::tr("drawn sites");
        case LayerRole::Layer:
            break;
    }
    return MapDocument::tr("layer");
}

MapDocument::MapDocument(QObject* parent) : QObject(parent) {}
MapDocument::~MapDocument() { loadCancel_->store(true); }  // the program need not wait for reads

void MapDocument::clear() {
    ++generation_;
    loadCancel_->store(true);
    loadCancel_ = std::make_shared<std::atomic<bool>>(false);
    layers_.clear();
    project_ = analysis::Project{};
    projectFile_.clear();
    mapCrs_.reset();
    xStretch_ = 1.0;
    emit layersChanged();
    emit projectChanged();
}

void MapDocument::setMapCrs(const crs::Crs& crs) {
    mapCrs_ = crs;
    xStretch_ = 1.0;
}

void MapDocument::openProject(const QString& file) {
    analysis::Project project = analysis::loadProject(file.toStdString());
    clear();
    project_ = std::move(project);
    projectFile_ = QFileInfo(file).absoluteFilePath();

    if (auto c = render::projectMapCrs(project_)) setMapCrs(*c);
    for (auto& plan : render::projectLayers(project_)) startLoad(std::move(plan.spec), plan.role);
    emit projectChanged();
    emit layersChanged();
}

void MapDocument::addSources(const QStringList& sources) {
    struct Parsed {
        io::SourceSpec spec;
        std::vector<std::string> layerNames;
    };
    std::vector<Parsed> parsed;
    for (const QString& text : sources) {
        Parsed p;
        try {
            p.spec = io::SourceSpec::parse(text.toStdString());
            if (p.spec.layer.empty()) p.layerNames = io::VectorSource::layerNames(p.spec.path);
            // The map takes the CRS of the first file that has one, before any load starts: a
            // file without a .prj given first was drawn as raw numbers in the CRS of the next
            // (degrees among Gauss-Krüger metres); now it is refused, named, as when it comes later.
            if (!mapCrs_) {
                io::SourceSpec first = p.spec;
                if (first.layer.empty() && p.layerNames.size() > 1) first.layer = p.layerNames.front();
                if (auto c = render::sourceCrs(first)) setMapCrs(*c);
            }
        } catch (const std::exception& e) {
            emit loadFailed(text, QString::fromUtf8(e.what()));
            continue;
        }
        parsed.push_back(std::move(p));
    }
    for (auto& [spec, layerNames] : parsed) {
        auto add = [&](io::SourceSpec s) {
            render::MapLayerSpec l;
            l.source = std::move(s);
            l.style.fill = render::paletteColor(layers_.size());
            startLoad(std::move(l), LayerRole::Layer);
        };
        if (layerNames.size() > 1) {
            // A GeoPackage's attribute tables (no geometry) are not map layers: each was refused
            // with "has no CRS; name one", which no CRS would cure. With none that has geometry,
            // each is still tried, so that the load says why.
            const std::vector<std::string> spatial = io::VectorSource::spatialLayerNames(spec.path);
            for (const auto& name : spatial.empty() ? layerNames : spatial) {
                io::SourceSpec s = spec;
                s.layer = name;
                add(std::move(s));
            }
        } else {
            add(spec);
        }
    }
    emit layersChanged();
}

int MapDocument::startLoad(render::MapLayerSpec spec, LayerRole role) {
    MapLayer layer;
    layer.id = nextId_++;
    layer.role = role;
    layer.loading = true;
    if (spec.name.empty()) spec.name = QFileInfo(QString::fromStdString(spec.source.label())).fileName().toStdString();
    layer.spec = std::move(spec);
    const int id = layer.id;
    const int generation = generation_;
    const auto cancel = loadCancel_;
    const io::SourceSpec source = layer.spec.source;
    const auto datumTransform = layer.spec.datumTransform;
    const QString name = QString::fromStdString(layer.spec.name);
    const auto percent = layer.loadPercent;
    // shared_ptr, not optional: GCC 12 warns falsely about an optional<Crs> captured by value.
    std::shared_ptr<const crs::Crs> mapCrs = mapCrs_ ? std::make_shared<const crs::Crs>(*mapCrs_) : nullptr;
    layers_.push_back(std::move(layer));

    auto* watcher = new QFutureWatcher<LoadResult>(this);
    connect(watcher, &QFutureWatcher<LoadResult>::finished, this, [this, watcher, id, generation] {
        LoadResult r = watcher->result();
        watcher->deleteLater();
        if (generation != generation_) return;
        finishLoad(id, std::move(r.data), r.error);
    });
    watcher->setFuture(QtConcurrent::run([source, datumTransform, name, mapCrs, cancel, percent]() -> LoadResult {
        try {
            const render::LoadControl control{
                cancel.get(), [percent](double p) { percent->store(static_cast<int>(p), std::memory_order_relaxed); }};
            return {render::loadVectorLayer(source, mapCrs.get(), name, control, datumTransform), {}};
        } catch (const std::exception& e) {
            return {nullptr, QString::fromUtf8(e.what())};
        }
    }));
    return id;
}

void MapDocument::finishLoad(int id, std::shared_ptr<const render::VectorLayer> data, const QString& error) {
    MapLayer* layer = find(id);
    if (!layer) return;
    if (!data) {
        const QString source = QString::fromStdString(layer->spec.source.label());
        removeLayer(id);
        emit loadFailed(source, error);
    } else {
        layer->loading = false;
        // The first layer loaded in a geographic map fixes the east-west drawing factor.
        if (mapCrs_ && xStretch_ == 1.0) xStretch_ = render::xStretchFor(*mapCrs_, data->extent());
        auto& style = layer->spec.style;
        render::completeStyle(style, layer->role, *data, project_.rules);
        layer->classes = render::classifyFeatures(*data, style);
        layer->data = std::move(data);
        emit layerLoaded(id);
        emit layersChanged();
    }
    if (!loading()) emit allLoaded();
}

int MapDocument::addDerivedLayer(const QString& name, LayerRole role, std::shared_ptr<const render::VectorLayer> data,
                                 render::LayerStyle style) {
    MapLayer layer;
    layer.id = nextId_++;
    layer.role = role;
    layer.derived = true;
    layer.spec.name = name.toStdString();
    // Replace the earlier layer of the role (a re-run check, one more drawn site), found by role:
    // its name may be in the language of the time it was made. It keeps its place and whether it
    // is shown, and drawn sites keep the style the planner gave them (a hidden layer came back on
    // top, in the default style, with every new site).
    auto at = layers_.end();
    for (auto it = layers_.begin(); it != layers_.end(); ++it) {
        if (it->derived && it->role == role) {
            at = it;
            break;
        }
    }
    if (at != layers_.end()) {
        layer.spec.visible = at->spec.visible;
        if (role == LayerRole::Sites) style = at->spec.style;
    }
    layer.spec.style = std::move(style);
    layer.classes = render::classifyFeatures(*data, layer.spec.style);
    layer.data = std::move(data);
    int id = layer.id;
    if (at != layers_.end()) {
        *at = std::move(layer);
    } else {
        layers_.push_back(std::move(layer));
    }
    emit layersChanged();
    emit appearanceChanged();
    return id;
}

const MapLayer* MapDocument::layer(int id) const {
    for (const auto& l : layers_)
        if (l.id == id) return &l;
    return nullptr;
}

MapLayer* MapDocument::find(int id) { return const_cast<MapLayer*>(std::as_const(*this).layer(id)); }

int MapDocument::indexOf(int id) const {
    for (std::size_t i = 0; i < layers_.size(); ++i)
        if (layers_[i].id == id) return static_cast<int>(i);
    return -1;
}

bool MapDocument::loading() const {
    return std::any_of(layers_.begin(), layers_.end(), [](const MapLayer& l) { return l.loading; });
}

std::vector<render::StyledLayer> MapDocument::styledLayers() const {
    std::vector<render::StyledLayer> out;
    for (const auto& l : layers_) {
        if (!l.data) continue;
        render::StyledLayer s;
        s.layer = l.data;
        s.style = l.spec.style;
        s.classes = l.classes;
        if (l.role == LayerRole::Constraints) s.categoryRanks = render::categoryDrawRanks(l.spec.style, project_.rules);
        s.visible = l.spec.visible;
        out.push_back(std::move(s));
    }
    return out;
}

render::Box MapDocument::fullExtent() const {
    render::Box box;
    for (const auto& l : layers_)
        if (l.data && l.spec.visible) box.expand(l.data->extent());
    if (box.empty())
        for (const auto& l : layers_)
            if (l.data) box.expand(l.data->extent());
    return box;
}

void MapDocument::setVisible(int id, bool visible) {
    if (auto* l = find(id); l && l->spec.visible != visible) {
        l->spec.visible = visible;
        emit appearanceChanged();
    }
}

void MapDocument::rename(int id, const QString& name) {
    if (auto* l = find(id); l && QString::fromStdString(l->spec.name) != name) {
        l->spec.name = name.toStdString();
        emit layersChanged();
    }
}

void MapDocument::setCategoryVisible(int id, int category, bool visible) {
    auto* l = find(id);
    if (!l || category < 0 || category >= static_cast<int>(l->spec.style.categories.size())) return;
    l->spec.style.categories[static_cast<std::size_t>(category)].visible = visible;
    emit appearanceChanged();
}

void MapDocument::setStyle(int id, render::LayerStyle style) {
    auto* l = find(id);
    if (!l) return;
    l->spec.style = std::move(style);
    if (l->data) l->classes = render::classifyFeatures(*l->data, l->spec.style);
    emit appearanceChanged();
    emit layersChanged();
}

void MapDocument::moveLayer(int id, int newIndex) {
    const int from = indexOf(id);
    if (from < 0) return;
    newIndex = std::clamp(newIndex, 0, static_cast<int>(layers_.size()) - 1);
    if (from == newIndex) return;
    MapLayer moved = std::move(layers_[static_cast<std::size_t>(from)]);
    layers_.erase(layers_.begin() + from);
    layers_.insert(layers_.begin() + newIndex, std::move(moved));
    emit layersChanged();
    emit appearanceChanged();
}

void MapDocument::removeLayer(int id) {
    const int i = indexOf(id);
    if (i < 0) return;
    layers_.erase(layers_.begin() + i);
    emit layersChanged();
    emit appearanceChanged();
}

void MapDocument::setSelection(int id, std::set<std::uint32_t> features) {
    auto* l = find(id);
    if (!l || l->selection == features) return;
    l->selection = std::move(features);
    emit selectionChanged(id);
}

analysis::Project MapDocument::projectWithMap(const std::optional<render::Box>& extent) const {
    analysis::Project p = project_;
    p.map.layers.clear();
    for (const auto& l : layers_) {
        if (l.derived) continue;
        p.map.layers.push_back(l.spec);
    }
    if (mapCrs_) p.map.crs = mapCrs_->epsg() ? "EPSG:" + std::to_string(*mapCrs_->epsg()) : mapCrs_->wkt();
    if (extent && !extent->empty())
        p.map.extent = std::array<double, 4>{extent->minX, extent->minY, extent->maxX, extent->maxY};
    return p;
}

void MapDocument::saveProject(const QString& file, const std::optional<render::Box>& extent) {
    analysis::Project p = projectWithMap(extent);
    if (p.name.empty()) p.name = QFileInfo(file).completeBaseName().toStdString();
    analysis::saveProject(p, file.toStdString());
    project_ = analysis::loadProject(file.toStdString());  // paths now resolved against the new file
    projectFile_ = QFileInfo(file).absoluteFilePath();
    emit projectChanged();
}

}  // namespace redline::viewer
