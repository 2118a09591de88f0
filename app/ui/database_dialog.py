"""Help ▸ Check database: SQLite's integrity check on the biller's database, its daily backups
(the last seven), a backup made now, and putting a backup back in place of the database after
the biller confirms what it is: the practice and the time read from inside the backup."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QListWidget, QListWidgetItem,
                               QPushButton, QVBoxLayout, QWidget)

from app.store import backup
from app.store.db import sql_errors
from app.ui import practice_dialogs
from app.ui.icons import icon

ICON_SIZE = 20


def backup_day(path: Path) -> date | None:
    """The day in a backup's name (`injectclaim-2026-03-10.db`, `…-2026-03-10-before-restore-091500.db`)."""
    found = re.search(r"(\d{4}-\d{2}-\d{2})(-|$)", path.stem)
    try:
        return date.fromisoformat(found[1]) if found else None
    except ValueError:
        return None


def backup_words(path: Path) -> str:
    day = backup_day(path)
    when = day.strftime("%A %m/%d/%Y") if day else path.name
    kind = ", made before a restore" if "before-restore" in path.name else ""
    inside = backup.read_backup(path)
    practice = f" — {inside.practice}" if inside.practice else (" — cannot be read" if inside.problem else "")
    return f"{when}{kind}{practice}  ({path.stat().st_size / 1_000_000:.1f} MB)"


def restore_question(info: backup.BackupInfo, current_practice: str) -> str:
    """What the biller confirms: the practice and time read from inside the backup, what is lost."""
    named = info.practice or "no practice name"
    said = [f"Put this backup in place of the database?\n\nInside the backup: {named}, made {info.when()}, "
            f"{info.encounters:,} saved encounter{'s' if info.encounters != 1 else ''}."]
    if info.practice and current_practice and info.practice != current_practice:
        said.append(f"Careful: this is a backup of {info.practice}, not of {current_practice} (the practice "
                    "in the database now).")
    said.append("Everything saved since that backup was made (claims, rules, settings) is lost; the database "
                "as it is now is kept as a backup first.")
    return "\n\n".join(said)


class DatabaseDialog(QDialog):
    """`restored` after a backup was put in place (the windows should show the data again)."""

    restored = Signal()

    def __init__(self, db, db_path: Path | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("database_check")
        self.setWindowTitle("Check database")
        self.db, self.db_path = db, db_path
        where = QLabel(f"The database: {db_path or 'in memory only'}")
        where.setTextInteractionFlags(Qt.TextSelectableByMouse)
        where.setWordWrap(True)
        self.backup_list = QListWidget()
        self.backup_list.setObjectName("backups")
        self.backup_list.setAccessibleName("Backups, newest first")
        self.backup_list.currentItemChanged.connect(lambda *_: self._enable())
        self.status = QLabel()
        self.status.setObjectName("database_status")
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(where)
        layout.addLayout(self._verdict_row())
        caption = QLabel("&Backups, newest first (one a day; the last seven are kept):")
        caption.setBuddy(self.backup_list)
        layout.addWidget(caption)
        layout.addWidget(self.backup_list, 1)
        layout.addLayout(self._buttons())
        layout.addWidget(self.status)
        self.check()
        self.list_backups()
        self.resize(640, 440)

    def _verdict_row(self) -> QHBoxLayout:
        self.verdict_icon, self.verdict = QLabel(), QLabel()
        self.verdict.setObjectName("integrity_result")
        self.verdict.setWordWrap(True)
        self.verdict.setTextInteractionFlags(Qt.TextSelectableByMouse)
        again = QPushButton("Check &again")
        again.setObjectName("check_again")
        again.clicked.connect(self.check)
        row = QHBoxLayout()
        row.addWidget(self.verdict_icon, 0, Qt.AlignTop)
        row.addWidget(self.verdict, 1)
        row.addWidget(again, 0, Qt.AlignTop)
        return row

    def _buttons(self) -> QHBoxLayout:
        self.backup_button = QPushButton("Back &up now")
        self.backup_button.setObjectName("backup_now")
        self.backup_button.clicked.connect(self.back_up_now)
        self.restore_button = QPushButton("&Restore the chosen backup…")
        self.restore_button.setObjectName("restore_backup")
        self.restore_button.clicked.connect(self.restore_chosen)
        close = QDialogButtonBox(QDialogButtonBox.Close)
        close.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.backup_button)
        row.addWidget(self.restore_button)
        row.addStretch(1)
        row.addWidget(close)
        return row

    def check(self) -> list[str]:
        """Run the integrity check and say what it found."""
        problems = backup.integrity_problems(self.db)
        if problems:
            shown = "\n".join(problems[:10]) + (f"\n… and {len(problems) - 10} more" if len(problems) > 10 else "")
            self.verdict.setText(f"Problem: the integrity check found {len(problems)} fault"
                                 f"{'s' if len(problems) != 1 else ''}. Restoring a backup made before "
                                 f"the trouble began is the safe way back.\n{shown}")
        else:
            self.verdict.setText("Sound: SQLite's integrity check found nothing wrong with the database.")
        self.verdict_icon.setPixmap(icon("error" if problems else "ok").pixmap(ICON_SIZE, ICON_SIZE))
        return problems

    def list_backups(self) -> None:
        self.backup_list.clear()
        for path in backup.backups(self.db_path) if self.db_path else []:
            item = QListWidgetItem(backup_words(path))
            item.setData(Qt.UserRole, str(path))
            item.setToolTip(str(path))
            self.backup_list.addItem(item)
        if self.backup_list.count():
            self.backup_list.setCurrentRow(0)
        elif self.db_path is None:
            self.backup_list.addItem("No backups: this database lives in memory only.")
        else:
            self.backup_list.addItem("No backups yet.")
        self._enable()

    def chosen_backup(self) -> Path | None:
        item = self.backup_list.currentItem()
        return Path(item.data(Qt.UserRole)) if item and item.data(Qt.UserRole) else None

    def _enable(self) -> None:
        self.backup_button.setEnabled(self.db_path is not None)
        self.restore_button.setEnabled(self.chosen_backup() is not None)

    def back_up_now(self) -> None:
        """Today's backup, made again from the database as it is now (after asking, if there is one)."""
        if backup.daily_name(self.db_path, date.today()).exists() and not practice_dialogs.confirm(self, "Replace today's backup?",
                                                  "There is a backup from earlier today. Replace it with the "
                                                  "database as it is now?\n\nTo go back to this morning's data, "
                                                  "answer No and restore that backup instead."):
            return
        try:
            made = backup.backup_now(self.db, self.db_path)
        except (OSError, *sql_errors()) as error:
            self.status.setText(f"The backup could not be made: {getattr(error, 'strerror', None) or error}.")
            return
        self.list_backups()
        self.status.setText(f"Backed up to {made}")

    def restore_chosen(self) -> None:
        chosen = self.chosen_backup()
        if chosen is None:
            return
        info = backup.read_backup(chosen)
        if info.problem:
            self.status.setText(f"{chosen.name} cannot be restored: {info.problem}.")
            return
        from app.store.settings import all_settings

        current = str(all_settings(self.db).get("practice.name") or "")
        if not practice_dialogs.confirm(self, "Restore the backup?", restore_question(info, current)):
            return
        backup.restore(self.db_path, chosen)
        self.check()
        self.list_backups()
        self.status.setText(f"The backup of {info.practice or 'the practice'} made {info.when()} is restored.")
        self.restored.emit()
