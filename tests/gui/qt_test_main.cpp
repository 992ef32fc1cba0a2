// SPDX-License-Identifier: MIT
// GoogleTest main for Qt tests: a QApplication on the offscreen platform (no display needed).
#include <gtest/gtest.h>

#include <QApplication>

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    ::testing::InitGoogleTest(&argc, argv);
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("RedlineTests"));
    QApplication::setApplicationName(QStringLiteral("redline-viewer-tests"));
    return RUN_ALL_TESTS();
}
