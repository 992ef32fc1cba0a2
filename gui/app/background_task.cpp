// SPDX-License-Identifier: MIT
#include "background_task.hpp"

#include <QFutureWatcher>
#include <QProgressDialog>
#include <QtConcurrent/QtConcurrentRun>
#include <memory>

#include "redline/util/error.hpp"

namespace redline::viewer {

void QtFeedback::onProgress(double percent, std::string_view step) {
    emit progressed(percent, QString::fromUtf8(step.data(), static_cast<qsizetype>(step.size())));
}

void runInBackground(QWidget* parent, const QString& title, std::function<void(Feedback&)> work,
                     std::function<void()> onDone, std::function<void(const QString&)> onError,
                     std::function<void()> onCancel) {
    auto feedback = std::make_shared<QtFeedback>();
    auto* dialog = new QProgressDialog(title, QProgressDialog::tr("Cancel"), 0, 1000, parent);
    dialog->setWindowTitle(title);
    dialog->setWindowModality(Qt::WindowModal);
    dialog->setMinimumDuration(300);
    dialog->setAutoClose(false);
    dialog->setAutoReset(false);
    dialog->setValue(0);
    QObject::connect(feedback.get(), &QtFeedback::progressed, dialog,
                     [dialog, title](double percent, const QString& step) {
                         dialog->setValue(static_cast<int>(percent * 10));
                         if (!step.isEmpty()) dialog->setLabelText(title + QStringLiteral("\n") + step);
                     });
    QObject::connect(dialog, &QProgressDialog::canceled, dialog, [feedback] { feedback->cancel(); });

    // The outcome crosses threads as text: empty = done, "\x18" = cancelled, else the error.
    auto* watcher = new QFutureWatcher<QString>(dialog);
    QObject::connect(watcher, &QFutureWatcher<QString>::finished, dialog,
                     [watcher, dialog, feedback, onDone, onError, onCancel] {
                         const QString outcome = watcher->result();
                         dialog->hide();
                         dialog->deleteLater();
                         if (outcome.isEmpty()) {
                             if (onDone) onDone();
                         } else if (outcome == QStringLiteral("\x18")) {
                             if (onCancel) onCancel();
                         } else if (onError) {
                             onError(outcome);
                         }
                     });
    watcher->setFuture(QtConcurrent::run([work = std::move(work), feedback]() -> QString {
        try {
            work(*feedback);
            return {};
        } catch (const Cancelled&) {
            return QStringLiteral("\x18");
        } catch (const std::exception& e) {
            return QString::fromUtf8(e.what());
        }
    }));
}

}  // namespace redline::viewer
