"""Sealing a small file with the database's passphrase: the draft of the encounter being typed
(name, date of birth, member id) beside a protected database is never plain text.

AES-256-GCM (the `cryptography` package) under a key derived from the passphrase with scrypt
(n=2**15, r=8, p=1) and a random salt. The key is derived once per run, not per keystroke: the
salt is kept for the run and each seal gets a fresh nonce. A sealed file:
`InjectClaim sealed 1\\n` + salt (16 bytes) + nonce (12 bytes) + ciphertext and tag.
"""

from __future__ import annotations

import hashlib
import os

MAGIC = b"InjectClaim sealed 1\n"
SALT_BYTES, NONCE_BYTES = 16, 12

_keys: dict[tuple[str, bytes], bytes] = {}
_salts: dict[str, bytes] = {}


def is_sealed(content: bytes) -> bool:
    return content.startswith(MAGIC)


def _key(passphrase: str, salt: bytes) -> bytes:
    found = _keys.get((passphrase, salt))
    if found is None:
        found = _keys[(passphrase, salt)] = hashlib.scrypt(passphrase.encode("utf-8"), salt=salt, n=2 ** 15, r=8,
                                                           p=1, maxmem=64 * 1024 * 1024, dklen=32)
    return found


def seal(text: str, passphrase: str) -> bytes:
    """`text` encrypted and authenticated under `passphrase`."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    salt = _salts.setdefault(passphrase, os.urandom(SALT_BYTES))
    nonce = os.urandom(NONCE_BYTES)
    return MAGIC + salt + nonce + AESGCM(_key(passphrase, salt)).encrypt(nonce, text.encode("utf-8"), MAGIC)


def unseal(content: bytes, passphrase: str) -> str | None:
    """The text sealed in `content`, or None when `passphrase` does not open it (or it was altered)."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if not is_sealed(content):
        return None
    body = content[len(MAGIC):]
    salt, nonce, sealed = body[:SALT_BYTES], body[SALT_BYTES:SALT_BYTES + NONCE_BYTES], body[SALT_BYTES + NONCE_BYTES:]
    try:
        return AESGCM(_key(passphrase, salt)).decrypt(nonce, sealed, MAGIC).decode("utf-8")
    except (InvalidTag, ValueError):
        return None
