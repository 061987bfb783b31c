"""The case's sha256 is the hash of the very bytes that were parsed and scored, read once."""

from __future__ import annotations

import hashlib
import os
import threading

from assess.loading import open_case
from conftest import CASES


def test_hash_of_a_case_read_from_a_pipe_is_its_content(tmp_path):
    # A pipe (as from `assess score <(...)`) can be read only once: a second read for the hash would see nothing.
    content = (CASES / "teaching_fictional_council.yaml").read_bytes()
    (tmp_path / "sources").mkdir()
    source = "teaching_council_report.txt"
    (tmp_path / "sources" / source).write_bytes((CASES / "sources" / source).read_bytes())
    fifo = tmp_path / "case.yaml"
    os.mkfifo(fifo)
    writer = threading.Thread(target=lambda: fifo.write_bytes(content))
    writer.start()
    try:
        loaded = open_case(fifo, rubric="un_guidance")
    finally:
        writer.join(timeout=10)
    assert loaded.sha256 == hashlib.sha256(content).hexdigest()
