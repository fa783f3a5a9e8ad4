"""Probe."""
from __future__ import annotations

from pathlib import Path

from tests.helpers import Cli, snapshot


def test_probe(cli: Cli, full: Path) -> None:
    (full / "backups" / "interviews.json").unlink(missing_ok=True)
    (full / "backups" / "interviews.json").mkdir()
    before = snapshot(full)
    print(sorted(before))
    r = cli("prospect", "remove", "maria", "--yes", expect=None)
    print(r.exit_code, r.stderr)
    after = snapshot(full)
    print([k for k in set(before) | set(after) if before.get(k) != after.get(k)])
    assert 0
