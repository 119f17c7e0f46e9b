"""The run's sharing object (omec.memo.Shared) may change how much is computed, never a byte: the examples, the
OME corpus and a synthetic fleet built with sharing and with ``Shared(enabled=False)`` (every pod, verdict, check
and text computed per service) give the same files and the same diagnostics; and sharing really shares."""
from __future__ import annotations

import pytest

from bench.workload import write_workload
from omec.memo import Shared
from omec.options import Options
from omec.render import pod
from omec.testing import build
from tests.conftest import CORPUS, REPO, require_shared


def _both(*paths: str, options: Options, **sources) -> tuple:
    with_sharing = build(*paths, options=options, shared=Shared(), partial=True, **sources)
    without = build(*paths, options=options, shared=Shared(enabled=False), partial=True, **sources)
    return with_sharing, without


def _fleet(tmp_path_factory) -> str:
    root = tmp_path_factory.mktemp("fleet")
    write_workload(root, 120, 7)  # seeded synthetic fleet: many services per (runtime, model)
    return str(root)


def _corpus() -> tuple[str, ...]:
    root = require_shared(CORPUS)
    return (str(root / "runtimes"), str(root / "models"), str(root / "samples" / "isvc"))


@pytest.mark.parametrize("tree", ["examples", "corpus", "fleet"])
def test_sharing_changes_no_byte(tree, tmp_path_factory, monkeypatch):
    monkeypatch.chdir(REPO)
    options = Options(last_file_wins=True)
    sources = {"model_metadata": "examples/model-metadata/ome-corpus.yaml"} if tree == "corpus" else {}
    paths = {"examples": lambda: ("examples",), "corpus": _corpus, "fleet": lambda: (_fleet(tmp_path_factory),)}
    shared, alone = _both(*paths[tree](), options=options, **sources)
    assert len(shared.files) > 40
    assert shared.files == alone.files
    assert [d.to_dict() for d in shared.diagnostics] == [d.to_dict() for d in alone.diagnostics]


def test_services_with_equal_inputs_share_one_pod_build(tmp_path_factory, monkeypatch):
    calls = []
    original = pod.build_pod
    monkeypatch.setattr(pod, "build_pod", lambda inputs: calls.append(inputs) or original(inputs))
    fleet = _fleet(tmp_path_factory)
    build(fleet, shared=Shared())
    shared_builds = list(calls)
    calls.clear()
    out = build(fleet, shared=Shared(enabled=False))
    assert len(shared_builds) < len(calls)  # some services reuse a pod built for another
    assert len(shared_builds) == len(set(shared_builds)) == len(set(calls))  # each distinct pod is built once
    routers = {path: body for path, body in out.objects().items()
               if body["kind"] == "Deployment" and body["metadata"]["name"].endswith("-router")}
    assert routers and all(  # a router pod is a shared pod plus the router's own service account
        body["spec"]["template"]["spec"]["serviceAccountName"] == body["metadata"]["name"] for body in routers.values())
