// SPDX-License-Identifier: MIT
#include "summary_sink.hpp"

#include <fmt/format.h>

#include <set>

#include "redline/util/area_units.hpp"

namespace redline::cli {

namespace {
constexpr std::size_t kMaxLines = 25;
}

void SummarySink::begin(const analysis::CheckContext& context) {
    categoryArea_.assign(context.categories.size(), 0);
    categoryNames_.clear();
    for (const auto& c : context.categories) categoryNames_.push_back(c.name);
    categorySubjects_.assign(context.categories.size(), 0);
    inZone_.assign(context.zoneLayers.size(), 0);
    next_.begin(context);
}

void SummarySink::write(std::vector<analysis::SubjectResult>& batch) {
    for (const auto& r : batch) {
        ++total_;
        ++byStatus_[analysis::statusName(r.status)];
        if (r.severity) ++bySeverity_[analysis::severityName(*r.severity)];
        if (r.repaired) ++repaired_;
        if (r.status != analysis::SubjectStatus::Error) {
            ++checked_;
            for (std::size_t z = 0; z < r.zones.size() && z < inZone_.size(); ++z)
                inZone_[z] += r.zones[z].value ? 1 : 0;
            touchesConstraint_ = touchesConstraint_ || !r.overlaps.empty() || !r.edgeContacts.empty();
            for (const auto& n : r.nearest) nearestM_ = std::min(nearestM_, n.distanceM);
        }
        // A subject counts for a category it overlaps or lies within the buffer of (a site 300 m
        // from a water source with a 500 m rule is that category's conflict, with no overlap area).
        std::set<std::size_t> categories;
        for (const auto& o : r.overlaps) {
            categoryArea_[o.category] += o.areaM2;
            categories.insert(o.category);
        }
        for (const auto& n : r.nearest) {
            if (n.withinBuffer) categories.insert(n.category);
        }
        for (std::size_t c : categories) categorySubjects_[c] += 1;
        if (r.status == analysis::SubjectStatus::Conflict && conflictLines_.size() < kMaxLines) {
            Line line{r.id, r.name,           r.severity ? analysis::severityName(*r.severity) : "",
                      "",   r.conflictAreaM2, percentOf(r.conflictAreaM2, r.areaM2)};
            for (const auto& n : r.nearest) {
                if (n.withinBuffer) {
                    // One decimal: 499.9 m printed as "500 m" read as outside a 500 m buffer.
                    line.categories += fmt::format(" (within {:.1f} m of {})", n.distanceM, categoryNames_[n.category]);
                }
            }
            conflictLines_.push_back(line);
        }
        if (r.status == analysis::SubjectStatus::Error && errorLines_.size() < kMaxLines) {
            errorLines_.push_back(fmt::format("{}{}: {}", r.id, r.name.empty() ? "" : " " + r.name, r.error));
        }
    }
    next_.write(batch);
}

void SummarySink::warnAboutPlacement(const analysis::CheckContext& context) const {
    if (checked_ == 0) return;
    constexpr double kFarM = 100000;
    for (std::size_t z = 0; z < inZone_.size() && z < context.zoneLayers.size(); ++z) {
        if (inZone_[z] > 0) continue;
        fmt::print(stderr,
                   "warning: none of the {} subjects checked lies in any {} zone; if they should, check the CRS of "
                   "the subjects and of the zone layer (a .prj with the wrong central meridian or zone puts data "
                   "hundreds of kilometres away)\n",
                   checked_, context.zoneLayers[z]);
    }
    if (!touchesConstraint_ && nearestM_ > kFarM && !context.categories.empty()) {
        fmt::print(stderr,
                   "warning: every subject is more than {:.0f} km from every constraint (nearest: {:.0f} km); if "
                   "that is unexpected, check the CRS of the subjects and of the constraint layers\n",
                   kFarM / 1000, nearestM_ / 1000);
    }
}

void SummarySink::print(const analysis::CheckContext& ctx, const std::filesystem::path& outDir) const {
    const auto count = [](const std::map<std::string, std::int64_t>& m, const char* key) {
        auto it = m.find(key);
        return it == m.end() ? std::int64_t{0} : it->second;
    };
    fmt::print("{} {}: {} conflict, {} clear, {} error ({} repaired)\n", total_, total_ == 1 ? "subject" : "subjects",
               count(byStatus_, "conflict"), count(byStatus_, "clear"), count(byStatus_, "error"), repaired_);
    fmt::print("severity: prohibited {}, restricted {}, review {}\n", count(bySeverity_, "prohibited"),
               count(bySeverity_, "restricted"), count(bySeverity_, "review"));
    fmt::print("analysis CRS {}; areas are ellipsoidal ({}); minimum overlap {} m²\n\n", ctx.analysisCrs->label(),
               ctx.analysisCrs->ellipsoid().name, ctx.minAreaM2);
    fmt::print("{:<16} {:<10} {:>9} {:>14} {:>14}\n", "category", "severity", "subjects", "overlap ha", "overlap 亩");
    for (std::size_t c = 0; c < ctx.categories.size(); ++c) {
        fmt::print("{:<16} {:<10} {:>9} {:>14.4f} {:>14.2f}\n", ctx.categories[c].name,
                   analysis::severityName(ctx.categories[c].rule.severity), categorySubjects_[c],
                   hectares(categoryArea_[c]), mu(categoryArea_[c]));
    }
    if (!conflictLines_.empty()) {
        fmt::print("\nconflicts{}:\n", conflictLines_.size() >= kMaxLines ? fmt::format(" (first {})", kMaxLines) : "");
        for (const auto& l : conflictLines_) {
            fmt::print("  {:<10} {:<11} {:>12.4f} ha {:>7.2f}%  {}{}\n", l.id, l.severity, hectares(l.conflictM2),
                       l.pct, l.name, l.categories);
        }
    }
    if (!errorLines_.empty()) {
        fmt::print("\nerrors:\n");
        for (const auto& e : errorLines_) fmt::print("  {}\n", e);
    }
    if (!ctx.problems.empty())
        fmt::print("\n{} constraint/zone features repaired or skipped (see the errors layer)\n", ctx.problems.size());
    fmt::print("\nresults: {}/{{result.gpkg, subjects.csv, result.json}}\n", outDir.string());
}

namespace {

void warnUnusedFeatures(const analysis::CheckContext& ctx, std::string_view kind, std::string_view listedIn) {
    // A constraint left out can turn a conflict into "clear" (a redline without its category):
    // the errors layer records it, but the planner reading the terminal must hear of it too.
    std::vector<const analysis::LoadProblem*> unused;
    for (const auto& p : ctx.problems)
        if (p.kind == "skipped") unused.push_back(&p);
    if (unused.empty()) return;
    constexpr std::size_t kListed = 5;
    fmt::print(stderr, "warning: {} {} {} not used (listed in {}):\n", unused.size(), kind,
               unused.size() == 1 ? "feature was" : "features were", listedIn);
    for (std::size_t i = 0; i < unused.size() && i < kListed; ++i) {
        fmt::print(stderr, "  {}\n", unused[i]->describe());
    }
    if (unused.size() > kListed) fmt::print(stderr, "  … and {} more\n", unused.size() - kListed);
}

}  // namespace

void warnAboutInputs(const analysis::CheckContext& ctx, std::string_view kind, std::string_view listedIn) {
    for (const auto& input : ctx.inputs)
        for (const auto& w : input.warnings) fmt::print(stderr, "warning: {}: {}\n", input.label, w);
    warnUnusedFeatures(ctx, kind, listedIn);
}

}  // namespace redline::cli
