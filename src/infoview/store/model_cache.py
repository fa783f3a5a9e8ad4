"""A checked JSON copy of a bundled YAML file's model, kept in the user's cache folder.

Parsing YAML in pure Python is most of the time of a short command that needs the
bundled question bank; pydantic reads the same model from JSON in Rust many times
faster. The copy is never trusted: every read validates it again with the model
(``model_validate_json``) and the caller's own checks, and anything wrong with it (a
missing, unreadable, corrupt or stale file) falls back to the YAML and rewrites the copy
atomically. Its name carries a hash of the YAML's bytes and of ``salt`` (infoview's
version), so a changed bundled file or another infoview never reads an old copy.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from infoview.store.files import atomic_write

if TYPE_CHECKING:
    from pydantic import BaseModel

M = TypeVar("M", bound="BaseModel")

CACHE_LIMIT = 16 * 1024 * 1024  # bytes: a copy larger than this is not read, but rebuilt


def cache_folder(environ: Mapping[str, str] | None = None) -> Path | None:
    """The user's cache folder for infoview, from the environment (``os.environ`` when
    None): $INFOVIEW_CACHE (empty: no copies), else the platform's per-user cache folder.

    For the bundled files read deep in the core (the field map), which cannot be handed
    the CLI's settings: the CLI's own ``AppEnv.cache_path`` says the same for the bank.
    A folder that cannot be worked out (``~nosuchuser``) means no copy, never an error.
    """
    environ = os.environ if environ is None else environ
    folder = environ.get("INFOVIEW_CACHE")
    if folder is not None:
        if not folder:
            return None
        try:
            return Path(folder).expanduser().absolute()
        except RuntimeError:  # ~user for a user the system does not know
            return None
    import platformdirs

    return Path(platformdirs.user_cache_dir("infoview", appauthor=False))


def cached_model(
    source: Path,
    model: type[M],
    load: Callable[[Path], M],
    accept: Callable[[M], bool],
    folder: Path | None,
    salt: str,
) -> M:
    """``load(source)``, or the same model read from its checked copy in ``folder``.

    ``accept`` runs the checks ``load`` makes beyond the model's own (unique ids, ...) on
    the copy; a copy it refuses is rebuilt. With no folder, or any trouble with the copy
    or the folder, this is just ``load(source)``: the cache only ever saves time.
    """
    if folder is None:
        return load(source)
    try:
        raw = source.read_bytes()
    except OSError:
        return load(source)  # the loader says what is wrong with it
    digest = hashlib.sha256(salt.encode() + b"\0" + model.__qualname__.encode() + b"\0" + raw)
    copy = folder / f"{source.stem}-{digest.hexdigest()[:32]}.json"
    found = _read_copy(copy, model, accept)
    if found is not None:
        return found
    value = load(source)
    _write_copy(copy, model, value)
    return value


def _read_copy(copy: Path, model: type[M], accept: Callable[[M], bool]) -> M | None:
    from pydantic import ValidationError

    try:
        with copy.open("rb") as handle:
            data = handle.read(CACHE_LIMIT + 1)
        if len(data) > CACHE_LIMIT:
            return None
        value = model.model_validate_json(data)
    except (OSError, ValueError, ValidationError):  # missing, unreadable or corrupt
        return None
    return value if accept(value) else None


def _write_copy(copy: Path, model: type[M], value: M) -> None:
    """Write the copy (only if it reads back as exactly ``value``) and drop stale ones."""
    data = value.model_dump_json().encode()
    if model.model_validate_json(data) != value:
        return  # a model that does not survive JSON is never cached
    write_copy(copy, data)


def write_copy(copy: Path, data: bytes) -> None:
    """Write ``copy`` ("NAME-KEY.json") atomically and remove the other copies of NAME;
    a read-only or full disk only means no copy (the cache only ever saves time)."""
    with contextlib.suppress(OSError):
        copy.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        atomic_write(copy, data)
        prefix = copy.name.rsplit("-", 1)[0] + "-"
        for old in copy.parent.glob(f"{prefix}*.json"):
            if old.name != copy.name:
                old.unlink(missing_ok=True)
