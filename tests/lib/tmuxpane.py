# SPDX-License-Identifier: GPL-2.0-only
"""A private tmux server with one session "sv", for driving the view in tests:
its own socket and config (no status line, a chosen TERM, panes that stay
after their command exits), commands that raise RuntimeError on failure, and
capture-pane. Used by tests/tui (golden screens, the live run)."""
import os
import signal
import subprocess
import tempfile
import time


class Tmux:
    def __init__(self, name, term="tmux-256color"):
        self.sock = "sv-%d-%s" % (os.getpid(), name)
        self.conf = tempfile.NamedTemporaryFile("w", suffix=".conf", delete=False)
        self.conf.write("set -g status off\nset -g default-terminal %s\n"
                        "set -g remain-on-exit on\n" % term)
        self.conf.close()
        self.env = dict(os.environ)
        self.env.pop("TMUX", None)
        self.env["LC_ALL"] = "C.UTF-8"

    def run(self, *args, check=True):
        """tmux ARGS on this server; its stdout. RuntimeError when it fails."""
        p = subprocess.run(["tmux", "-L", self.sock, "-f", self.conf.name] + list(args),
                           env=self.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           text=True, timeout=10)
        if check and p.returncode != 0:
            raise RuntimeError("tmux %s: %s" % (" ".join(args), p.stderr.strip()))
        return p.stdout

    def capture(self, escapes=False):
        """The pane's text (with SGR escapes when escapes is true)."""
        args = ["capture-pane", "-p", "-t", "sv"]
        if escapes:
            args.insert(2, "-e")
        return self.run(*args)

    def wait_for(self, pred, deadline_s, poll_s=0.05):
        """Poll the pane until pred(screen) holds or deadline_s pass: (last screen, held)."""
        deadline = time.monotonic() + deadline_s
        screen = ""
        while time.monotonic() < deadline:
            screen = self.capture()
            if pred(screen):
                return screen, True
            time.sleep(poll_s)
        return screen, False

    def wait_settled(self, pred, deadline_s, poll_s=0.05):
        """wait_for(pred), then until two captures poll_s apart are the same
        and pred still holds: a picture that holds still, not one caught
        while the terminal was still receiving it (ncurses sends a frame's
        changed cells top to bottom; a capture between two writes shows the
        new header over the old rows). (last screen, held)."""
        deadline = time.monotonic() + deadline_s
        screen, held = self.wait_for(pred, deadline_s, poll_s)
        while held and time.monotonic() < deadline:
            time.sleep(poll_s)
            again = self.capture()
            if again == screen:
                return screen, True
            screen, held = again, pred(again)
        return screen, False

    def end_live_run(self, target_pid):
        """Kill a live run's target (SIGKILL, if it was started), await the
        view's header saying the target exited, quit the view with q and
        await the shell's EXIT= line, then close the server."""
        if target_pid:
            try:
                os.kill(target_pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.wait_for(lambda s: "exit" in s.splitlines()[0] if s else False, 10.0)
            self.run("send-keys", "-t", "sv", "q", check=False)
            self.wait_for(lambda s: "EXIT=" in s, 10.0)
        self.close()

    def close(self):
        self.run("kill-server", check=False)
        os.unlink(self.conf.name)
        # tmux leaves its socket file behind
        sock = os.path.join(os.environ.get("TMUX_TMPDIR", "/tmp"), "tmux-%d" % os.getuid(),
                            self.sock)
        if os.path.exists(sock):
            os.unlink(sock)
