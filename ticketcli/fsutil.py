"""Private, atomic file storage.

Everything ticketcli writes holds personal data, so files are 0600 in 0700 folders whatever the
umask, and every write is atomic: a temporary file in the same folder, fsync, rename, fsync of
the folder. A crash at any point leaves either the old file or the new one, whole.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

FILE_MODE = 0o600
DIR_MODE = 0o700

_ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")

#: This process's id, for temporary names (getpid is a system call; refreshed in a forked child).
_pid = os.getpid()


def _refresh_pid() -> None:
    global _pid
    _pid = os.getpid()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_refresh_pid)


def ensure_dir(path: Path) -> Path:
    """Create ``path`` (and parents) and make sure the leaf folder is 0700."""
    path.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
    if (path.stat().st_mode & 0o777) != DIR_MODE:
        os.chmod(path, DIR_MODE)
    return path


def fsync_dir(path: Path | str) -> None:
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes, *, durable: bool = True, parent_ready: bool = False) -> None:
    """Write ``data`` to ``path`` atomically with mode 0600.

    The rename makes the write atomic for every reader and survives the writer being killed;
    ``durable`` (the default) also fsyncs the file and its folder so it survives a power cut.
    Pass ``durable=False`` only for state that can be rebuilt after a power cut.
    ``parent_ready``: the caller has already run :func:`ensure_dir` on the folder in this process
    (saves a mkdir and a stat per write in loops).
    """
    if not parent_ready:
        ensure_dir(path.parent)
    folder, name = os.path.split(os.fspath(path))
    tmp = os.path.join(folder, f".{name}.{_pid}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, FILE_MODE)
    try:
        os.fchmod(fd, FILE_MODE)
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        if durable:
            os.fsync(fd)
    except BaseException:
        os.close(fd)
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    os.close(fd)
    os.replace(tmp, path)
    if durable:
        fsync_dir(folder)


def atomic_write_json(path: Path, obj: Any, *, durable: bool = True, parent_ready: bool = False) -> None:
    data = (json.dumps(obj, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    atomic_write(path, data, durable=durable, parent_ready=parent_ready)


def read_small(path: Path | str) -> bytes:
    """The whole content of a small file ticketcli wrote, in as few system calls as it takes
    (no buffered text layer: no terminal check, no seek). Raises OSError."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    try:
        chunks = []
        while True:
            chunk = os.read(fd, 65536)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
    finally:
        os.close(fd)


def read_regular(path: Path, limit: int, *, follow_symlinks: bool = False) -> bytes:
    """Read a file ticketcli keeps: only a regular file (a FIFO or device would block or never
    end), at most ``limit`` bytes, and, unless ``follow_symlinks``, never through a symlink.

    Raises OSError (ELOOP for a symlink) or ValueError with a short reason.
    """
    import stat

    flags = os.O_RDONLY | os.O_NONBLOCK | (0 if follow_symlinks else os.O_NOFOLLOW)
    fd = os.open(path, flags)
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fh.fileno())
        if not stat.S_ISREG(st.st_mode):
            raise ValueError("not a regular file")
        if st.st_size > limit:
            raise ValueError(f"larger than {limit // 2**20} MB")
        return fh.read(limit + 1)


def is_safe_id(value: str) -> bool:
    """True when ``value`` can name a file inside a folder and nothing outside it."""
    return bool(_ID_RE.fullmatch(value))
