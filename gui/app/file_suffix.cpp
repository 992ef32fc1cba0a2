// SPDX-License-Identifier: MIT
#include "file_suffix.hpp"

#include <QFileInfo>
#include <QRegularExpression>
#include <QStringList>

namespace redline::viewer {

QString withChosenSuffix(const QString& file, const QString& selectedFilter, const QString& filters) {
    static const QRegularExpression pattern(QStringLiteral(R"(\*\.([A-Za-z0-9]+))"));
    QStringList offered;
    for (auto it = pattern.globalMatch(filters); it.hasNext();) offered << it.next().captured(1).toLower();
    const QString suffix = QFileInfo(file).suffix().toLower();
    if (suffix.isEmpty() || !offered.contains(suffix)) {
        const auto chosen = pattern.match(selectedFilter);
        if (chosen.hasMatch()) return file + QLatin1Char('.') + chosen.captured(1);
    }
    return file;
}

}  // namespace redline::viewer
