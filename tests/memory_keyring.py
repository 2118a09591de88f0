"""An in-memory OS keychain for tests (keyring.set_keyring), so no test touches the real one."""

from __future__ import annotations

import keyring
import keyring.backend
from keyring.backends import fail
import pytest


class MemoryKeyring(keyring.backend.KeyringBackend):
    priority = 1

    def __init__(self):
        super().__init__()
        self.saved: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.saved.get((service, username))

    def set_password(self, service, username, password):
        self.saved[(service, username)] = password

    def delete_password(self, service, username):
        self.saved.pop((service, username), None)


@pytest.fixture
def keychain(monkeypatch):
    """The keychain the app sees (empty), no INJECTCLAIM_KEY, and no passphrase known from another test."""
    from app.store import crypto

    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    monkeypatch.delenv(crypto.KEY_ENV, raising=False)
    crypto.forget_typed()
    yield memory
    crypto.forget_typed()
    keyring.set_keyring(fail.Keyring())          # never the computer's own keychain after it either
