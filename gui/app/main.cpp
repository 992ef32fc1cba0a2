// SPDX-License-Identifier: MIT
// redline-viewer: the map viewer. Opens a project file or vector sources given on the command
// line (or dropped on the window).
//
//   redline-viewer sample_data/project.json
//   redline-viewer redlines.shp "zones.gpkg|basins" --lang zh_CN
#include <QApplication>
#include <QCommandLineParser>
#include <QTimer>
#include <cstdio>

#include "language.hpp"
#include "main_window.hpp"
#include "redline/io/gdal_env.hpp"
#include "redline_version.hpp"

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Redline"));
    QApplication::setApplicationName(QStringLiteral("redline-viewer"));
    QApplication::setApplicationVersion(QStringLiteral(REDLINE_VERSION));
    QApplication::setStyle(QStringLiteral("Fusion"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Redline map viewer: layers, conflicts, draw-a-site checks."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption lang(QStringLiteral("lang"),
                                  QStringLiteral("Interface language: en or zh_CN (default: the saved "
                                                 "choice, else the system locale)."),
                                  QStringLiteral("code"));
    const QCommandLineOption log(QStringLiteral("log"), QStringLiteral("Print each render and \"ready\" to stderr."));
    const QCommandLineOption quitReady(
        QStringLiteral("quit-when-ready"),
        QStringLiteral("Exit once every layer is loaded and drawn (for scripted checks)."));
    const QCommandLineOption check(QStringLiteral("check"),
                                   QStringLiteral("Run the project's conflict check once the layers are loaded."));
    parser.addOptions({lang, log, quitReady, check});
    parser.addPositionalArgument(QStringLiteral("paths"), QStringLiteral("A project file (.json) or vector sources."),
                                 QStringLiteral("[paths...]"));
    parser.process(app);

    redline::io::ensureGdalRegistered();
    redline::viewer::applyLanguage(parser.isSet(lang) ? parser.value(lang) : redline::viewer::savedLanguageChoice());

    redline::viewer::MainWindow window;
    window.setLogRenders(parser.isSet(log));
    const bool runCheck = parser.isSet(check);
    const bool quit = parser.isSet(quitReady);
    auto finish = [quit] {
        if (quit) QTimer::singleShot(200, qApp, &QApplication::quit);
    };
    QObject::connect(&window, &redline::viewer::MainWindow::ready, &app, [&window, runCheck, finish] {
        if (runCheck)
            window.runProjectCheck();
        else
            finish();
    });
    QObject::connect(&window, &redline::viewer::MainWindow::checkFinished, &app, [&window, finish] {
        if (window.logRenders()) std::fprintf(stderr, "redline-viewer: check finished\n");
        finish();
    });
    window.show();
    const QStringList paths = parser.positionalArguments();
    if (!paths.isEmpty()) QTimer::singleShot(0, &window, [&window, paths] { window.openPaths(paths); });
    return QApplication::exec();
}
