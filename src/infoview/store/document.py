"""A workspace document: one JSON file, its model, its schema version and its migrations.

Each file is an envelope ``{"schema_version": N, ...}`` written as sorted,
indented UTF-8 JSON with a trailing newline. The version is written once, in
the envelope model (``schema_version: Literal[N] = N``); a file from an older
version is brought up to date by the document's named :class:`Migration` steps,
one version at a time; a newer one is refused and left untouched. Which fields
hold person ids is declared here too (:class:`PersonRef`), so that removing a
person and checking the links between files are one generic rule each
(``store/registry.py``) instead of one per file.
"""

from __future__ import annotations

import gc
import importlib
import json
import os
import stat
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, Literal, NamedTuple, TypeVar, get_args

from infoview.model.errors import DataError, describe_validation_error
from infoview.store.fast_read import FREEZE_AT
from infoview.store.fast_read import fast_model as _fast  # a name tests can stand in for
from infoview.store.files import gc_paused, json_file
from infoview.store.inputs import DOCUMENT_LIMIT, NotARegularFile, TooLarge, describe, read_limited

if TYPE_CHECKING:
    # pydantic is imported where a file is actually read or written, so that
    # `infoview path` and `--help` start without it.
    from pydantic import BaseModel

M = TypeVar("M", bound="BaseModel")

BACKUP_FOLDER = "backups"

Check = Callable[[Any], None]


class Migration(NamedTuple):
    """One named step that turns a version-``source`` envelope into a version ``source + 1`` one.

    ``apply`` gets the parsed JSON object and returns the upgraded one (it may
    change it in place); ``schema_version`` is set by the caller.
    """

    source: int
    name: str  # what the step does, e.g. "split name into given and family"
    apply: Callable[[dict[str, Any]], dict[str, Any]]


class PersonRef(NamedTuple):
    """A field that holds the id of a person on the prospect list.

    ``records`` names the envelope's list of records the field is on (None: the
    envelope itself). The field holds one id (or None) or a list of ids. When
    the person is removed, ``on_remove`` says what happens: ``drop`` drops the
    whole record (a plan for them), ``clear`` only forgets the id (someone they
    referred stays). ``label`` names the holder in messages, formatted with the
    record's attributes: "the interview {id} is with".
    """

    field: str
    label: str
    records: str | None = None
    on_remove: Literal["drop", "clear"] = "clear"
    fix: str = ""  # how to repair a dangling id, formatted like label; "" for the usual advice

    def holders(self, envelope: Any) -> list[Any]:
        """The records (or the envelope itself) that carry this field."""
        return list(getattr(envelope, self.records)) if self.records else [envelope]

    def ids(self, holder: Any) -> list[str]:
        # A record in a state without the field (a scheduled interview has no
        # referrals yet) names nobody through it.
        value = getattr(holder, self.field, None)
        if value is None:
            return []
        return list(value) if isinstance(value, (list, tuple)) else [value]

    def describe(self, holder: Any) -> str:
        """The label, filled in from ``holder``'s attributes."""
        return self.label.format_map(_Attributes(holder))

    def repair(self, holder: Any) -> str:
        """The fix, filled in from ``holder``'s attributes ("" when there is none)."""
        return self.fix.format_map(_Attributes(holder))


class _Attributes(dict[str, Any]):
    """A record's attributes for str.format_map."""

    def __init__(self, record: Any) -> None:
        super().__init__()
        self.record = record

    def __missing__(self, key: str) -> Any:
        return getattr(self.record, key)


class Document(Generic[M]):
    """One JSON file of the workspace (see the module docstring).

    ``source``: the envelope model, or where it is ("package.module:Class"), imported at
    its first use, as a command reads only some of the files and each model module costs
    it milliseconds. ``check`` raises ValueError for what makes a loaded file unusable.
    (A plain class, like the NamedTuples here: a dataclass costs a short command a
    millisecond at import.)
    """

    __slots__ = ("check", "filename", "migrations", "refs", "source")

    def __init__(
        self,
        filename: str,
        source: type[M] | str,
        refs: tuple[PersonRef, ...] = (),
        migrations: tuple[Migration, ...] = (),
        check: Check | None = None,
    ) -> None:
        self.filename, self.source, self.refs = filename, source, refs
        self.migrations, self.check = migrations, check

    def __repr__(self) -> str:
        return f"Document({self.filename!r})"

    @property
    def model(self) -> type[M]:
        if not isinstance(self.source, str):
            return self.source
        module, name = self.source.split(":")
        model: type[M] = getattr(importlib.import_module(module), name)
        return model

    @property
    def version(self) -> int:
        """The schema version this infoview writes: the envelope model's ``schema_version``."""
        (literal,) = get_args(self.model.model_fields["schema_version"].annotation)
        version: int = literal
        return version

    def empty(self) -> M:
        return self.model()

    def steps(self, start: int) -> Iterator[Migration]:
        """The migrations from version ``start`` up to :attr:`version`, in order."""
        by_source = {m.source: m for m in self.migrations}
        for source in range(start, self.version):
            step = by_source.get(source)
            if step is None:
                raise KeyError(source)
            yield step


def unique(items: str, key: str, what: str) -> Check:
    """A document check: no two records of ``file.<items>`` share ``<key>``."""

    def check(file: Any) -> None:
        seen: set[object] = set()
        for record in getattr(file, items):
            value = getattr(record, key)
            if value in seen:
                raise ValueError(f"{what} '{value}' appears twice")
            seen.add(value)

    return check


def encode(model: BaseModel) -> bytes:
    """Human-readable, sorted, UTF-8 JSON with a trailing newline (encoded by pydantic-core:
    the same bytes as ``json.dumps(indent=2, sort_keys=True, ensure_ascii=False)``)."""
    return json_file(model.model_dump(mode="json"))


def loose_version(raw: bytes) -> int | None:
    """The schema_version a file says it has, or None when it cannot be read at all."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    version = data.get("schema_version") if isinstance(data, dict) else None
    return version if isinstance(version, int) and not isinstance(version, bool) else None


DOCTOR_HINT = "run `infoview doctor` to see what to do"


def recovery_hint(path: Path) -> str:
    backup = path.parent / BACKUP_FOLDER / path.name
    if backup.is_file():
        return (
            f"`infoview doctor --restore` brings back the previous good copy, {backup}; "
            "or fix the file by hand"
        )
    return (
        "run `infoview doctor` to check the workspace; fix the file by hand, or move it "
        "away to start that part afresh"
    )


def kind_of(path: Path) -> str:
    """What ``path`` is when it is not a regular file: "a folder", "a FIFO", ..."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return "not a regular file"
    for test, kind in (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISCHR, "a device"),
        (stat.S_ISBLK, "a device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return kind
    return "not a regular file"


def is_special(path: Path) -> bool:
    """Whether ``path`` (followed if a symlink) is there but is not a regular file: a
    folder, a FIFO, a device or a socket."""
    try:
        return not stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


def not_a_file(path: Path) -> DataError:
    """The error for a document (or a backup copy) that is a folder, FIFO, device or socket."""
    return DataError(
        f"{path} is {kind_of(path)}, not a file; infoview reads only regular files",
        hint=f"move it out of the workspace; {DOCTOR_HINT}",
    )


def read_document_bytes(path: Path) -> bytes:
    """The bytes of a workspace document or of a backup copy of one.

    Only a regular file is read (a FIFO is refused without waiting for a writer, a
    device without reading it), and never more than :data:`DOCUMENT_LIMIT`. Raises
    :class:`DataError` for a folder, a FIFO, a device, a socket or a file over the
    limit, naming the path and pointing to ``infoview doctor``; the ``OSError`` of
    the open or the read otherwise (``FileNotFoundError``, ``PermissionError``...).
    """
    try:
        return read_limited(path, DOCUMENT_LIMIT)
    except (NotARegularFile, IsADirectoryError):
        raise not_a_file(path) from None
    except TooLarge:
        raise DataError(
            f"{path} is damaged: larger than {describe(DOCUMENT_LIMIT)}, more than "
            "infoview ever writes",
            hint=recovery_hint(path),
        ) from None


class DuplicateKey(Exception):
    """A JSON object names the same key twice (json.loads would keep only the last)."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """json.loads' object_pairs_hook: a dict, refused if a key appears twice."""
    data = dict(pairs)
    if len(data) < len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise DuplicateKey(key)
            seen.add(key)
    return data


def _parse(text: str) -> tuple[Any, str | None]:
    """The JSON value of ``text``, or None and what is wrong with it.

    Whatever ``json.loads`` raises on hostile bytes is a problem of the file: a
    syntax error, a key given twice, nesting deeper than Python's recursion
    allows, an integer longer than Python converts.
    """
    try:
        return json.loads(text, object_pairs_hook=_object), None
    except json.JSONDecodeError as exc:
        return None, f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
    except DuplicateKey as exc:
        return None, (
            f"the key {json.dumps(exc.key, ensure_ascii=False)} appears twice in one object "
            "(infoview would keep only one of them)"
        )
    except RecursionError:
        return None, "its JSON is nested too deeply to read"
    except ValueError as exc:  # int conversion: "Exceeds the limit (4300 digits)..."
        digits = sys.get_int_max_str_digits()
        if digits and "digits" in str(exc):
            return None, f"a number in it has more than {digits} digits"
        return None, f"a value cannot be read ({exc})"


def decode(doc: Document[M], raw: bytes, path: Path, *, full_check: bool = False) -> tuple[M, int]:
    """Parse, migrate and validate one file's bytes.

    Returns the model and the schema version the file was written with. Raises :class:`DataError`
    naming ``path`` and what is wrong with it. An email address is checked by its shape
    (``people.STORED``), in full with ``full_check``. A file at the current version goes
    through :func:`_fast`; any other, and any it doubts, through :func:`_decode_steps`.
    """

    def damaged(problem: str) -> DataError:
        return DataError(f"{path} is damaged: {problem}", hint=recovery_hint(path))

    from infoview.model.people import STORED

    context = None if full_check else STORED
    with gc_paused():
        # A full check goes the step-by-step way: read from JSON, an address that has the
        # shape of one is taken without email-validator's check (people.OptionalEmail).
        # The fast read refuses bytes that are not UTF-8 itself; the text is made only for
        # the step-by-step way (as large as the file, or up to four times: not kept needlessly).
        model = None if full_check else _fast(doc, raw, context)
        version = doc.version
        if model is None:
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise damaged(f"not UTF-8 text (byte {exc.start})") from None
            if not text.strip():
                raise damaged("the file is empty")
            model, version = _decode_steps(doc, text, path, context)
        if doc.check is not None:
            try:
                doc.check(model)
            except ValueError as exc:
                raise damaged(str(exc)) from None
    if len(raw) >= FREEZE_AT:
        gc.freeze()
    return model, version


def _decode_steps(
    doc: Document[M], text: str, path: Path, context: dict[str, Any] | None
) -> tuple[M, int]:
    """Today's path, one step at a time: parse, check the version, migrate, validate."""
    from pydantic import ValidationError

    def damaged(problem: str) -> DataError:
        return DataError(f"{path} is damaged: {problem}", hint=recovery_hint(path))

    data, problem = _parse(text)
    if problem is not None:
        raise damaged(problem)
    if not isinstance(data, dict):
        raise damaged(f"expected a JSON object, found {type(data).__name__}")
    version = data.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise damaged("it has no valid schema_version")
    if version > doc.version:
        raise DataError(
            f"{path} was written by a newer infoview (schema {version}; this version "
            f"reads up to {doc.version}); it was left untouched",
            hint="upgrade infoview (pip install --upgrade infoview)",
        )
    migrated = data
    try:
        for step in doc.steps(version):
            try:
                migrated = step.apply(migrated)
            except (KeyError, TypeError, ValueError, AttributeError) as exc:
                raise damaged(
                    f"cannot convert schema {step.source} to {step.source + 1} ({step.name}): {exc}"
                ) from None
            migrated["schema_version"] = step.source + 1
    except KeyError as exc:
        source = exc.args[0]
        raise damaged(f"no converter from schema {source} to {source + 1}") from None
    try:
        model = doc.model.model_validate(migrated, context=context)
    except ValidationError as exc:
        raise damaged(describe_validation_error(exc)) from None
    return model, version
