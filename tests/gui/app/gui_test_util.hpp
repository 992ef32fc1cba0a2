// SPDX-License-Identifier: MIT
// Helpers for viewer tests: wait for something while the Qt event loop runs.
#pragma once

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QThread>
#include <functional>

namespace redline::viewer::test {

// Processes events until `done()` or `timeoutMs` passes; returns done().
inline bool waitFor(const std::function<bool()>& done, int timeoutMs = 30000) {
    QElapsedTimer t;
    t.start();
    while (!done() && t.elapsed() < timeoutMs) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        QThread::msleep(5);
    }
    return done();
}

}  // namespace redline::viewer::test
