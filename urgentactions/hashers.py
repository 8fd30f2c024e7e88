"""Argon2 with bounded concurrency: each hash takes ~100 MB (Django's memory_cost), so a burst of
logins would take the worker's memory with it. At most settings.PASSWORD_HASHES_AT_ONCE hashes run
at once in a process; the others wait their turn. Hashes stay Django's "argon2$..." format."""

import threading

from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher

_lock = threading.Lock()
_slots: threading.BoundedSemaphore | None = None
_slots_size = 0


def hashing_slots() -> threading.BoundedSemaphore:
    """The process's semaphore, made again if the setting changed (tests)."""
    global _slots, _slots_size
    size = max(1, int(getattr(settings, "PASSWORD_HASHES_AT_ONCE", 2)))
    with _lock:
        if _slots is None or _slots_size != size:
            _slots, _slots_size = threading.BoundedSemaphore(size), size
        return _slots


class BoundedArgon2PasswordHasher(Argon2PasswordHasher):
    def encode(self, password: str, salt: str) -> str:
        with hashing_slots():
            return super().encode(password, salt)

    def verify(self, password: str, encoded: str) -> bool:
        with hashing_slots():
            return super().verify(password, encoded)
