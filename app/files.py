"""Writing a file whole or not at all: a crash, a full disk or a cancelled export never leaves
half a file, and an older file of the same name stays as it was until the new one is complete."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def replace_file(path: str | os.PathLike, content: bytes | str) -> Path:
    """Write `content` to `path` through a temporary file and `os.replace`; returns the path."""
    target = Path(path)
    data = content.encode("utf-8") if isinstance(content, str) else bytes(content)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent or ".")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target
