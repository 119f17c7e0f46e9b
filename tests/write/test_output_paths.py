"""Output paths never leave the output directory: a namespace or name that is not one plain file name (``..``,
``/``, an absolute path, NUL, an over-long part) is an error diagnostic, and nothing is written, for every sink,
``-j`` and the hard-link path of unchanged files."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from omec.diagnostics import SourceRef
from omec.model import Obj
from omec.render import Manifest, manifest
from omec.write import DirectorySink
from omec.write.paths import NAME_MAX, UnsafePath, check_paths, path_problem
from omec.write.tree import write_files
from tests.conftest import REPO

SERVERLESS = """\
apiVersion: ome.io/v1beta1
kind: InferenceService
metadata:
  name: chat
{namespace}spec:
  model: {{name: qwen2-5-7b-instruct}}
  runtime: {{name: vllm-qwen2-5-7b}}
  engine: {{minReplicas: 0}}
"""  # Serverless: no host name is rendered, so OME's host-name check (OMEC360) does not stop the namespace first


def _everything(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")}


# Linux: a path part is at most NAME_MAX (255) bytes; "/" separates parts, NUL ends the C string; "." and ".."
# are the directory itself and its parent. Backslashes are refused too (a separator on Windows).
@pytest.mark.parametrize("rel", [
    "", "/etc/passwd", "..", "../x.yaml", "a/../../x.yaml", "a/./b.yaml", ".", "a//b.yaml", "a/b/", "a\\b.yaml",
    "a/b\x00c.yaml", "a/" + "x" * (NAME_MAX + 1), "a/" + "é" * 128, "a/\ud800.yaml", "a/" * 2100 + "b",
])
def test_unsafe_relative_paths_are_refused(rel):
    assert path_problem(rel) is not None


@pytest.mark.parametrize("rel", ["ns/chat/deployment-chat-engine.yaml", "omec-index.json", "a/" + "x" * NAME_MAX,
                                 "a/" + "é" * 127, "ns/..chat/.hidden.yaml"])
def test_plain_relative_paths_are_accepted(rel):
    assert path_problem(rel) is None


def test_nothing_of_a_chunk_is_written_when_one_path_is_unsafe(tmp_path):
    staging = tmp_path / "out" / "staging"
    staging.mkdir(parents=True)
    files = {"ns/a/ok.yaml": b"a: 1\n", "../../escaped.yaml": b"b: 2\n", "ns/b/ok.yaml": b"c: 3\n"}
    with pytest.raises(UnsafePath, match=r"\.\./\.\./escaped\.yaml.: it is '\.\.'"):
        write_files(str(staging), files)
    assert _everything(tmp_path) == {"out", "out/staging"}


def test_a_symlink_planted_in_the_staging_tree_is_not_followed(tmp_path):
    staging, outside = tmp_path / "staging", tmp_path / "outside"
    staging.mkdir()
    outside.mkdir()
    (staging / "ns").symlink_to(outside)
    with pytest.raises(UnsafePath, match="symlink"):
        write_files(str(staging), {"ns/chat/x.yaml": b"a: 1\n"})
    assert list(outside.iterdir()) == []


def test_unchanged_files_are_never_linked_through_a_symlinked_directory_of_the_old_output(tmp_path):
    previous, staging, outside = tmp_path / "previous", tmp_path / "staging", tmp_path / "outside"
    (outside / "chat").mkdir(parents=True)
    secret = outside / "chat" / "x.yaml"
    secret.write_bytes(b"a: 1\n")
    previous.mkdir()
    (previous / "ns").symlink_to(outside)  # previous/ns/chat/x.yaml is a file outside the old output
    staging.mkdir()
    assert write_files(str(staging), {"ns/chat/x.yaml": b"a: 1\n"}, str(previous)) == 0
    written = staging / "ns" / "chat" / "x.yaml"
    assert written.read_bytes() == b"a: 1\n" and written.stat().st_ino != secret.stat().st_ino
    assert secret.stat().st_nlink == 1


def test_the_directory_sink_reports_an_unsafe_path_instead_of_raising(tmp_path):
    sink = DirectorySink(str(tmp_path / "out"))
    assert sink.open() == []
    unchanged, problems = sink.write({"/tmp/absolute.yaml": b"a: 1\n"})
    assert unchanged == 0 and [d.code for d in problems] == ["OMEC801"]
    assert "unsafe output path '/tmp/absolute.yaml': it is an absolute path" in problems[0].message
    sink.abort(b"")
    assert list(tmp_path.iterdir()) == []


def _service(namespace: str, name: str, objects: list[tuple[str, str]]) -> tuple[list[Manifest], Obj]:
    body = {"metadata": {"name": name, "namespace": namespace}}
    isvc = Obj("InferenceService", name, namespace, body, SourceRef("isvc.yaml"))
    return [manifest(namespace, name, {"kind": kind, "metadata": {"name": n}}, ()) for kind, n in objects], isvc


@pytest.mark.parametrize("namespace, name, objects, expected", [
    ("team", "chat", [("Service", "chat"), ("Deployment", "chat-engine")], []),
    ("..", "chat", [("Service", "chat"), ("Deployment", "chat-engine")],
     [("the namespace '..' cannot be used below the output directory: it is '..'", ("metadata", "namespace"))]),
    ("team", "a/b", [("Service", "x")],
     [("the name 'a/b' cannot be used below the output directory: it contains a '/'", ("metadata", "name"))]),
    ("team", "chat", [("Service", "ok"), ("Service", "../../x"), ("Service", "y" * 256)], [
        ("the path 'team/chat/service-../../x.yaml' of Service '../../x' cannot be used below the output "
         "directory: it is '..'", ("metadata", "name")),
        (f"the path 'team/chat/service-{'y' * 256}.yaml' of Service '{'y' * 256}' cannot be used below the output "
         "directory: it is 269 bytes long, more than the 255 of a file name", ("metadata", "name"))]),
])
def test_check_paths_reports_the_namespace_the_name_or_each_object(namespace, name, objects, expected):
    manifests, isvc = _service(namespace, name, objects)
    found = check_paths(manifests, isvc)
    assert [(d.message, d.field) for d in found] == expected
    assert all(d.code == "OMEC802" and d.ref == isvc.ref for d in found)


def test_a_namespace_named_like_the_index_file_is_an_error(tmp_path):
    from omec.testing import build

    specs = tmp_path / "specs"
    shutil.copytree(REPO / "examples", specs, ignore=shutil.ignore_patterns("kustomization.yaml", "overlay"))
    (specs / "services" / "hostile.yaml").write_text(SERVERLESS.format(namespace="  namespace: omec-index.json\n"))
    out = build(str(specs))
    # no DNS-1123 label, so the validate stage refuses it first (OMEC181); check_paths (OMEC802, tested below)
    # would refuse it too
    assert [d.code for d in out.errors] == ["OMEC181"] and not out.files


def _build(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "omec", "build", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120, env={**os.environ, "PYTHONPATH": str(REPO)})


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("namespace, flags", [
    ("../../escaped", []),  # climbs out of the staging directory (beside OUT) to beside OUT's parent
    ("ABSOLUTE", []),  # os.path.join drops everything before an absolute part
    (None, ["-n", "../../escaped"]),  # the -n default of a service without a namespace
    (None, ["-n", "ABSOLUTE"]),
])
def test_a_hostile_namespace_is_an_error_and_nothing_is_written_outside_out(tmp_path, namespace, flags, jobs):
    absolute = tmp_path / "absolute"
    work, out = tmp_path / "work", tmp_path / "work" / "deep" / "out"
    shutil.copytree(REPO / "examples", work / "specs", ignore=shutil.ignore_patterns("kustomization.yaml", "overlay"))
    declared = f"  namespace: {namespace}\n".replace("ABSOLUTE", str(absolute)) if namespace else ""
    (work / "specs" / "services" / "hostile.yaml").write_text(SERVERLESS.format(namespace=declared))
    assert _build(work, str(REPO / "examples"), "-o", "deep/out").returncode == 0
    before = {p: (out / p).read_bytes() for p in _everything(out) if (out / p).is_file()}
    proc = _build(work, "specs", "-o", "deep/out", "-j", jobs, *(f.replace("ABSOLUTE", str(absolute)) for f in flags))
    # a namespace is a DNS-1123 label: a spec's is refused by the validate stage (OMEC181, positioned at it), -n's is a
    # usage error; OMEC802 (the write stage's own check, tested above) stands behind both
    assert proc.returncode == (1 if namespace else 2), proc.stderr
    assert "Traceback" not in proc.stderr
    if namespace:
        assert "specs/services/hostile.yaml:5:3: error[OMEC181]" in proc.stderr
    else:
        assert "is not a valid namespace" in proc.stderr
    assert not absolute.exists() and not (work / "escaped").exists()
    assert _everything(tmp_path) == {"work", "work/deep", *(f"work/specs/{p}" for p in _everything(work / "specs")),
                                     "work/specs", *(f"work/deep/out/{p}" for p in _everything(out)), "work/deep/out"}
    assert {p: (out / p).read_bytes() for p in _everything(out) if (out / p).is_file()} == before
