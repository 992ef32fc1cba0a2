// SPDX-License-Identifier: MIT
// A file Qt's PDF and SVG writers draw into, whose write errors are not lost: QPdfWriter and
// QSvgGenerator drop them (given a file name, or even a QFile, whose error the engine's own close
// clears), so a full disk left a truncated PDF behind with exit 0.
#pragma once

#include <QFile>
#include <QIODevice>
#include <filesystem>
#include <string>

namespace redline::render::detail {

class OutputFile : public QIODevice {
  public:
    // Opens `path` for writing; throws OutputError naming `shown` when it cannot.
    OutputFile(const std::filesystem::path& path, std::string shown);
    [[nodiscard]] QIODevice& device() { return *this; }
    // Flushes and closes; throws OutputError naming the file and the reason ("No space left on
    // device", "File too large") when any write failed.
    void finish();

  protected:
    qint64 readData(char*, qint64) override { return -1; }
    qint64 writeData(const char* data, qint64 length) override;

  private:
    QFile file_;
    std::string shown_;
    std::string failure_;  // the first write's failure, kept whatever the writer does next
};

}  // namespace redline::render::detail
