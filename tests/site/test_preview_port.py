"""`make serve` on a busy port: one line that says what to do, never a traceback; without
PORT, the preview takes the first free port from 8000."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest

from colloquium import preview_port

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def busy_port():
    with socket.socket() as listener:
        listener.bind((preview_port.HOST, 0))
        listener.listen()
        yield listener.getsockname()[1]


def test_a_busy_port_asked_for_is_one_line_with_the_way_out(busy_port):
    done = subprocess.run([sys.executable, "-m", "colloquium.preview_port", str(busy_port)], capture_output=True, text=True)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr == (f"port {busy_port} is in use (another preview?); stop that one, or pick another: "
                           f"make serve PORT={busy_port + 1}\n")


def test_without_a_port_the_first_free_one_is_taken(busy_port):
    chosen = preview_port.choose(None, first=busy_port)
    assert chosen > busy_port and preview_port.is_free(chosen)


def test_a_port_that_is_no_number_is_told_in_words():
    done = subprocess.run([sys.executable, "-m", "colloquium.preview_port", "eighty"], capture_output=True, text=True)
    assert (done.returncode, done.stderr) == (1, "PORT=eighty is not a port number; write one such as make serve PORT=8001\n")


def test_make_serve_previews_on_the_chosen_port():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert "port=$$($(PY) -m colloquium.preview_port $(PORT)) && $(VENV)/bin/mkdocs serve --dirty --dev-addr 127.0.0.1:$$port" in makefile
