// SPDX-License-Identifier: MIT
#include "offscreen_qt.hpp"

#include <QGuiApplication>
#include <QLocale>
#include <cstdio>
#include <memory>

#include "redline/analysis/project.hpp"

namespace redline::cli {

namespace {
// Qt's platform chatter (no XDG_RUNTIME_DIR, offscreen plugin limits) is not the user's concern;
// real warnings still reach stderr.
void filterQtMessages(QtMsgType type, const QMessageLogContext&, const QString& message) {
    if (type == QtDebugMsg || type == QtInfoMsg) return;
    if (message.startsWith(QLatin1String("QStandardPaths:")) || message.contains(QLatin1String("propagateSizeHints")))
        return;
    std::fprintf(stderr, "redline: qt: %s\n", message.toLocal8Bit().constData());
}
}  // namespace

void ensureOffscreenQt() {
    if (QGuiApplication::instance() != nullptr) return;
    qInstallMessageHandler(&filterQtMessages);
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    static int argc = 1;
    static char name[] = "redline";
    static char* argv[] = {name, nullptr};
    static auto app = std::make_unique<QGuiApplication>(argc, argv);
}

render::ProjectRun checkProjectOffscreen(const std::string& projectFile, Feedback& progress, double upToPercent) {
    ensureOffscreenQt();
    analysis::Project project = analysis::loadProject(projectFile);
    SubFeedback running(progress, 0, upToPercent);
    return render::runProject(std::move(project), running);
}

std::string outputLanguage(const std::string& flag) {
    if (!flag.empty()) return flag;
    return QLocale::system().name().startsWith(QLatin1String("zh")) ? "zh_CN" : "en";
}

}  // namespace redline::cli
