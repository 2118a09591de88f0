"""Practice ▸ Protect with a passphrase, and the passphrase asked at start for a protected database.

The Protect dialog only gathers the passphrase and the biller's choices (a `ProtectRequest`). The
work (app.store.protection) is done once the window has closed and let go of the database, because
the database file is replaced: run_app calls `protect_after_close`, then opens the window again.
"""

from __future__ import annotations

import gc
import logging
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QThreadPool
from PySide6.QtWidgets import (QApplication, QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit,
                               QProgressDialog, QVBoxLayout, QWidget)

from app.store import crypto
from app.store.db import DatabaseUnusable, sql_errors
from app.ui import practice_dialogs

log = logging.getLogger(__name__)

WHAT_IT_DOES = ("The database, its backups and the unfinished encounter beside it are encrypted with a "
                "passphrase. Without the passphrase nobody can read them, not even InjectClaim's makers: "
                "if it is lost, so is the data. Close any other copy of InjectClaim first; this window "
                "closes and opens again when the work is done.")
NO_RECOVERY = "Keep the passphrase where the practice keeps its other passwords."


@dataclass(frozen=True)
class ProtectRequest:
    passphrase: str
    remember: bool = False
    keep_plain_backup: bool = False


def _passphrase_field(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setObjectName(name)
    field.setEchoMode(QLineEdit.Password)
    field.setMinimumWidth(260)
    return field


def _fit(dialog: QDialog) -> None:
    """Wide enough for the wrapped words at any text size (about 64 characters), and as tall as
    they then need: no line is cut at 150 % text."""
    width = max(dialog.sizeHint().width(), dialog.fontMetrics().averageCharWidth() * 64)
    height = dialog.layout().totalHeightForWidth(width)
    dialog.setMinimumSize(width, height)
    dialog.resize(width, height)


def _words(text: str, name: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    if name:
        label.setObjectName(name)
    return label


class ProtectDialog(QDialog):
    """A plain database: a new passphrase (twice) and the choices. A protected one: whether this
    computer remembers its passphrase."""

    def __init__(self, db_path: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("protect")
        self.setWindowTitle("Protect with a passphrase")
        self.db_path, self.request = Path(db_path), None
        self.protected = crypto.is_encrypted(self.db_path)
        self.remember = QCheckBox("&Remember on this computer (kept in its keychain; not asked at start)")
        self.remember.setObjectName("protect.remember")
        self.problem = _words("", "protect.problem")
        self.problem.setStyleSheet("color: #b00020;")
        layout = QVBoxLayout(self)
        if self.protected:
            self._build_protected(layout)
        else:
            self._build_new(layout)
        layout.addWidget(self.problem)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        if not self.protected:
            self.buttons.button(QDialogButtonBox.Ok).setText("&Protect")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        _fit(self)

    def _build_new(self, layout: QVBoxLayout) -> None:
        layout.addWidget(_words(WHAT_IT_DOES))
        form = QFormLayout()
        self.passphrase, self.again = _passphrase_field("protect.passphrase"), _passphrase_field("protect.again")
        form.addRow("&Passphrase:", self.passphrase)
        form.addRow("&The same again:", self.again)
        layout.addLayout(form)
        layout.addWidget(_words(f"At least {crypto.SHORTEST_PASSPHRASE} characters; a few unrelated words are "
                                f"easy to type and hard to guess. {NO_RECOVERY}"))
        self.keep_plain = QCheckBox("&Keep a plain (unprotected) backup of the database as it is now")
        self.keep_plain.setObjectName("protect.keep_plain_backup")
        self.keep_plain.setToolTip("Anyone who can read that file can read the patients in it.")
        layout.addWidget(self.remember)
        layout.addWidget(self.keep_plain)

    def _build_protected(self, layout: QVBoxLayout) -> None:
        layout.addWidget(_words(f"The database {self.db_path.name} is protected with a passphrase: it, its "
                                f"backups and the unfinished encounter are encrypted. {NO_RECOVERY}"))
        self.remember.setChecked(crypto.remembered(self.db_path) is not None)
        layout.addWidget(self.remember)

    def accept(self) -> None:
        if self.protected:
            return self._accept_remembering()
        problem = crypto.passphrase_problem(self.passphrase.text(), self.again.text())
        if problem:
            self.problem.setText(problem)
            self.again.clear()
            (self.passphrase if "characters" in problem else self.again).setFocus()
            return None
        self.request = ProtectRequest(self.passphrase.text(), self.remember.isChecked(), self.keep_plain.isChecked())
        return super().accept()

    def _accept_remembering(self) -> None:
        passphrase = crypto.opened_with(self.db_path)
        if self.remember.isChecked() and passphrase:
            problem = crypto.remember(self.db_path, passphrase)
            if problem:
                self.problem.setText(problem)
                return
        elif not self.remember.isChecked():
            crypto.forget(self.db_path)
        super().accept()


class PassphraseDialog(QDialog):
    """Asked before the window opens, for a protected database whose passphrase is not known."""

    def __init__(self, db_path: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("passphrase")
        self.setWindowTitle("InjectClaim: passphrase")
        self.db_path = Path(db_path)
        layout = QVBoxLayout(self)
        layout.addWidget(_words(f"The database {self.db_path} is protected with a passphrase. Type it to open "
                                "InjectClaim."))
        form = QFormLayout()
        self.passphrase = _passphrase_field("passphrase.passphrase")
        form.addRow("&Passphrase:", self.passphrase)
        layout.addLayout(form)
        self.remember = QCheckBox("&Remember on this computer (kept in its keychain; not asked again)")
        self.remember.setObjectName("passphrase.remember")
        layout.addWidget(self.remember)
        self.problem = _words("", "passphrase.problem")
        self.problem.setStyleSheet("color: #b00020;")
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Ok).setText("&Open")
        buttons.button(QDialogButtonBox.Cancel).setText("&Quit")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        _fit(self)

    def accept(self) -> None:
        typed = self.passphrase.text()
        if not typed or not crypto.opens(self.db_path, typed):
            self.problem.setText("That passphrase does not open the database. Check it (capitals count) and try "
                                 "again.")
            self.passphrase.selectAll()
            self.passphrase.setFocus()
            return
        crypto.unlock(typed)
        if self.remember.isChecked():
            problem = crypto.remember(self.db_path, typed)
            if problem:
                log.warning(problem)
        super().accept()


def ask_passphrase(db_path: Path) -> bool:
    """The start-up question; True when a passphrase that opens the database was typed."""
    return practice_dialogs.run_modal(PassphraseDialog(db_path))


def unlock_at_start(db_path: Path, interactive: bool = True) -> bool:
    """True when the window may go on to open the database: it is plain, its passphrase is known
    (this run, INJECTCLAIM_KEY, the keychain) or the biller typed it now."""
    if not crypto.is_encrypted(db_path):
        return True
    try:
        crypto.open_encrypted(Path(db_path), read_only=True).close()
        return True
    except (crypto.PassphraseNeeded, crypto.WrongPassphrase) as unknown:
        if not interactive:
            print(unknown, file=sys.stderr)
            return False
    except DatabaseUnusable:
        return True                 # the window's own opening says why
    return ask_passphrase(db_path)


def request_protect(window, db_path: Path) -> None:
    """Practice ▸ Protect with a passphrase: ask; a request closes the window (run_app does the work)."""
    dialog = ProtectDialog(db_path, window)
    if not practice_dialogs.run_modal(dialog) or dialog.request is None:
        return
    window.protect_request = dialog.request
    window.close()


def let_go_of_database(window) -> None:
    """Close the window's connections to its database before the file is replaced: its query threads
    finish, the search index build ends, its own connection closes and the window is deleted."""
    from app.ui.catalogs import _BUILDS

    for pool in window.findChildren(QThreadPool):
        pool.waitForDone()
    build = _BUILDS.get(str(window.database_file))
    if build is not None:
        build.thread.join()
    window.db.conn.close()
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)
    gc.collect()


def protect_after_close(db_path: Path, request: ProtectRequest) -> bool:
    """Protect the database (a busy dialog meanwhile), then say what was done or why not."""
    from app.store import activity
    from app.store.db import connect
    from app.store.protection import protect

    outcome: dict = {}

    def work():
        try:
            outcome["done"] = protect(db_path, request.passphrase, keep_plain_backup=request.keep_plain_backup)
        except (DatabaseUnusable, OSError, *sql_errors()) as error:
            log.warning("not protected: %s", error)
            outcome["refused"] = str(error)
    worker = threading.Thread(target=work, name="protect")
    busy = QProgressDialog("Protecting the database, its backups and the draft…", "", 0, 0)
    busy.setCancelButton(None)
    busy.setWindowTitle("Protect with a passphrase")
    busy.show()
    worker.start()
    while worker.is_alive():
        QApplication.processEvents()
        worker.join(0.05)
    busy.close()
    if "refused" in outcome:
        practice_dialogs.tell(None, "Not protected", outcome["refused"])
        return False
    said = outcome["done"].words(db_path)
    if request.remember:
        said.append(crypto.remember(db_path, request.passphrase) or "This computer remembers the passphrase.")
    db = connect(db_path)
    activity.note(db, "protect", " ".join(said))
    db.conn.close()
    practice_dialogs.inform(None, "Protected", "\n\n".join(said))
    return True
