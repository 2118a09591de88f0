"""Reading an encounter file, and writing a file whole or not at all, and only where it is safe to write.

`read_document` reads an encounter file's JSON, or says in the biller's words why it cannot be
read (the core parses it; the core itself reads no files).

`replace_file` is the one way the app writes a file: a crash, a full disk or a cancelled export
never leaves half a file, and an older file of the same name stays as it was until the new one
is complete. A new file is private to the biller (0600: claims hold patient data); a file that is
replaced keeps its mode.

`refuse_unsafe_output` says why an export must not go where it was asked to (the database, its
backups, one of the command's own inputs, or an existing file without permission to replace it).
"""

from __future__ import annotations

import os
import secrets
import stat
from collections.abc import Iterable
from pathlib import Path

from app.core.encounter import EncounterInvalid
from app.core.validate import JsonUnusable, Problem, load_json

PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700


def read_document(path: str | Path) -> dict:
    """The JSON in `path`, or EncounterInvalid saying why it cannot be read."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise EncounterInvalid([Problem("(file)", f"cannot be read: {getattr(error, 'strerror', None) or error}")])
    try:
        return load_json(text)
    except JsonUnusable as unusable:
        raise EncounterInvalid(unusable.problems) from None


class UnsafeOutput(Exception):
    """An output path the app will not write to; the message says why in the biller's words."""


def _temporary_beside(target: Path) -> Path:
    # a short name of its own (not the target's name plus a suffix), so it fits any folder whose
    # file names may be 255 bytes long, even when the target's own name is that long
    return target.parent / f".ic-{secrets.token_hex(6)}.tmp"


def _open_new(path: Path) -> int:
    return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), PRIVATE_FILE)


def _mode_to_keep(target: Path) -> int:
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        return PRIVATE_FILE


def _keep_owner(temporary: Path, target: Path) -> None:
    """Give the new file the old one's owner and group where we may (as root, or the group only)."""
    if os.name != "posix":
        return
    try:
        old = target.stat()
        os.chown(temporary, old.st_uid, old.st_gid)
    except OSError:
        pass


def _sync_folder(folder: Path) -> None:
    """So the rename itself survives a power cut (POSIX; Windows has no folder handles to sync)."""
    if os.name != "posix":
        return
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


def replace_file(path: str | os.PathLike, content: bytes | str, mode: int | None = None) -> Path:
    """Write `content` to `path` through a temporary file in the same folder, fsync it and
    `os.replace` it into place; returns the path. An existing file keeps its mode; a new one is
    0600 unless `mode` says otherwise."""
    target = Path(path)
    folder = target.parent
    data = content.encode("utf-8") if isinstance(content, str) else bytes(content)
    keep = mode if mode is not None else _mode_to_keep(target)
    temporary = _temporary_beside(target)
    handle = _open_new(temporary)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, keep)
        _keep_owner(temporary, target)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    _sync_folder(folder)
    return target


def make_private(path: Path) -> None:
    """0600 for a file, 0700 for a folder, when it is looser (and the file system lets us)."""
    try:
        wanted = PRIVATE_FOLDER if path.is_dir() else PRIVATE_FILE
        if stat.S_IMODE(path.stat().st_mode) & ~wanted:
            os.chmod(path, wanted)
    except OSError:
        pass


# ---------------------------------------------------------------- where an export may go


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.abspath(a) == os.path.abspath(b)


def _inside(path: Path, folder: Path) -> bool:
    try:
        return Path(os.path.realpath(path)).is_relative_to(os.path.realpath(folder))
    except OSError:
        return False


def output_problem(output: str | os.PathLike, *, database: Path | None = None, backups: Path | None = None,
                   inputs: Iterable[str | os.PathLike] = (), overwrite: bool = False) -> str | None:
    """Why `output` must not be written, in plain words; None when it may be."""
    target = Path(output)
    if target.is_dir():
        return "is a folder; give a file name"
    if database is not None:
        for sidecar in (database, *(Path(f"{database}{end}") for end in ("-wal", "-shm", "-journal"))):
            if _same_file(target, sidecar):
                return "is the InjectClaim database; an export never writes over it"
    if backups is not None and _inside(target, backups):
        return "is in the database's backups folder; an export never writes there"
    for source in inputs:
        if _same_file(target, Path(source)):
            return "is also an input of this command; an export never writes over its own input"
    if target.exists() and not os.access(target, os.W_OK):
        return "is read-only; it was left as it was"
    if target.exists() and not overwrite:
        return "already exists; add --overwrite to replace it"
    return None


def refuse_unsafe_output(output: str | os.PathLike, **where) -> None:
    """Raise UnsafeOutput when `output_problem` finds a reason."""
    problem = output_problem(output, **where)
    if problem:
        raise UnsafeOutput(f"{output}: {problem}. Nothing was written.")
