"""read_limited: a regular file only, never more than its limit (store/inputs.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infoview.store.inputs import NotARegularFile, TooLarge, describe, read_limited


@settings(max_examples=50)
@given(data=st.binary(max_size=3000), limit=st.integers(0, 4000))
def test_a_file_is_read_whole_up_to_its_limit(
    tmp_path_factory: pytest.TempPathFactory, data: bytes, limit: int
) -> None:
    path = tmp_path_factory.mktemp("read") / "f"
    path.write_bytes(data)
    if len(data) <= limit:
        assert read_limited(path, limit) == data
    else:
        with pytest.raises(TooLarge, match="is larger than"):
            read_limited(path, limit)


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "prospects.json"
    os.mkfifo(fifo)
    with pytest.raises(NotARegularFile, match="not a regular file"):
        read_limited(fifo, 100)


def test_a_device_and_a_folder_are_refused(tmp_path: Path) -> None:
    with pytest.raises(NotARegularFile, match="not a regular file"):
        read_limited(Path("/dev/zero"), 100)
    with pytest.raises(NotARegularFile, match="a folder"):
        read_limited(tmp_path, 100)


def test_limits_read_as_people_write_them() -> None:
    assert describe(50 * 1024 * 1024) == "50 MB"
    assert describe(64 * 1024) == "64 KB"
