// SPDX-License-Identifier: MIT
#include <fmt/format.h>

#include "output_file_p.hpp"
#include "redline/util/error.hpp"

namespace redline::render::detail {

OutputFile::OutputFile(const std::filesystem::path& path, std::string shown)
    : file_(QString::fromStdString(path.string())), shown_(std::move(shown)) {
    if (!file_.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Unbuffered))
        throw OutputError(fmt::format("cannot write {}: {}", shown_, file_.errorString().toStdString()));
    open(QIODevice::WriteOnly | QIODevice::Unbuffered);
}

qint64 OutputFile::writeData(const char* data, qint64 length) {
    qint64 done = 0;
    while (done < length && failure_.empty()) {
        const qint64 n = file_.write(data + done, length - done);
        if (n <= 0) failure_ = file_.errorString().toStdString();
        done += std::max<qint64>(n, 0);
    }
    return failure_.empty() ? length : -1;
}

void OutputFile::finish() {
    if (isOpen()) close();
    if (failure_.empty() && !file_.flush()) failure_ = file_.errorString().toStdString();
    file_.close();
    if (failure_.empty() && file_.error() != QFileDevice::NoError) failure_ = file_.errorString().toStdString();
    if (!failure_.empty()) throw OutputError(fmt::format("cannot write {}: {}", shown_, failure_));
}

}  // namespace redline::render::detail
