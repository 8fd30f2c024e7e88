"""A real SMTP server for the tests: aiosmtpd on 127.0.0.1, answering as the test tells it."""

import contextlib
import logging
import socket
from collections import Counter

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class MailServer:
    """What an aiosmtpd handler answers, per recipient address, and what it received.

    defer(address, times, at="RCPT" | "DATA"): answer "451 4.3.0 try later" that many times first;
    refuse(address): "550 5.1.1 no such user" at RCPT, always.
    """

    def __init__(self, port: int) -> None:
        self.port = port
        self.received: list[bytes] = []  # accepted messages, as sent over the wire
        self.deferred_data: list[bytes] = []  # messages answered 451 after DATA
        self.rcpt_attempts: Counter[str] = Counter()
        self._deferrals: dict[tuple[str, str], int] = {}
        self._refused: set[str] = set()

    def defer(self, address: str, times: int = 1, *, at: str = "RCPT") -> None:
        self._deferrals[at, address] = times

    def refuse(self, address: str) -> None:
        self._refused.add(address)

    def _deferred(self, at: str, address: str) -> bool:
        left = self._deferrals.get((at, address), 0)
        if left:
            self._deferrals[at, address] = left - 1
        return bool(left)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        self.rcpt_attempts[address] += 1
        if address in self._refused:
            return "550 5.1.1 no such user"
        if self._deferred("RCPT", address):
            return "451 4.3.0 try later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if any(self._deferred("DATA", address) for address in envelope.rcpt_tos):
            self.deferred_data.append(envelope.content)
            return "451 4.3.0 try later"
        self.received.append(envelope.content)
        return "250 OK"


@contextlib.contextmanager
def running(server: MailServer):
    """The server listening on its port for the block (aiosmtpd's log of every command kept quiet)."""
    log = logging.getLogger("mail.log")
    level = log.level
    log.setLevel(logging.WARNING)
    controller = Controller(server, hostname="127.0.0.1", port=server.port)
    controller.start()
    try:
        yield server
    finally:
        controller.stop()
        log.setLevel(level)
