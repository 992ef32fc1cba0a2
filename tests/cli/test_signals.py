#!/usr/bin/python3
"""Signals as a terminal and a shell send them: Ctrl-C (SIGINT) and a closed session (SIGHUP)
cancel a run cleanly, exit 130 with nothing written; a signal the parent set to be ignored
(`nohup redline … &`) stays ignored, and the run completes."""
import os
import signal
import subprocess
import time

from cli_testlib import REDLINE, RedlineTestCase, main, sample

EXIT_CANCELLED = 130


class SignalTest(RedlineTestCase):
    def run_signalled(self, out, signum, ignored=()):
        """Runs an atlas of the sample (about a second) and, once its progress shows it at work,
        sends `signum` every 20 ms until it ends."""
        def setup():
            for s in ignored:
                signal.signal(s, signal.SIG_IGN)

        proc = subprocess.Popen([REDLINE, "map", sample("project.json"), "--atlas", "--out", out],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=setup,
                                env={**os.environ, "LC_ALL": "C.UTF-8"})
        first = proc.stderr.read(1)  # progress ("0...10..."): its handlers are set up by then
        deadline = time.monotonic() + 120
        while proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
            try:
                proc.send_signal(signum)
            except ProcessLookupError:
                break
        stdout, stderr = proc.communicate(timeout=120)
        return proc.returncode, (first + stderr).decode("utf-8", "replace")

    def test_ctrl_c_cancels_and_writes_nothing(self):
        code, stderr = self.run_signalled(self.path("atlas.pdf"), signal.SIGINT)
        self.assertEqual(code, EXIT_CANCELLED, stderr)
        self.assertIn("cancel", stderr)
        self.assertEqual(os.listdir(self.tmp), [], "a cancelled run left files")

    def test_a_closed_session_cancels_too(self):
        code, stderr = self.run_signalled(self.path("atlas.pdf"), signal.SIGHUP)
        self.assertEqual(code, EXIT_CANCELLED, stderr)
        self.assertEqual(os.listdir(self.tmp), [], "a cancelled run left files")

    def test_nohup_keeps_the_run_going(self):
        # `nohup` sets SIGHUP to be ignored: the handler that cancels on a closed session replaced
        # that, and the job a planner left running overnight was cancelled at logout.
        code, stderr = self.run_signalled(self.path("atlas.pdf"), signal.SIGHUP, ignored=(signal.SIGHUP,))
        self.assertEqual(code, 0, stderr)
        self.assertEqual(os.listdir(self.tmp), ["atlas.pdf"])


if __name__ == "__main__":
    main()
