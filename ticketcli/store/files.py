"""Private, atomic file storage.

Everything ticketcli writes holds personal data, so files are 0600 in 0700 folders whatever the
umask, and every write is atomic: a temporary file in the same folder, fsync, rename, fsync of
the folder. A crash at any point leaves either the old file or the new one, whole.
"""

from __future__ import annotations

import errno
import json
import os
import re
import stat
from pathlib import Path
from typing import Any

FILE_MODE = 0o600
DIR_MODE = 0o700

_ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")


def ensure_dir(path: Path, *, allow_link: bool = False) -> Path:
    """Make sure ``path`` is a folder of ours: created with every missing parent as 0700 whatever
    the umask (``Path.mkdir(parents=True)`` gives parents the umask's mode), and the leaf a real
    folder, not a symbolic link, with mode 0700.

    A leaf that is a link is refused (OSError ELOOP) unless ``allow_link`` (the config folder, which
    dotfile managers link): the data folders are never entered through a link, so a planted
    link cannot redirect what ticketcli writes or have its target's mode changed.
    """
    missing = []
    folder = Path(path)
    while True:
        try:
            os.lstat(folder)
            break
        except FileNotFoundError:
            missing.append(folder)
            if folder.parent == folder:
                break
            folder = folder.parent
    for folder in reversed(missing):
        try:
            os.mkdir(folder, DIR_MODE)
        except FileExistsError:
            continue
        os.chmod(folder, DIR_MODE)  # a umask such as 0o277 takes bits from the mode mkdir got
    st = os.stat(path) if allow_link else os.lstat(path)
    if stat.S_ISLNK(st.st_mode):
        raise OSError(errno.ELOOP, "a symbolic link, not a folder", str(path))
    if not stat.S_ISDIR(st.st_mode):
        raise NotADirectoryError(errno.ENOTDIR, "not a folder", str(path))
    if (st.st_mode & 0o777) != DIR_MODE:
        os.chmod(path, DIR_MODE)
    return path


def storage_error(exc: OSError, path: Path | str):
    """The :class:`TicketError` for a failure to write ``path``: a link or a file where one of our
    folders belongs is named as such; anything else (a full disk, permissions) as a disk error."""
    from ..errors import TicketError
    from ..i18n import t

    where = exc.filename or path
    if exc.errno in (errno.ELOOP, errno.ENOTDIR):
        reason = t("skip_link") if exc.errno == errno.ELOOP else t("skip_not_folder")
        return TicketError(t("entry_skipped", path=where, reason=reason))
    return TicketError(t("disk_error", path=where, reason=exc.strerror or exc))


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
    # A fresh name opened exclusively (O_EXCL, mode 0600): two writers, even two processes with
    # the same pid in containers sharing a home, never write into each other's temporary file.
    import tempfile  # only to write: it imports shutil and random, which reading never needs

    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
    try:
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


def read_regular(path: Path, limit: int, *, follow_symlinks: bool = False) -> bytes:
    """Read a file ticketcli keeps: only a regular file (a FIFO or device would block or never
    end), at most ``limit`` bytes, and, unless ``follow_symlinks``, never through a symlink.

    Raises OSError (ELOOP for a symlink) or ValueError with a short reason.
    """
    flags = os.O_RDONLY | os.O_NONBLOCK | (0 if follow_symlinks else os.O_NOFOLLOW)
    fd = os.open(path, flags)
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fh.fileno())
        if not stat.S_ISREG(st.st_mode):
            raise ValueError("not a regular file")
        if st.st_size > limit:
            raise ValueError(f"larger than {limit // 2**20} MB")
        return fh.read(limit + 1)


#: The largest file ticketcli reads back from its own folders (a ticket.json, a history entry).
MAX_RECORD_BYTES = 16 * 1024 * 1024


def read_record(path: Path | str) -> bytes:
    """A file ticketcli keeps (ticket.json, delivery.json, a history entry), read the safe way:
    :func:`read_regular` with :data:`MAX_RECORD_BYTES`. A planted FIFO, device or link raises
    (OSError or ValueError) instead of blocking or being followed."""
    return read_regular(Path(path), MAX_RECORD_BYTES)


def scan(folder: Path | str, kind: str, skipped: list[tuple[str, str]] | None = None) -> list[str]:
    """The names in ``folder`` that are real entries of ``kind`` ("dir" or "file"), hidden names
    (``.tmp``, ``.locks``) left out; [] when there is no folder.

    Anything else (a symbolic link, a FIFO, a device, a file where a folder belongs) is left out
    too, and added to ``skipped`` as (path, reason) so that a command can report it; the reason is
    ``link``, ``not_folder`` or ``not_file`` (the messages ``skip_<reason>`` say it in words).
    Nothing is opened: listing never blocks and never follows a link.
    """
    try:
        entries = list(os.scandir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return []
    names = []
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            ok = entry.is_dir(follow_symlinks=False) if kind == "dir" else entry.is_file(follow_symlinks=False)
            link = entry.is_symlink()
        except OSError:
            ok, link = False, False
        if ok:
            names.append(entry.name)
        elif skipped is not None:
            reason = "link" if link else ("not_folder" if kind == "dir" else "not_file")
            skipped.append((entry.path, reason))
    return sorted(names)


def is_safe_id(value: str) -> bool:
    """True when ``value`` can name a file inside a folder and nothing outside it."""
    return bool(_ID_RE.fullmatch(value))
