"""The app's log: one file in the per-user log folder (platformdirs), rotated at 1 MB with three
older copies kept, readable by the biller's account alone (folder 0700, files 0600). The window and
the command line put tracebacks here, so the biller reads plain sentences and support still gets
the details. $INJECTCLAIM_LOG_DIR names another folder (the tests point it at a temporary one).

The log is appended to line by line, so it does not go through app/files.py's whole-file writer:
a crash mid-write loses at most the line being written.
"""

from __future__ import annotations

import logging
import os
from logging.handlers import RotatingFileHandler
from pathlib import Path

from platformdirs import user_log_dir

APP_NAME = "InjectClaim"
LOG_DIR_ENV = "INJECTCLAIM_LOG_DIR"
LOG_FILE_NAME = "injectclaim.log"
MAX_BYTES = 1_000_000
OLDER_COPIES = 3
LINE_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

_log = logging.getLogger("app")      # every module's logging.getLogger(__name__) is below this one
_log.addHandler(logging.NullHandler())   # without a log file, records are dropped, never printed to stderr


def log_folder() -> Path:
    """$INJECTCLAIM_LOG_DIR, else the per-user log folder."""
    explicit = os.environ.get(LOG_DIR_ENV)
    return Path(explicit) if explicit else Path(user_log_dir(APP_NAME, appauthor=False))


class _PrivateRotatingFile(RotatingFileHandler):
    """A rotating log whose files (the first and every one after a rotation) are created 0600."""

    def _open(self):
        descriptor = os.open(self.baseFilename, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        return os.fdopen(descriptor, "a", encoding=self.encoding, errors=self.errors)


def _make_private_folder(folder: Path) -> None:
    if not folder.is_dir():
        folder.mkdir(parents=True, mode=0o700)
        folder.chmod(0o700)      # mkdir's mode passes through the umask


def active_log() -> Path | None:
    """The file the log goes to, None before setup_logging (or when it could not be made)."""
    handlers = [h for h in _log.handlers if isinstance(h, _PrivateRotatingFile)]
    return Path(handlers[0].baseFilename) if handlers else None


def setup_logging(folder: str | os.PathLike | None = None) -> Path | None:
    """Send the app's log records to the rotating file in `folder` (default: log_folder()); returns
    the file. Calling again is harmless, and with another folder moves the log there. None when the
    folder or file cannot be made: the app runs on without a log."""
    path = Path(os.path.abspath(Path(folder or log_folder()) / LOG_FILE_NAME))
    if active_log() == path:
        return path
    for handler in [h for h in _log.handlers if isinstance(h, _PrivateRotatingFile)]:
        _log.removeHandler(handler)
        handler.close()
    try:
        _make_private_folder(path.parent)
        handler = _PrivateRotatingFile(path, maxBytes=MAX_BYTES, backupCount=OLDER_COPIES, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter(LINE_FORMAT))
    _log.addHandler(handler)
    _log.setLevel(logging.INFO)
    return path
