"""Anchors and aliases: a budget per file (aliases used, nodes they add), cycles, nesting depth, and aliases within
the budget read as kubectl reads them (go-yaml v2: merge keys, redefined anchors, every alias its own copy)."""
from __future__ import annotations

import itertools

from click.testing import CliRunner

from omec.cli import cli
from omec.load import YamlLimits, load_texts
from omec.load.codes import ALIAS_BOMB, ALIAS_CYCLE, BAD_VALUE, DUPLICATE_KEY, TOO_DEEP
from omec.options import Options
from omec.testing import build
from tests.load.conftest import ISVC, deadline, run_omec

CYCLE = ISVC + "spec: &a\n  model: *a\n"


def laughs(levels: int = 9) -> str:
    """The "billion laughs": each level a list of nine aliases of the one above (9**levels strings)."""
    lines = ["apiVersion: v1", "kind: ConfigMap", "metadata: {name: lol}", "data:",
             '  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for above, name in itertools.pairwise("abcdefghijklmnop"[:levels]):
        lines.append(f"  {name}: &{name} [" + ",".join([f"*{above}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def position_of(text: str, needle: str) -> tuple[int, int]:
    offset = text.index(needle)
    return text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)


def test_a_cyclic_alias_is_an_error_at_the_alias():
    result = load_texts({"isvc.yaml": CYCLE})
    [diag] = result.diagnostics
    assert (diag.code, diag.line, diag.col) == (ALIAS_CYCLE.id, 5, 10)
    assert "*a" in diag.message and "contains itself" in diag.message
    assert result.documents == []


def test_a_cyclic_alias_does_not_hang_a_build(tmp_path):
    (tmp_path / "isvc.yaml").write_text(CYCLE)
    done = run_omec("build", "isvc.yaml", "-o", "out", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert f"isvc.yaml:5:10: error[{ALIAS_CYCLE.id}]" in done.stderr


def test_billion_laughs_stops_at_the_node_budget_where_it_is_crossed():
    text = laughs()
    with deadline(10):
        result = load_texts({"lol.yaml": text})
    [diag] = result.diagnostics
    # Aliases of levels b-f add 672,588 nodes; the first *f of level g (597,871 more) crosses 1,000,000.
    assert (diag.code, diag.line, diag.col) == (ALIAS_BOMB.id, *position_of(text, "*f,*f,*f,*f,*f,*f,*f,*f,*f"))
    assert "1,000,000 nodes" in diag.message and "--max-yaml-nodes" in diag.message
    assert result.documents == []


def test_billion_laughs_fails_a_build_fast_and_small(tmp_path):
    (tmp_path / "lol.yaml").write_text(laughs())
    done = run_omec("validate", "lol.yaml", cwd=tmp_path, timeout=30, memory=1 << 30)
    assert done.returncode == 1, done.stderr
    assert f"error[{ALIAS_BOMB.id}]" in done.stderr


def test_the_budgets_are_per_file_options():
    text = laughs(4)  # 27 aliases adding 90 + 819 + 7,380 = 8,289 nodes
    assert load_texts({"f.yaml": text}).diagnostics == []
    assert load_texts({"f.yaml": text}, YamlLimits(aliases=27, nodes=8_289)).diagnostics == []
    [too_many] = load_texts({"f.yaml": text}, YamlLimits(aliases=26)).diagnostics
    assert too_many.code == ALIAS_BOMB.id and "more than 26 aliases" in too_many.message
    [too_large] = load_texts({"f.yaml": text}, YamlLimits(nodes=8_288)).diagnostics
    assert too_large.code == ALIAS_BOMB.id and "more than 8,288 nodes" in too_large.message
    assert [d.code for d in build(texts={"f.yaml": text}, options=Options(max_yaml_aliases=26)).diagnostics] == [
        ALIAS_BOMB.id]


def test_the_budget_options_on_the_command_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("OMEC_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "lol.yaml").write_text(laughs(4))
    for args, status in (([], 0), (["--max-yaml-aliases", "26"], 1), (["--max-yaml-nodes", "8288"], 1),
                         (["--max-yaml-aliases", "27", "--max-yaml-nodes", "8289"], 0)):
        result = CliRunner().invoke(cli, ["validate", "lol.yaml", *args])
        assert result.exit_code == status, (args, result.output)
    # Files with anchors are never served from the parse cache: a run with a smaller budget still refuses them.
    assert CliRunner().invoke(cli, ["validate", "lol.yaml", "--max-yaml-nodes", "10"]).exit_code == 1


def test_aliases_expand_to_independent_copies():
    [document] = load_texts({"f.yaml": "a: &x {k: [1, {v: 2}]}\nb: *x\nc: [*x]\n"}).documents
    body = document.body
    assert body["a"] == body["b"] == body["c"][0] == {"k": [1, {"v": 2}]}
    assert body["a"] is not body["b"] and body["a"]["k"][1] is not body["c"][0]["k"][1]


def test_an_anchor_may_be_defined_again_as_kubectl_allows():
    # kubectl: {"a": "one", "b": "two", "c": "two"} (the latest definition; YAML 1.2 says the same)
    [document] = load_texts({"f.yaml": "a: &x one\nb: &x two\nc: *x\n"}).documents
    assert document.body == {"a": "one", "b": "two", "c": "two"}


def test_merge_keys_as_kubectl_reads_them():
    # Recorded from kubectl: a merge sets its keys where it stands, the first mapping of a list wins, a later key
    # overrides a merged one.
    assert load_texts({"f.yaml": "m:\n  <<: {a: 2, c: 3}\n  a: 1\n"}).documents[0].body == {"m": {"a": 1, "c": 3}}
    merged = load_texts({"f.yaml": "m:\n  <<: [{a: 2, d: 1}, {a: 3, d: 2, e: 5}]\n  a: 1\n"}).documents[0].body
    assert merged == {"m": {"a": 1, "d": 1, "e": 5}}
    base = "b: &x {a: 2, c: 3}\n"
    assert load_texts({"f.yaml": base + "m:\n  <<: *x\n  c: 4\n"}).documents[0].body["m"] == {"a": 2, "c": 4}


def test_a_merge_overriding_a_key_written_before_it_is_a_duplicate():
    # kubectl keeps the merged value (a: 2), YAML's merge rule the written one: reported, positioned at the <<.
    result = load_texts({"f.yaml": "b: &x {a: 2, c: 3}\nm:\n  a: 1\n  <<: *x\n"})
    [diag] = result.diagnostics
    assert (diag.code, diag.line, diag.col) == (DUPLICATE_KEY.id, 4, 3) and '"a"' in diag.message


def test_a_merge_of_something_else_than_mappings_is_rejected():
    [diag] = load_texts({"f.yaml": "m:\n  <<: 5\n"}).diagnostics
    assert (diag.code, diag.line, diag.col) == (BAD_VALUE.id, 2, 7)
    assert "map merge requires map or sequence of maps as the value" in diag.message


def nested(depth: int, leaf: str = "1") -> str:
    return "[" * depth + leaf + "]" * depth


def test_collections_nest_at_most_100_levels():
    assert load_texts({"f.yaml": f"a: {nested(99)}\n"}).diagnostics == []
    result = load_texts({"f.yaml": f"a: {nested(100)}\n---\nb: 1\n"})
    [diag] = result.diagnostics
    assert (diag.code, diag.ref.index, diag.line, diag.col) == (TOO_DEEP.id, 0, 1, 103)  # the 101st collection
    assert [d.body for d in result.documents] == [{"b": 1}]  # the other documents are read


def test_nesting_counts_the_expansion_of_aliases():
    text = f"a: &x {nested(60)}\nb: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[*x]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n"
    [diag] = load_texts({"f.yaml": text}).diagnostics
    assert (diag.code, diag.line, diag.col) == (TOO_DEEP.id, *position_of(text, "*x"))


def test_deep_nesting_is_an_error_not_a_crash(tmp_path, base_catalog):
    # 990 levels: below libyaml's own limit (1,000), deep enough to exhaust Python's recursion in the schema check.
    (tmp_path / "isvc.yaml").write_text(ISVC + f"spec:\n  model: {{name: llama}}\n  engine: {{args: {nested(990)}}}\n")
    done = run_omec("validate", str(base_catalog), "isvc.yaml", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    # spec.engine.args is the 4th level: the 101st is its 98th bracket
    assert f"isvc.yaml:6:{len('  engine: {args: ') + 98}: error[{TOO_DEEP.id}]" in done.stderr


DEEP_MODEL = """\
apiVersion: ome.io/v1beta1
kind: BaseModel
metadata: {name: llama, namespace: team}
spec:
  vendor: meta
  modelFormat: {name: safetensors, version: "1.0.0"}
  modelFramework: {name: transformers, version: "4.43.1"}
  modelArchitecture: LlamaForCausalLM
  modelParameterSize: 8B
  storage: {storageUri: "hf://meta-llama/Llama-3.1-8B-Instruct", path: /mnt/models/llama}
"""


def test_documents_at_the_depth_limit_go_through_whole_runs(tmp_path, base_catalog):
    # Free-form fields the schemas accept (a BaseModel's modelConfiguration, status) nested 100 levels: the document,
    # spec, modelConfiguration, 96 lists and the innermost mapping; the document, status, 97 lists, the mapping.
    model = DEEP_MODEL + f"  modelConfiguration: {{deep: {nested(96, 'x: 1')}}}\n"
    isvc = ISVC + f"spec:\n  model: {{name: llama}}\n  engine: {{}}\nstatus: {{deep: {nested(97, 'x: 1')}}}\n"
    (tmp_path / "specs.yaml").write_text(model + "---\n" + isvc)
    for cache in ("off", str(tmp_path / "cache"), str(tmp_path / "cache")):  # no cache, cold, warm
        done = run_omec("build", str(base_catalog), "specs.yaml", "-o", "out", cwd=tmp_path, cache=cache)
        assert done.returncode == 0 and TOO_DEEP.id not in done.stderr, done.stderr
