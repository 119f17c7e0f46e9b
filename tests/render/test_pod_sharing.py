"""Services built from the same inputs share one pod spec (build_pod memo, shared-pod validation and text
caches). Sharing must never change a byte: a fleet built with sharing equals the same fleet built service by
service with every cache emptied in between, and services that share really get one dict."""
from __future__ import annotations

from bench.workload import write_workload
from omec.options import Options
from omec.pipeline import compile_service, read_inputs, start
from omec.render import shared_objects
from omec.write.serialize import SharedText, dump

SHARING_CACHES = ("pods", "checks")


def _build(paths, isolated: bool) -> tuple[dict, list]:
    session, _ = start(read_inputs(paths, Options()))
    text = SharedText(shared_objects(session.catalog))
    files, diags = {}, []
    for isvc in session.catalog.services:
        if isolated:
            for cache in SHARING_CACHES:
                session.catalog.derived.pop(cache, None)
            text = SharedText(shared_objects(session.catalog))
        service = compile_service(session, isvc)
        diags += [(d.code, d.message) for d in service.diagnostics]
        files.update({m.path: dump(m.body, text) for m in service.manifests})
    return files, diags


def test_sharing_changes_nothing_and_pods_are_shared(tmp_path):
    write_workload(tmp_path, 120, 7)  # seeded synthetic fleet: many services per (runtime, model)
    shared_files, shared_diags = _build([str(tmp_path)], isolated=False)
    alone_files, alone_diags = _build([str(tmp_path)], isolated=True)
    assert shared_files == alone_files
    assert sorted(shared_diags) == sorted(alone_diags)

    session, _ = start(read_inputs([str(tmp_path)], Options()))
    specs = [compile_service(session, isvc).manifests for isvc in session.catalog.services]
    engine_pods = [m.body["spec"]["template"]["spec"] for ms in specs for m in ms
                   if m.kind == "Deployment" and m.name.endswith("-engine")]
    assert len({id(p) for p in engine_pods}) < len(engine_pods)  # some services really share a pod spec
    router_pods = [(m.isvc, m.body["spec"]["template"]["spec"]) for ms in specs for m in ms
                   if m.kind == "Deployment" and m.name.endswith("-router")]
    assert all(pod["serviceAccountName"] == f"{isvc}-router" for isvc, pod in router_pods)
    assert len({id(p) for _, p in router_pods}) == len(router_pods)  # each router has its own service account
    containers = [id(pod["containers"]) for _, pod in router_pods]
    assert len(set(containers)) < len(containers)  # ... on top of a pod shared with other routers
