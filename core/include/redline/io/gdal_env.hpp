// SPDX-License-Identifier: MIT
// GDAL set-up and scoped error capture.
#pragma once

#include <string>

namespace redline::io {

// Registers GDAL/OGR drivers once (thread-safe).
void ensureGdalRegistered();

// Curves (CurvePolygon, CircularString, and the arcs GDAL's DXF driver reads) become chords every
// 0.05° of arc: within 1.3e-7 of the arc's area, where GDAL's default 4° leaves out 8e-4 of a
// circle. ensureGdalRegistered() makes it OGR_ARC_STEPSIZE too, unless the user set that.
inline constexpr double kCurveStepDegrees = 0.05;

// While alive, GDAL errors and warnings are collected instead of printed, so Redline can put
// GDAL's own words into its messages. Scoped to the thread (CPLPushErrorHandler).
class GdalErrorCapture {
  public:
    GdalErrorCapture();
    ~GdalErrorCapture();
    GdalErrorCapture(const GdalErrorCapture&) = delete;
    GdalErrorCapture& operator=(const GdalErrorCapture&) = delete;

    // The last error message (failures only), or empty.
    [[nodiscard]] std::string lastError() const;
    void reset();

  private:
    std::string lastError_;
    GdalErrorCapture* previous_;
    friend struct GdalErrorCaptureAccess;
};

[[nodiscard]] std::string gdalVersion();

}  // namespace redline::io
