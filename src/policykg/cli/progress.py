"""Feedback on long work: the current stage on stderr once a run has lasted a second, and stage times with -v.

Quiet when stderr is not a terminal (pipes, CI logs, tests) or with -q; -v prints each stage's time whatever
stderr is, one line per stage, so a slow stage can be found.
"""

from __future__ import annotations

import sys
import threading
import time

DELAY = 1.0  # seconds before anything is shown: short runs stay silent


class Progress:
    """``with Progress(quiet=…, verbose=…) as p: p.stage("校验 validating") …``."""

    def __init__(self, *, quiet: bool = False, verbose: bool = False, stream=None, delay: float = DELAY):
        self.stream = stream if stream is not None else sys.stderr
        self.live = not quiet and bool(getattr(self.stream, "isatty", lambda: False)())
        self.verbose = verbose
        self.delay = delay
        self.current: str | None = None
        self.started = time.monotonic()
        self.stage_started = self.started
        self.times: list[tuple[str, float]] = []
        self._shown = False
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None

    def __enter__(self) -> Progress:
        if self.live:
            self._timer = threading.Timer(self.delay, self._show)
            self._timer.daemon = True
            self._timer.start()
        return self

    def __exit__(self, *exc) -> None:
        self._finish_stage()
        if self._timer is not None:
            self._timer.cancel()
        with self._lock:
            if self._shown:
                self.stream.write("\r\033[K")
                self.stream.flush()
            self._shown = False
            self.live = False
        if self.verbose and exc[0] is None:
            total = time.monotonic() - self.started
            self.stream.write(f"合计 total {total:.2f} s\n")
            self.stream.flush()

    def __call__(self, name: str) -> None:
        self.stage(name)

    def stage(self, name: str) -> None:
        """A new stage begins (the previous one ends)."""
        self._finish_stage()
        self.current = name
        self.stage_started = time.monotonic()
        with self._lock:
            if self._shown:
                self._write()

    def _finish_stage(self) -> None:
        if self.current is None:
            return
        took = time.monotonic() - self.stage_started
        self.times.append((self.current, took))
        if self.verbose:
            with self._lock:
                prefix = "\r\033[K" if self._shown else ""
                self.stream.write(f"{prefix}{took:7.2f} s  {self.current}\n")
                self.stream.flush()
        self.current = None

    def _show(self) -> None:
        with self._lock:
            if self.live:
                self._shown = True  # from now on every stage is shown as it begins
                if self.current:
                    self._write()

    def _write(self) -> None:
        elapsed = time.monotonic() - self.started
        self.stream.write(f"\r\033[K… {self.current}（已用 {elapsed:.0f} s）")
        self.stream.flush()
