"""The models' core schemas, kept in the user's cache folder (see ``model/prebuilt.py``).

One file a model, ``schemas/<module>.<Class>-<key>.json``: a first line with the
SHA-256 of the rest, then the schema's JSON. The key hashes what a schema is made
from: the source of every module of ``infoview.model`` (the only code a stored schema
may name), the versions of pydantic, pydantic-core and Python, and the model's name.
So a changed model, an upgrade or another Python never reads an old schema; a file
that is missing, unreadable, cut short or altered is not used, and the schema is
generated as it would be without a cache, then written again. Writing is atomic and
best effort: a read-only or full disk only means no copy.
"""

from __future__ import annotations

import contextlib
import hashlib
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from infoview.model import prebuilt
from infoview.store.model_cache import cache_folder, write_copy

if TYPE_CHECKING:
    from pydantic import BaseModel

SCHEMA_LIMIT = 1024 * 1024  # bytes: a larger file is not read (the biggest schema is ~20 KB)


class SchemaShelf:
    """The stored schemas of one cache folder (``<folder>/schemas``)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder / "schemas"
        self._code: str | None = None

    def _code_key(self) -> str:
        """What every schema is made from, but the model's name (worked out once)."""
        if self._code is None:
            import pydantic
            import pydantic_core

            from infoview import __version__

            digest = hashlib.sha256()
            versions = (sys.version, __version__, pydantic.VERSION, pydantic_core.__version__)
            for part in versions:
                digest.update(part.encode() + b"\0")
            sources = sorted(Path(prebuilt.__file__).parent.glob("*.py"))
            if not sources:  # installed without its sources: nothing to tell versions apart
                raise OSError("the model sources cannot be read")
            for source in sources:
                digest.update(source.name.encode() + b"\0" + source.read_bytes() + b"\0")
            self._code = digest.hexdigest()
        return self._code

    def path(self, model: type[BaseModel]) -> Path:
        name = f"{model.__module__}.{model.__qualname__}"
        key = hashlib.sha256(f"{self._code_key()}\0{name}".encode()).hexdigest()[:32]
        return self.folder / f"{name}-{key}.json"

    def get(self, model: type[BaseModel]) -> str | None:
        try:  # the model sources unreadable, or the copy: no copy
            with self.path(model).open("rb") as handle:
                data = handle.read(SCHEMA_LIMIT + 1)
        except OSError:
            return None
        check, _, body = data.partition(b"\n")
        if len(data) > SCHEMA_LIMIT or check != hashlib.sha256(body).hexdigest().encode():
            return None
        try:
            return body.decode("utf-8")
        except UnicodeDecodeError:
            return None

    def put(self, model: type[BaseModel], text: str) -> None:
        body = text.encode("utf-8")
        data = hashlib.sha256(body).hexdigest().encode() + b"\n" + body
        with contextlib.suppress(OSError):  # the model sources unreadable: no copy
            write_copy(self.path(model), data)


class _Unresolved:
    """The shelf of the user's cache folder, worked out at the first model built (most
    commands build one; ``--help`` and the like never pay for finding the folder)."""

    def __init__(self, environ: Mapping[str, str] | None) -> None:
        self.environ = environ
        self._resolved_once = False
        self._shelf: SchemaShelf | None = None

    def _resolved(self) -> SchemaShelf | None:
        if not self._resolved_once:
            folder = cache_folder(self.environ)
            self._shelf = None if folder is None else SchemaShelf(folder)
            self._resolved_once = True
        return self._shelf

    def get(self, model: type[BaseModel]) -> str | None:
        shelf = self._resolved()
        return None if shelf is None else shelf.get(model)

    def put(self, model: type[BaseModel], text: str) -> None:
        shelf = self._resolved()
        if shelf is not None:
            shelf.put(model, text)


def use_cache_folder(environ: Mapping[str, str] | None = None) -> None:
    """Keep the models' schemas in the cache folder ``environ`` names (``os.environ``
    when None): $INFOVIEW_CACHE, else the user's; none if it is empty."""
    prebuilt.use_shelf(_Unresolved(environ))
