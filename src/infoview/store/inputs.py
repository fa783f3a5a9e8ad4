"""Reading a file: a regular file only, and never more than a stated limit.

Every file infoview reads goes through :func:`read_limited`: a file the student names
(contacts to import, a question bank, a draft to lint, a template, a backup archive)
and the workspace's own documents. A FIFO is refused without waiting for a writer (it
is opened non-blocking and checked before the first read), a device such as /dev/zero
is refused as not a file, and a file that grows past its limit while being read stops
at the limit: memory stays bounded whatever the path names.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

MB = 1024 * 1024

# The limits README states ("Limits"); each far above what a student's real file holds.
CONTACTS_LIMIT = 50 * MB  # a phone's or LinkedIn's export of thousands of contacts
BANK_LIMIT = 5 * MB  # a question bank (the built-in one is about 100 KB)
DRAFT_LIMIT = 1 * MB  # a message or a template
ARCHIVE_LIMIT = 200 * MB  # a backup archive as stored (compressed)
DOCUMENT_LIMIT = 500 * MB  # one workspace document (100,000 people take about 100 MB)


class NotARegularFile(OSError):
    """The path names a folder, a FIFO, a device or a socket, not a file."""


class TooLarge(OSError):
    """The file holds more than its limit."""

    def __init__(self, path: Path, limit: int) -> None:
        super().__init__(f"{path} is larger than {describe(limit)}")
        self.path = path
        self.limit = limit


def describe(limit: int) -> str:
    """A limit as people read it: "50 MB"."""
    return f"{limit // MB} MB" if limit >= MB else f"{limit // 1024} KB"


def read_limited(path: Path, limit: int) -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` of them.

    Raises :class:`NotARegularFile` (a folder, FIFO, device or socket),
    :class:`TooLarge` (more than ``limit`` bytes, found while reading), or the
    ``OSError`` of the open or the read (missing, no permission, ...).
    """
    # O_NONBLOCK: opening a FIFO with no writer returns at once instead of waiting;
    # it changes nothing for a regular file.
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file"
            raise NotARegularFile(f"{path} is {kind}")
        chunks: list[bytes] = []
        size = 0
        while True:
            chunk = os.read(fd, min(1 * MB, limit + 1 - size))
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                raise TooLarge(path, limit)
    finally:
        os.close(fd)
