"""Reading files: only regular files (FIFOs, sockets and devices are skipped, never opened or waited for), reader
errors positioned, source positions computed from, and cached under the hash of, the bytes actually read, with
walks that end on any alias graph."""
from __future__ import annotations

import itertools
import os
import socket

import pytest

from omec.diagnostics import SourceRef
from omec.load import Locator, load_paths, load_texts
from omec.load import files as files_module
from omec.load.codes import ALIAS_CYCLE, NO_INPUT, NOT_REGULAR, YAML_SYNTAX
from omec.load.files import NotRegularFile, read_regular
from omec.load.locate import _table
from omec.load.parsecache import content_digest
from omec.load.yamlfile import compose_documents
from tests.load.conftest import ISVC, deadline, run_omec

MODEL = "apiVersion: ome.io/v1beta1\nkind: ClusterBaseModel\nmetadata: {name: m}\n"


def test_a_fifo_in_a_spec_directory_is_skipped_with_a_warning(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "a.yaml").write_text(MODEL)
    os.mkfifo(tmp_path / "specs" / "pipe.yaml")
    with deadline(10):
        result = load_paths(["specs"])
    [diag] = result.diagnostics
    assert (diag.code, diag.ref) == (NOT_REGULAR.id, SourceRef("specs/pipe.yaml", -1))
    assert "a FIFO" in diag.message
    assert [d.ref.path for d in result.documents] == ["specs/a.yaml"]


def test_a_build_next_to_a_fifo_finishes(tmp_path):
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "a.yaml").write_text(MODEL)
    os.mkfifo(tmp_path / "specs" / "pipe.yml")
    done = run_omec("build", "specs", "-o", "out", cwd=tmp_path, timeout=30)
    assert done.returncode == 0, done.stderr
    assert f"specs/pipe.yml: warning[{NOT_REGULAR.id}]" in done.stderr


def test_sockets_devices_and_links_to_them_are_skipped_links_to_files_read(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "real.txt").write_text(MODEL)
    os.symlink(tmp_path / "real.txt", tmp_path / "link.yaml")
    os.symlink("/dev/zero", tmp_path / "zero.yaml")
    os.mkfifo(tmp_path / "pipe")
    os.symlink(tmp_path / "pipe", tmp_path / "pipe-link.yaml")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(tmp_path / "sock.yaml"))
    try:
        with deadline(10):
            result = load_paths(["."])
    finally:
        server.close()
    skipped = {d.ref.path: d.message for d in result.diagnostics if d.code == NOT_REGULAR.id}
    assert skipped.keys() == {"pipe-link.yaml", "sock.yaml", "zero.yaml"} and len(result.diagnostics) == 3
    assert "a character device" in skipped["zero.yaml"] and "a socket" in skipped["sock.yaml"]
    assert [d.ref.path for d in result.documents] == ["link.yaml"]


def test_a_fifo_named_on_the_command_line_is_skipped_and_there_is_no_input(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    os.mkfifo(tmp_path / "pipe.yaml")
    with deadline(10):
        result = load_paths(["pipe.yaml"])
    assert [d.code for d in result.diagnostics] == [NOT_REGULAR.id, NO_INPUT.id]


def test_a_file_swapped_for_a_fifo_after_it_was_found_does_not_block(tmp_path, monkeypatch):
    os.mkfifo(tmp_path / "pipe.yaml")
    regular = os.stat(__file__)
    monkeypatch.setattr(files_module.os, "stat", lambda path: regular)  # the check made before opening passes
    with deadline(10), pytest.raises(NotRegularFile, match="FIFO"):
        read_regular(str(tmp_path / "pipe.yaml"))


def test_control_characters_are_positioned():
    # libyaml's reader rejects them before scanning and gives a byte offset, not a line and column.
    [diag] = load_texts({"f.yaml": "a: ééé\nb: x\x07y\n"}).diagnostics
    assert (diag.code, diag.line, diag.col) == (YAML_SYNTAX.id, 2, 5)
    assert "control characters are not allowed" in diag.message
    [diag] = load_texts({"f.yaml": "a: \x00\n"}).diagnostics
    assert (diag.line, diag.col) == (1, 4)


def test_position_tables_end_on_cycles_and_do_not_expand_aliases():
    [cycle] = compose_documents(ISVC + "spec: &a\n  model: *a\n")
    with deadline(10):
        table = _table(cycle)
    assert table[("spec", "model")] == (5, 3)
    laughs = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{name}: &{name} [{', '.join([f'*{above}'] * 9)}]\n" for above, name in itertools.pairwise("abcdefghi"))
    [bomb] = compose_documents(laughs)
    with deadline(10):
        table = _table(bomb)
    assert len(table) == 1 + 9 * (1 + 9)  # every key and item written, none of the 9**9 expanded
    assert table[("i", 8)] == (8, 4)  # an item through an alias: where the anchored node (h) is written


def test_positions_point_at_the_alias_for_paths_through_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "f.yaml").write_text("engine: &e\n  runner:\n    image: x\ndecoder: *e\n")
    locator = Locator()
    assert locator.position(SourceRef("f.yaml", 0), ("engine", "runner", "image")) == (3, 5)
    assert locator.position(SourceRef("f.yaml", 0), ("decoder", "runner", "image")) == (4, 1)


def test_a_cyclic_document_next_to_others_is_positioned_without_hanging(tmp_path):
    (tmp_path / "isvc.yaml").write_text(MODEL + "spec: {vendor: [1]}\n---\n" + ISVC + "spec: &a\n  model: *a\n")
    done = run_omec("validate", "isvc.yaml", cwd=tmp_path, timeout=30)
    assert done.returncode == 1, done.stderr
    assert f"isvc.yaml:10:10: error[{ALIAS_CYCLE.id}]" in done.stderr and "isvc.yaml:4:8: error[OMEC100]" in done.stderr


def test_positions_are_cached_under_the_hash_of_the_bytes_they_come_from(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "f.yaml").write_text("a: 1\nb: 2\n")
    loaded = load_paths(["f.yaml"])
    (tmp_path / "f.yaml").write_text("\n\na: 1\nb: 2\n")  # edited while the run goes on
    locator = Locator(loaded.hashes, {})
    assert locator.position(SourceRef("f.yaml", 0), ("b",)) == (4, 1)  # the file as it is now
    assert list(locator.new) == [content_digest(b"\n\na: 1\nb: 2\n")]
    assert loaded.hashes["f.yaml"] not in locator.new  # never under the hash of the bytes loaded before
