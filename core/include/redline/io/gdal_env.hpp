// SPDX-License-Identifier: MIT
// GDAL set-up and scoped error capture.
#pragma once

#include <string>

namespace redline::io {

// Registers GDAL/OGR drivers once (thread-safe).
void ensureGdalRegistered();

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
