"""Encryption of the TOTP secrets at rest.

GB/T 22239-2019 (等保2.0) §8.1.4.8 数据保密性 (level 3): authentication data are kept confidential in
storage. A TOTP secret is as good as a password, so the table holds only its Fernet token (AES-128-CBC with
HMAC-SHA256, from ``cryptography``). The key is derived from ``SECRET_KEY``; the keys in
``SECRET_KEY_FALLBACKS`` still decrypt, so rotating ``SECRET_KEY`` the Django way keeps the devices working.
Losing every key that encrypted a device means its owner must enrol again (the security administrator resets
the device).
"""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

_CONTEXT = b"fazhi.security.totp-secret.v1:"


def _fernet_for(secret_key: str) -> Fernet:
    digest = hashlib.sha256(_CONTEXT + secret_key.encode("utf-8")).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def _fernet() -> MultiFernet:
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return MultiFernet([_fernet_for(k) for k in keys])


def encrypt(value: str) -> str:
    return _fernet().encrypt(value.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    """The plain value, or ValueError when no key in use can decrypt it."""
    try:
        return _fernet().decrypt(token.encode("ascii")).decode("utf-8")
    except InvalidToken:
        raise ValueError("the TOTP secret cannot be decrypted with the current keys") from None
