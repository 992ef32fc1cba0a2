// SPDX-License-Identifier: MIT
// Runs long work (a check, statistics) on a worker thread behind a progress dialog with Cancel.
// The work gets a Feedback whose progress reaches the dialog by queued signal; Cancel calls
// Feedback::cancel() and the work stops at its next poll (it throws Cancelled).
//
//   runInBackground(this, tr("Checking"), [=](Feedback& fb) { ... },
//                   [=] { /* done, GUI thread */ }, [=](QString error) { ... });
#pragma once

#include <QObject>
#include <QString>
#include <functional>

#include "redline/util/feedback.hpp"

class QWidget;

namespace redline::viewer {

class QtFeedback : public QObject, public Feedback {
    Q_OBJECT
  signals:
    void progressed(double percent, const QString& step);

  protected:
    void onProgress(double percent, std::string_view step) override;
};

// `onError` receives the message of any exception but Cancelled; `onCancel` runs after a cancel.
void runInBackground(QWidget* parent, const QString& title, std::function<void(Feedback&)> work,
                     std::function<void()> onDone, std::function<void(const QString&)> onError,
                     std::function<void()> onCancel = {});

}  // namespace redline::viewer
