"""Reading a YAML data file (the question bank, the career-field map) safely into a model.

Plain YAML only: a Python object tag is refused. A key that appears twice (which
YAML would silently resolve) is refused too. Every problem is a
:class:`~infoview.model.errors.DataError` naming the file and, where it can, the
line. PyYAML is imported only when a file is read.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from pydantic import BaseModel, ValidationError

from infoview.model.errors import DataError, InvalidInput, describe_validation_error
from infoview.store.inputs import BANK_LIMIT, NotARegularFile, TooLarge, describe, read_limited

if TYPE_CHECKING:
    import yaml

Y = TypeVar("Y", bound=BaseModel)


def _yaml_loader() -> type[yaml.SafeLoader]:
    import yaml

    # The C loader is much faster where PyYAML was built with libyaml; both are safe.
    loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return loader


def _node_line(root: yaml.Node | None, loc: Sequence[int | str]) -> int | None:
    """The 1-based line of the YAML node at a pydantic error location, as deep as it goes."""
    import yaml

    node = root
    line = node.start_mark.line + 1 if node is not None else None
    for part in loc:
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            node = next((v for k, v in node.value if k.value == part), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            node = node.value[part] if 0 <= part < len(node.value) else None
        else:
            node = None
        if node is None:
            break
        line = node.start_mark.line + 1
    return line


def _duplicate_key(node: yaml.Node | None) -> tuple[str, int] | None:
    """The first mapping key that appears twice (YAML would silently keep the last)."""
    import yaml

    stack = [node] if node is not None else []
    while stack:
        current = stack.pop()
        if isinstance(current, yaml.MappingNode):
            seen: set[str] = set()
            for key, value in current.value:
                if key.value in seen:
                    return str(key.value), key.start_mark.line + 1
                seen.add(key.value)
                stack.append(value)
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
    return None


def _alias_line(text: str, parser: type[yaml.SafeLoader]) -> int | None:
    """The 1-based line of the first anchor or alias (``&name``, ``*name``), if any.

    A data file has no use for them, and aliases of aliases make a small file stand
    for an exponentially large tree ("billion laughs") that any later walk would
    go over. The check parses events only (linear), and only where the text holds
    an ``&`` or a ``*`` at all.
    """
    import yaml

    if "&" not in text and "*" not in text:
        return None
    for event in yaml.parse(text, parser):  # events only: nothing is composed or built
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            mark = event.start_mark
            return mark.line + 1 if mark is not None else 1
    return None


def _failing_line(root: yaml.Node | None) -> int | None:
    """The 1-based line of the first scalar PyYAML cannot turn into a value, if one is."""
    import yaml

    constructor = yaml.constructor.SafeConstructor()
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            try:
                constructor.construct_object(node)
            except Exception:
                return node.start_mark.line + 1
        elif isinstance(node, yaml.MappingNode):
            stack.extend(n for pair in reversed(node.value) for n in reversed(pair))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))
    return None


def load_yaml_model(
    path: Path,
    model: type[Y],
    what: str,
    shape: str,
    cross_check: Callable[[Y], tuple[str, Sequence[int | str]] | None],
) -> Y:
    """Read a YAML data file into ``model`` safely, then ``cross_check`` it.

    Every problem is a DataError naming ``what`` (e.g. "the question bank"), the
    file and, where it can, the line; ``shape`` says what the top level must be.
    """
    import yaml

    def broken(problem: str, line: int | None = None) -> DataError:
        where = f"{path}, line {line}" if line else str(path)
        return DataError(f"{what} {where}: {problem}")

    try:
        text = read_limited(path, BANK_LIMIT).decode("utf-8")
    except FileNotFoundError:
        raise DataError(f"{what} {path} does not exist") from None
    except UnicodeDecodeError as exc:
        raise broken(f"not UTF-8 text (byte {exc.start})") from None
    except (NotARegularFile, TooLarge) as exc:
        # A path that names no readable file (a folder, /dev/zero, a FIFO, a huge
        # file) is a mistake on the command line, not damaged data.
        raise InvalidInput(
            f"{what} {exc}", hint=f"name a YAML file of at most {describe(BANK_LIMIT)}"
        ) from None
    except OSError as exc:
        raise DataError(f"cannot read {what} {path}: {exc.strerror or exc}") from None
    loader = _yaml_loader()(text)
    try:
        alias = _alias_line(text, type(loader))
        if alias is not None:
            problem = "anchors and aliases (&name, *name) are not allowed: write the value out"
            raise broken(problem, alias)
        node = loader.get_single_node()
        try:
            data = loader.construct_document(node) if node is not None else None
        except yaml.YAMLError:
            raise
        except Exception as exc:
            # A value YAML turns into a date, a number or a key can fail in PyYAML's own
            # code with ValueError, OverflowError, TypeError, RecursionError...: a bad
            # value in the file, never a bug of ours.
            raise broken(f"a value cannot be read ({exc})", _failing_line(node)) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = " ".join(filter(None, [exc.context, exc.problem]))
        if "constructor" in (exc.problem or ""):
            problem += " (only plain YAML is allowed)"
        start = exc.context_mark
        if start is not None and mark is not None and start.line != mark.line:
            problem += f" (it started on line {start.line + 1})"
        raise broken(problem, mark.line + 1 if mark else None) from None
    except yaml.YAMLError as exc:
        raise broken(str(exc)) from None
    except RecursionError:  # the pure-Python composer (no libyaml) on deep nesting
        raise broken("nested too deeply") from None
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        raise broken(f"expected a mapping with {shape}", 1)
    duplicate = _duplicate_key(node)
    if duplicate:
        raise broken(f"the key '{duplicate[0]}' appears twice", duplicate[1])
    try:
        loaded = model.model_validate(data)
    except ValidationError as exc:
        loc = exc.errors(include_url=False)[0]["loc"]
        raise broken(describe_validation_error(exc), _node_line(node, loc)) from None
    fault = cross_check(loaded)
    if fault:
        message, where = fault
        raise broken(message, _node_line(node, where))
    return loaded
