// SPDX-License-Identifier: MIT
// When a layer's extent does not fit its CRS, is it the whole layer or a few features? One
// parcel pasted in Gauss–Krüger metres into a lon/lat file makes the whole extent wrong, and
// the planner needs to know which parcel to fix, not that "the CRS is wrong".
#pragma once

#include <cstdint>
#include <string>

#include "redline/crs/crs.hpp"
#include "redline/io/vector_source.hpp"

namespace redline::analysis::detail {

// A sentence naming the features whose coordinates do not fit `crs` while the others do
// ("1 of 6 features …: F (fid 5) at x …, y …; the other 5 fit …"), or empty when the
// misfit is the whole layer's. Reads the layer once; meant for the failure path only.
[[nodiscard]] std::string outlyingFeaturesNote(const io::VectorSource& src, const crs::Crs& crs,
                                               const std::string& idField);

// "A7 (fid 5) at x 3500000.0, y 40000000.0" (without an id: "fid 5 at …"); degrees to 1e-6°,
// metres to 0.1 m.
[[nodiscard]] std::string placedFeature(const std::string& id, std::int64_t fid, double x, double y);

}  // namespace redline::analysis::detail
