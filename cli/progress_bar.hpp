// SPDX-License-Identifier: MIT
// Progress on stderr: a redrawn bar on a terminal, GDAL-style "0...10...20" otherwise (logs).
#pragma once

#include <chrono>
#include <string>

#include "redline/util/feedback.hpp"

namespace redline::cli {

class TerminalProgress final : public Feedback {
  public:
    explicit TerminalProgress(bool enabled);
    ~TerminalProgress() override;
    // The work is complete: shows 100 % (the last stage, writing files, may report none) and
    // ends the bar line. Call before printing other output.
    void done();

  protected:
    void onProgress(double percent, std::string_view step) override;

  private:
    void endLine(bool finished);

    bool enabled_;
    bool tty_;
    bool open_ = false;
    int lastTenth_ = -1;
    std::string lastStep_;
    std::chrono::steady_clock::time_point lastDraw_{};
};

// Ctrl-C cancels the run through Feedback (the handler only sets an atomic flag).
void installInterruptHandler();

}  // namespace redline::cli
