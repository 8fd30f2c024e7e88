"""Messages ("Signed in as Lena Fischer.") travel in a cookie, as Django's default does, but
encrypted: Django's cookie is only signed, so it carried a member's name in clear. A cookie keeps
public pages free of the session (the session would add Vary: Cookie to every page and lose the
"You have signed out." that follows a logout's new session)."""

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage


def _fernet() -> Fernet:
    key = hashlib.sha256(b"urgentactions.messages:" + settings.SECRET_KEY.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


class EncryptedCookieStorage(CookieStorage):
    def _encode_parts(self, messages: list[str], encode_empty: bool = False) -> str | None:
        signed = super()._encode_parts(messages, encode_empty=encode_empty)
        return _fernet().encrypt(signed.encode()).decode() if signed else signed

    def _decode(self, data: str | None) -> list | None:
        if not data:
            return None
        try:
            signed = _fernet().decrypt(data.encode()).decode()
        except (InvalidToken, ValueError):
            self.used = True  # as Django does for a cookie that fails its signature: dropped
            return None
        return super()._decode(signed)
