// SPDX-License-Identifier: MIT
#include "language.hpp"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTranslator>

namespace redline::viewer {

namespace {
QTranslator* appTranslator = nullptr;
QTranslator* qtTranslator = nullptr;
}  // namespace

QString applyLanguage(const QString& choice) {
    const QString code = !choice.isEmpty()                                  ? choice
                         : QLocale::system().language() == QLocale::Chinese ? QStringLiteral("zh_CN")
                                                                            : QStringLiteral("en");
    for (QTranslator** t : {&appTranslator, &qtTranslator}) {
        if (*t) {
            QCoreApplication::removeTranslator(*t);
            delete *t;
            *t = nullptr;
        }
    }
    if (code == QStringLiteral("zh_CN")) {
        appTranslator = new QTranslator;
        if (appTranslator->load(QStringLiteral(":/i18n/redline_zh_CN.qm")))
            QCoreApplication::installTranslator(appTranslator);
        qtTranslator = new QTranslator;
        if (qtTranslator->load(QStringLiteral("qtbase_zh_CN"), QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
            QCoreApplication::installTranslator(qtTranslator);
        QLocale::setDefault(QLocale(QLocale::Chinese, QLocale::China));
    } else {
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    }
    return code;
}

QString savedLanguageChoice() { return QSettings().value(QStringLiteral("language")).toString(); }
void saveLanguageChoice(const QString& choice) { QSettings().setValue(QStringLiteral("language"), choice); }

}  // namespace redline::viewer
