"""The worker of one report and how it is stopped (runner.worker)."""

import os
import signal

import pytest

from evalkit.runner.worker import STOP, stop_on_signals, tail


def test_a_stop_signal_sets_the_flag_interrupts_once_and_restores_the_handlers():
    before = signal.getsignal(signal.SIGTERM)
    STOP.clear()
    with pytest.raises(KeyboardInterrupt), stop_on_signals():
        os.kill(os.getpid(), signal.SIGTERM)  # handled at the next bytecode of this (main) thread
        raise AssertionError("the signal did not interrupt")
    assert STOP.is_set()
    assert signal.getsignal(signal.SIGTERM) is before
    STOP.clear()


def test_tail_keeps_the_last_lines_without_terminal_colours(tmp_path):
    log = tmp_path / "worker.log"
    log.write_text("".join(f"\x1b[31mline {i}\x1b[0m\n" for i in range(100)), encoding="utf-8")
    assert tail(log, 2) == "line 98\nline 99"
    assert tail(tmp_path / "missing.log") == ""
