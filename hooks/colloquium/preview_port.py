"""The port `make serve` previews the site on: the one asked for (`make serve PORT=8001`), or
else the first free one from 8000, so that a second preview (or another program on 8000) does
not end the command in a traceback.

    python -m colloquium.preview_port [PORT]   prints the port, or says in one line why none
"""

from __future__ import annotations

import socket
import sys

FIRST = 8000
TRIED = 100  # ports tried from FIRST when none is asked for
HOST = "127.0.0.1"


def is_free(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind((HOST, port))
        except OSError:
            return False
    return True


def choose(asked: int | None, first: int = FIRST) -> int:
    """`asked` when it is free, else the first free port from `first`; ValueError says why none."""
    if asked is not None:
        if not is_free(asked):
            raise ValueError(f"port {asked} is in use (another preview?); stop that one, or pick another: make serve PORT={asked + 1}")
        return asked
    for port in range(first, first + TRIED):
        if is_free(port):
            return port
    raise ValueError(f"ports {first} to {first + TRIED - 1} are all in use; pick one: make serve PORT=NUMBER")


def main(argv: list[str]) -> int:
    try:
        asked = int(argv[0]) if argv and argv[0] else None
        if asked is not None and not 1 <= asked <= 65535:
            raise ValueError
    except ValueError:
        print(f"PORT={argv[0]} is not a port number; write one such as make serve PORT=8001", file=sys.stderr)
        return 1
    try:
        print(choose(asked))
    except ValueError as error:
        print(error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
