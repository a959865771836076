"""The log's Ed25519 signing key: from the environment (``FAZHI_LOG_SIGNING_KEY``, the Go ``PRIVATE+KEY+…`` form or
a base64 32-byte seed) or, on first use, generated into ``$FAZHI_DATA_DIR/tlog/signing-key`` (mode 0600). The
key's name is the log's origin, ``FAZHI_LOG_ORIGIN`` (default ``<first allowed host>/fazhi-log``)."""

from __future__ import annotations

import base64
import binascii
import os
from functools import lru_cache
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from fazhi.tlog.note import ED25519, key_id


def origin() -> str:
    value = os.environ.get("FAZHI_LOG_ORIGIN", "").strip()
    if not value:
        hosts = [h for h in settings.ALLOWED_HOSTS if h not in ("*",) and not h.startswith(".")]
        value = f"{hosts[0] if hosts else 'fazhi.invalid'}/fazhi-log"
    if any(c.isspace() or c == "+" for c in value):
        raise ImproperlyConfigured("FAZHI_LOG_ORIGIN must contain neither spaces nor '+'.")
    return value


def key_path() -> Path:
    return Path(settings.DATA_DIR) / "tlog" / "signing-key"


def _seed_from_text(text: str, name: str) -> bytes:
    text = text.strip()
    if text.startswith("PRIVATE+KEY+"):
        parts = text.split("+", 4)
        if len(parts) != 5 or parts[2] != name:
            raise ImproperlyConfigured("FAZHI_LOG_SIGNING_KEY names another log than FAZHI_LOG_ORIGIN.")
        raw = base64.b64decode(parts[4])
        if raw[:1] != ED25519 or len(raw) != 33:
            raise ImproperlyConfigured("FAZHI_LOG_SIGNING_KEY is not an Ed25519 key.")
        seed = raw[1:]
        public = Ed25519PrivateKey.from_private_bytes(seed).public_key().public_bytes_raw()
        if key_id(name, public).hex() != parts[3]:
            raise ImproperlyConfigured("FAZHI_LOG_SIGNING_KEY's key ID does not match the key.")
        return seed
    try:
        seed = base64.b64decode(text, validate=True)
    except binascii.Error:
        raise ImproperlyConfigured("FAZHI_LOG_SIGNING_KEY is neither PRIVATE+KEY+… nor base64.") from None
    if len(seed) != 32:
        raise ImproperlyConfigured("FAZHI_LOG_SIGNING_KEY must hold 32 bytes.")
    return seed


def _load() -> Ed25519PrivateKey:
    env = os.environ.get("FAZHI_LOG_SIGNING_KEY", "")
    if env:
        return Ed25519PrivateKey.from_private_bytes(_seed_from_text(env, origin()))
    path = key_path()
    if path.exists():
        return Ed25519PrivateKey.from_private_bytes(_seed_from_text(path.read_text(), origin()))
    path.parent.mkdir(parents=True, exist_ok=True)
    seed = os.urandom(32)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it first
        return Ed25519PrivateKey.from_private_bytes(_seed_from_text(path.read_text(), origin()))
    with os.fdopen(fd, "w") as fh:
        fh.write(base64.b64encode(seed).decode() + "\n")
    return Ed25519PrivateKey.from_private_bytes(seed)


@lru_cache(maxsize=1)
def signing_key() -> Ed25519PrivateKey:
    return _load()


def public_key() -> bytes:
    return signing_key().public_key().public_bytes_raw()


def reset_cache() -> None:
    signing_key.cache_clear()
