"""Signed notes (c2sp.org/signed-note) with Ed25519, and transparency-log checkpoints (c2sp.org/tlog-checkpoint).

A checkpoint is the note text

    <origin>\\n<tree size in decimal>\\n<base64 root hash>\\n[Timestamp: <unix nanoseconds>\\n]

followed by a blank line and one signature line per key:

    — <key name> base64(key ID ‖ Ed25519 signature over the note text)

with key ID = SHA-256(key name ‖ 0x0A ‖ 0x01 ‖ 32-byte public key)[:4]. The optional ``Timestamp:`` extension line
is the one Sigstore's Rekor puts in its checkpoints; verifiers that don't know it ignore it (the signature covers
it). Verifier keys are also given in the Go ``vkey`` form ``<name>+<hex key ID>+base64(0x01 ‖ public key)`` that
existing witnesses and monitors are configured with.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from fazhi.tlog.merkle import VerifyError

ED25519 = b"\x01"
DASH = "\u2014"


def key_id(name: str, public_key: bytes) -> bytes:
    return hashlib.sha256(name.encode() + b"\n" + ED25519 + public_key).digest()[:4]


def vkey(name: str, public_key: bytes) -> str:
    return f"{name}+{key_id(name, public_key).hex()}+{base64.b64encode(ED25519 + public_key).decode()}"


def parse_vkey(text: str) -> tuple[str, bytes]:
    """``name+hash+key`` → (name, 32-byte public key); refuses a key whose ID does not match."""
    parts = text.strip().split("+", 2)
    if len(parts) != 3:
        raise VerifyError("malformed verifier key")
    name, hexid, b64 = parts
    try:
        raw = base64.b64decode(b64, validate=True)
        kid = bytes.fromhex(hexid)
    except (binascii.Error, ValueError):
        raise VerifyError("malformed verifier key") from None
    if len(kid) != 4 or len(raw) != 33 or raw[:1] != ED25519 or not name:
        raise VerifyError("malformed verifier key")
    if key_id(name, raw[1:]) != kid:
        raise VerifyError("verifier key ID does not match its key")
    return name, raw[1:]


def sign(text: str, name: str, private_key: Ed25519PrivateKey) -> str:
    if not text.endswith("\n"):
        raise ValueError("note text must end with a newline")
    public = private_key.public_key().public_bytes_raw()
    sig = private_key.sign(text.encode())
    return f"{text}\n{DASH} {name} {base64.b64encode(key_id(name, public) + sig).decode()}\n"


def open_note(note: str, name: str, public_key: bytes) -> str:
    """Verify a signed note against one known key; return its text. Unknown signatures are ignored (signed-note
    §Signatures); a known key's signature that fails, or none from it, is an error."""
    if any(ord(c) < 0x20 and c != "\n" for c in note):
        raise VerifyError("control characters in the note")
    split = note.rfind("\n\n")
    if split < 0 or not note.endswith("\n"):
        raise VerifyError("malformed note")
    text, sigs = note[:split + 1], note[split + 2:]
    kid = key_id(name, public_key)
    verified = False
    for line in sigs.splitlines():
        if not line.startswith(DASH + " "):
            raise VerifyError("malformed signature line")
        try:
            signer, blob = line[2:].split(" ")
            raw = base64.b64decode(blob, validate=True)
        except (ValueError, binascii.Error):
            raise VerifyError("malformed signature line") from None
        if signer != name or raw[:4] != kid:
            continue
        try:
            Ed25519PublicKey.from_public_bytes(public_key).verify(raw[4:], text.encode())
        except InvalidSignature:
            raise VerifyError("the signature does not verify") from None
        verified = True
    if not verified:
        raise VerifyError("no signature by the log's key")
    return text


@dataclass(frozen=True)
class Checkpoint:
    origin: str
    size: int
    root_hash: bytes
    timestamp_ns: int | None = None

    def text(self) -> str:
        lines = [self.origin, str(self.size), base64.b64encode(self.root_hash).decode()]
        if self.timestamp_ns is not None:
            lines.append(f"Timestamp: {self.timestamp_ns}")
        return "\n".join(lines) + "\n"


def parse_checkpoint(text: str) -> Checkpoint:
    lines = text.split("\n")
    if len(lines) < 4 or lines[-1] != "" or any(not line for line in lines[:-1]):
        raise VerifyError("malformed checkpoint")
    origin, size, root_b64 = lines[0], lines[1], lines[2]
    if not size.isdigit() or (size != "0" and size.startswith("0")):
        raise VerifyError("malformed tree size")
    try:
        root_hash = base64.b64decode(root_b64, validate=True)
    except binascii.Error:
        raise VerifyError("malformed root hash") from None
    if len(root_hash) != 32:
        raise VerifyError("malformed root hash")
    ts = None
    for ext in lines[3:-1]:
        if ext.startswith("Timestamp: ") and ext[11:].isdigit():
            ts = int(ext[11:])
    return Checkpoint(origin, int(size), root_hash, ts)


def open_checkpoint(note: str, name: str, public_key: bytes) -> Checkpoint:
    cp = parse_checkpoint(open_note(note, name, public_key))
    if cp.origin != name:
        raise VerifyError("the checkpoint's origin is not the log's name")
    return cp
