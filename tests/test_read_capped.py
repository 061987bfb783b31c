"""Reading input under the size cap: whole files in pieces, nothing lost, the cap never reserved up front."""

from __future__ import annotations

import os
import threading
import tracemalloc

import pytest

from assess.errors import InputError
from assess.loading.yamlfile import read_yaml_file

BIG_TEXT = "items:\n" + "".join(f"  - item number {i:06d}\n" for i in range(12_000))  # about 300 KB


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_pipe_larger_than_one_chunk_is_read_whole(tmp_path, monkeypatch):
    monkeypatch.setenv("ASSESS_MAX_BYTES", str(len(BIG_TEXT)))  # exactly at the cap is allowed
    fifo = tmp_path / "case.yaml"
    os.mkfifo(fifo)
    writer = threading.Thread(target=fifo.write_text, args=(BIG_TEXT,), kwargs={"encoding": "utf-8"})
    writer.start()
    try:
        doc = read_yaml_file(fifo)  # a pipe reports size 0: read in 64 KB pieces until the end
    finally:
        writer.join(timeout=10)
    assert len(doc.data["items"]) == 12_000 and doc.data["items"][-1] == "item number 011999"


def test_one_byte_over_the_cap_is_refused(tmp_path, monkeypatch):
    path = tmp_path / "case.yaml"
    path.write_text(BIG_TEXT, encoding="utf-8")
    monkeypatch.setenv("ASSESS_MAX_BYTES", str(len(BIG_TEXT) - 1))
    with pytest.raises(InputError, match="above the"):
        read_yaml_file(path)


def test_small_file_does_not_reserve_the_cap(tmp_path):
    path = tmp_path / "case.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    read_yaml_file(path)
    tracemalloc.start()
    try:
        read_yaml_file(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 2 * 1024 * 1024  # the default cap is 20 MB; reading a 5-byte file took all of it before
