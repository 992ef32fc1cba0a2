// SPDX-License-Identifier: MIT
#include "redline/io/gdal_env.hpp"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <fmt/format.h>
#include <gdal.h>

#include <mutex>

namespace redline::io {
namespace {

thread_local GdalErrorCapture* tCapture = nullptr;

}  // namespace

struct GdalErrorCaptureAccess {
    static void CPL_STDCALL handler(CPLErr level, CPLErrorNum /*number*/, const char* message) {
        if (tCapture != nullptr && level >= CE_Failure && message != nullptr) tCapture->lastError_ = message;
    }
};

void ensureGdalRegistered() {
    static std::once_flag once;
    std::call_once(once, [] {
        GDALAllRegister();
        // The DXF driver cuts bulges, ARCs and CIRCLEs itself, at this step.
        if (CPLGetConfigOption("OGR_ARC_STEPSIZE", nullptr) == nullptr)
            CPLSetConfigOption("OGR_ARC_STEPSIZE", fmt::format("{}", kCurveStepDegrees).c_str());
    });
}

GdalErrorCapture::GdalErrorCapture() : previous_(tCapture) {
    tCapture = this;
    CPLPushErrorHandler(&GdalErrorCaptureAccess::handler);
}

GdalErrorCapture::~GdalErrorCapture() {
    CPLPopErrorHandler();
    tCapture = previous_;
}

std::string GdalErrorCapture::lastError() const {
    if (!lastError_.empty()) return lastError_;
    return CPLGetLastErrorType() >= CE_Failure ? CPLGetLastErrorMsg() : "";
}

void GdalErrorCapture::reset() {
    lastError_.clear();
    CPLErrorReset();
}

std::string gdalVersion() { return GDALVersionInfo("RELEASE_NAME"); }

}  // namespace redline::io
