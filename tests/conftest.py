"""Shared fixtures: snapshot extensions and the location of ../shared (tests skip when it is absent)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus" / "ome" / "config"


def require_shared(path: Path = CORPUS) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is absent: the shared OME corpus/specs are not checked out beside the repo")
    return path


class JsonSnapshot(SingleFileSnapshotExtension):
    file_extension = "json"
    _write_mode = WriteMode.TEXT

    def serialize(self, data, **kwargs):
        return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


class TextSnapshot(SingleFileSnapshotExtension):
    file_extension = "txt"
    _write_mode = WriteMode.TEXT

    def serialize(self, data, **kwargs):
        return data if data.endswith("\n") else data + "\n"


@pytest.fixture
def snapshot_yaml(omec_snapshot):
    """omec's own snapshot extension (omec.testing.snapshot, the pytest plugin users get)."""
    return omec_snapshot


@pytest.fixture
def snapshot_json(snapshot):
    return snapshot.use_extension(JsonSnapshot)


@pytest.fixture
def snapshot_text(snapshot):
    return snapshot.use_extension(TextSnapshot)


@pytest.fixture(autouse=True, scope="session")
def _isolated_schema_cache(tmp_path_factory):
    """Compiled validators go to a per-session temp dir, never to the developer's ~/.cache."""
    import os

    previous = os.environ.get("OMEC_CACHE_DIR")
    os.environ["OMEC_CACHE_DIR"] = str(tmp_path_factory.mktemp("omec-cache"))
    yield
    if previous is None:
        os.environ.pop("OMEC_CACHE_DIR", None)
    else:
        os.environ["OMEC_CACHE_DIR"] = previous
