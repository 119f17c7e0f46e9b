"""LOAD stage: file discovery order, multi-document parsing, strictness and positioned syntax errors."""
from __future__ import annotations

from omec.diagnostics import SourceRef
from omec.load import Locator, load_paths, load_texts
from omec.load.codes import (
    DUPLICATE_KEY,
    NO_INPUT,
    NOT_A_MAPPING,
    READ_FAILED,
    YAML_SYNTAX,
)


def test_directories_are_walked_recursively_in_sorted_order(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for rel in ["b/z.yaml", "a/y.yml", "a/x.yaml", "c.txt", ".hidden/h.yaml"]:
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("kind: X\n")
    result = load_paths(["b", "a", "c.txt"])
    assert result.files == ["a/x.yaml", "a/y.yml", "b/z.yaml", "c.txt"]
    assert [d.ref.path for d in result.documents] == result.files


def test_multi_document_files_keep_document_indexes_and_skip_empty_documents():
    text = "# only a comment\n---\na: 1\n---\n---\nb: 2\n"
    result = load_texts({"f.yaml": text})
    assert [(d.ref.index, d.body) for d in result.documents] == [(0, {"a": 1}), (2, {"b": 2})]


def test_timestamps_stay_strings_and_keys_become_strings():
    result = load_texts({"f.yaml": "date: 2026-01-01\n8080: port\ntrue: yes\n"})
    assert result.documents[0].body == {"date": "2026-01-01", "8080": "port", "true": True}


def test_duplicate_keys_are_errors_with_the_position_of_the_repeated_key():
    result = load_texts({"f.yaml": "a: 1\nspec:\n  x: 1\n  x: 2\n"})
    [diag] = result.diagnostics
    assert (diag.code, diag.line, diag.col) == (DUPLICATE_KEY.id, 4, 3)
    assert '"x"' in diag.message


def test_syntax_errors_are_positioned_and_do_not_stop_other_files():
    result = load_texts({"bad.yaml": "a: [1, 2\nb: 3\n", "good.yaml": "c: 1\n"})
    [diag] = result.diagnostics
    assert diag.code == YAML_SYNTAX.id and diag.ref.path == "bad.yaml" and diag.line >= 2
    assert [d.body for d in result.documents] == [{"c": 1}]


def test_non_mapping_documents_are_reported():
    result = load_texts({"f.yaml": "- a\n- b\n"})
    assert [d.code for d in result.diagnostics] == [NOT_A_MAPPING.id]


def test_missing_paths_and_empty_inputs_are_reported(tmp_path):
    assert [d.code for d in load_paths([str(tmp_path / "nope")]).diagnostics] == [READ_FAILED.id]
    assert [d.code for d in load_paths([str(tmp_path)]).diagnostics] == [NO_INPUT.id]


def test_locate_points_at_the_deepest_existing_key(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "f.yaml").write_text("a: 1\n---\nspec:\n  engine:\n    runner:\n      - name: x\n        image: y\n")
    from omec.load.codes import NOT_A_MAPPING as ANY

    diags = [
        ANY.at("m", SourceRef("f.yaml", 1), ("spec", "engine", "runner", 0, "image")),
        ANY.at("m", SourceRef("f.yaml", 1), ("spec", "engine", "missing", "deeper")),
        ANY.at("m", SourceRef("f.yaml", 1), ()),
    ]
    assert [(d.line, d.col) for d in Locator().locate(diags)] == [(7, 9), (4, 3), (3, 1)]


def test_parse_cache_reuses_unchanged_files_and_never_serves_stale_content(tmp_path, monkeypatch):
    from omec.load import parsecache

    monkeypatch.setenv("OMEC_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.yaml").write_text("a: 1\nb: [x, y]\n")
    first = load_paths(["a.yaml"])
    assert (tmp_path / "cache" / "inputs" / parsecache.PACK).is_file()
    calls = []
    real_parse = parsecache.parse_documents
    monkeypatch.setattr(parsecache, "parse_documents", lambda text: calls.append(text) or real_parse(text))
    warm = load_paths(["a.yaml"])  # served from the cache: the parser is never called
    assert calls == [] and [d.body for d in warm.documents] == [d.body for d in first.documents]
    (tmp_path / "a.yaml").write_text("a: 2\n")  # same path, new content: a new hash, parsed again
    assert [d.body for d in load_paths(["a.yaml"]).documents] == [{"a": 2}]
    assert calls == ["a: 2\n"]


def test_duplicate_key_errors_survive_the_parse_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("OMEC_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "d.yaml").write_text("x: 1\nx: 2\n")
    cold, warm = load_paths(["d.yaml"]), load_paths(["d.yaml"])
    assert [(d.code, d.line, d.col) for d in cold.diagnostics] == [(d.code, d.line, d.col) for d in warm.diagnostics]
    assert [d.code for d in warm.diagnostics] == [DUPLICATE_KEY.id]


def test_cache_can_be_turned_off(tmp_path, monkeypatch):
    monkeypatch.setenv("OMEC_CACHE_DIR", "off")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.yaml").write_text("a: 1\n")
    assert [d.body for d in load_paths(["a.yaml"]).documents] == [{"a": 1}]
    assert not (tmp_path / "off").exists()


def test_positions_are_cached_by_content_and_give_the_same_answer(tmp_path, monkeypatch):
    import omec.load.locate as locate_module
    from omec.load import load_positions, save_positions

    monkeypatch.setenv("OMEC_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "f.yaml").write_text("a: 1\n---\nspec:\n  engine:\n    runner:\n      - name: x\n        image: y\n")
    loaded = load_paths(["f.yaml"])
    ref = loaded.documents[1].ref
    fields = [("spec", "engine", "runner", 0, "image"), ("spec", "engine", "missing"), (), ("spec", "engine", "runner", 5)]
    cold = Locator(loaded.hashes, load_positions())
    expected = [cold.position(ref, f) for f in fields]
    assert expected == [(7, 9), (4, 3), (3, 1), (5, 5)]
    save_positions({}, cold.new, loaded.hashes.values())
    monkeypatch.setattr(locate_module, "_read", lambda path: (_ for _ in ()).throw(AssertionError("re-read")))
    warm = Locator(loaded.hashes, load_positions())
    assert [warm.position(ref, f) for f in fields] == expected
