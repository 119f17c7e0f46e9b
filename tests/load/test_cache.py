"""Cache files (omec/load/cache.py): the header and checksum, verification on read (every corruption kind reads as
"nothing stored", never as a wrong value), and how files are written (temporary file, fsync, rename)."""
from __future__ import annotations

import importlib.util
import marshal
import os
import struct
import threading

import pytest
import yaml

from omec import __version__
from omec.load import cache as cache_module
from omec.load import parsecache
from omec.load.cache import HEADER, Cache
from omec.validate import schemas as input_schemas

NAME = "thing.marshal"
VALUE = {"key": "value", "list": [1, 2.5, None, True, b"\x00\xff"], "nested": {"a": ("b", 3)}}


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Cache:
    monkeypatch.setenv("OMEC_CACHE_DIR", str(tmp_path / "cache"))
    opened = Cache.open("part")
    assert opened is not None
    return opened


def test_a_value_round_trips_behind_a_header_naming_format_omec_and_python(cache):
    cache.write(NAME, VALUE)
    assert cache.read(NAME) == VALUE
    data = (cache.folder / NAME).read_bytes()
    assert data.startswith(f"omec-cache 1 {__version__} {importlib.util.MAGIC_NUMBER.hex()}\n".encode())
    assert sorted(p.name for p in cache.folder.iterdir()) == [NAME]  # the temporary file was renamed
    assert cache.read("never-written.marshal") is None


def _flip(data: bytes, at: int) -> bytes:
    return data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1:]


def _other_header(old: bytes, new: bytes):
    return lambda data: data.replace(HEADER, HEADER.replace(old, new), 1)


CORRUPTIONS = {
    # damaged files: a crash or a full disk elsewhere, a bad sector, a copy that stopped half way
    "empty": lambda data: b"",
    "cut in the header": lambda data: data[:7],
    "cut in the checksum": lambda data: data[:len(HEADER) + 5],
    "cut by one byte": lambda data: data[:-1],
    "cut in half": lambda data: data[:len(data) // 2],
    "one more byte": lambda data: data + b"\x00",
    # marshal decodes this one quietly as {"key": "valuf", ...}: a wrong value, not an error
    "a payload byte changed": lambda data: data.replace(b"value", b"valuf", 1),
    "a checksum byte changed": lambda data: _flip(data, len(HEADER)),
    # whole files written by someone else
    "another omec version": _other_header(__version__.encode(), b"0.0.1"),
    "another cache format": _other_header(b"omec-cache 1 ", b"omec-cache 2 "),
    "another Python": _other_header(importlib.util.MAGIC_NUMBER.hex().encode(), b"00000000"),
    "omec 0.1.0's headerless marshal": lambda data: marshal.dumps({**VALUE, "key": "stale"}),
    # marshal would allocate and zero a 2**31-item tuple (many GB, seconds to minutes) before failing
    "a marshal length bomb": lambda data: b"(" + struct.pack("<i", 0x7FFFFFFF),
    "a text file": lambda data: b"omec-cache is not this\n",
    "random bytes": lambda data: bytes(range(256)) * 8,
}


@pytest.mark.parametrize("corrupt", CORRUPTIONS.values(), ids=CORRUPTIONS.keys())
def test_a_file_failing_verification_reads_as_nothing_and_is_rebuilt(cache, corrupt):
    cache.write(NAME, VALUE)
    path = cache.folder / NAME
    path.write_bytes(corrupt(path.read_bytes()))
    assert cache.read(NAME) is None
    cache.write(NAME, VALUE)
    assert cache.read(NAME) == VALUE


def test_a_whole_file_under_another_name_is_refused(cache):
    """The checksum covers the file's name: a valid file copied or renamed (another pack, another schema set's
    memo) is not taken for the one it replaces."""
    cache.write(NAME, VALUE)
    (cache.folder / "other.marshal").write_bytes((cache.folder / NAME).read_bytes())
    assert cache.read("other.marshal") is None
    other_part = Cache.open("other-part")
    assert other_part is not None
    (other_part.folder / NAME).write_bytes((cache.folder / NAME).read_bytes())
    assert other_part.read(NAME) is None


def test_a_fifo_or_a_directory_in_place_of_a_file_is_ignored_without_blocking(cache):
    os.mkfifo(cache.folder / NAME)  # opening a FIFO for reading waits for a writer: a hung run
    result: list = []
    reader = threading.Thread(target=lambda: result.append(cache.read(NAME)), daemon=True)
    reader.start()
    reader.join(10)
    assert result == [None]
    (cache.folder / NAME).unlink()
    (cache.folder / NAME).mkdir()
    assert cache.read(NAME) is None
    cache.write(NAME, VALUE)  # cannot replace a directory: skipped, no temporary file left
    assert sorted(p.name for p in cache.folder.iterdir()) == [NAME]


def test_a_planted_link_at_a_predictable_temporary_name_is_never_written_through(cache, tmp_path):
    victim = tmp_path / "victim"
    victim.write_text("precious\n")
    for pid in {os.getpid(), 1}:  # the old name was .<name>.<pid>.tmp
        os.symlink(victim, cache.folder / f".{NAME}.{pid}.tmp")
    cache.write(NAME, VALUE)
    assert victim.read_text() == "precious\n"
    assert cache.read(NAME) == VALUE


def test_data_is_synced_before_the_rename(cache, monkeypatch):
    calls: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(os, "fsync", lambda fd: calls.append("fsync") or real_fsync(fd))
    monkeypatch.setattr(os, "replace", lambda a, b: calls.append("rename") or real_replace(a, b))
    cache.write(NAME, VALUE)
    assert calls == ["fsync", "rename"]


@pytest.mark.parametrize("failing", ["write", "fsync", "rename"])
def test_a_full_disk_leaves_the_old_file_whole_and_no_temporary_file(cache, monkeypatch, failing):
    cache.write(NAME, VALUE)

    def enospc(*args):
        raise OSError(28, "No space left on device")

    if failing == "write":
        real_fdopen = os.fdopen

        def fdopen(fd, mode):
            handle = real_fdopen(fd, mode)
            handle.write(b"x" * 10)  # a partial write first, as on a filling disk
            monkeypatch.setattr(handle, "write", enospc)
            return handle

        monkeypatch.setattr(cache_module.os, "fdopen", fdopen)
    else:
        monkeypatch.setattr(cache_module.os, {"fsync": "fsync", "rename": "replace"}[failing], enospc)
    cache.write(NAME, {"new": "value"})
    assert cache.read(NAME) == VALUE
    assert sorted(p.name for p in cache.folder.iterdir()) == [NAME]


def test_unmarshallable_values_are_not_stored(cache):
    cache.write(NAME, {"a": object()})
    assert cache.read(NAME) is None
    assert list(cache.folder.iterdir()) == []


def test_parsed_inputs_positions_and_valid_input_memos_are_named_after_the_parser(monkeypatch):
    """The same bytes give the same documents only with the same parser: another PyYAML (or a development
    checkout of omec's YAML code under the same version) must not reuse entries made by this one."""
    assert parsecache.PACK.endswith(f"-{parsecache.PARSER}.marshal")
    assert parsecache.POSITIONS.endswith(f"-{parsecache.PARSER}.marshal")
    memo_name = input_schemas._ValidInputs(None, "schemas")._name
    monkeypatch.setattr(yaml, "__version__", "5.4.1")
    assert parsecache._parser_fingerprint() != parsecache.PARSER
    monkeypatch.setattr(input_schemas, "PARSER", parsecache._parser_fingerprint())
    assert input_schemas._ValidInputs(None, "schemas")._name != memo_name


def test_the_parser_fingerprint_covers_every_module_the_parser_uses():
    """Parsed documents in the cache depend on the code that parses: every omec.load module the parser imports (and
    the position walker) is hashed into the pack names, so a change to any of them never reuses old entries."""
    import ast
    import inspect
    from pathlib import Path

    from omec.load import parsecache

    source = inspect.getsource(parsecache._parser_fingerprint)
    hashed = set(ast.literal_eval(source.split("for module in ", 1)[1].split(":", 1)[0]))
    load_dir = Path(parsecache.__file__).parent
    needed, todo = set(), ["yamlfile.py", "locate.py"]
    while todo:
        name = todo.pop()
        needed.add(name)
        for node in ast.walk(ast.parse((load_dir / name).read_text())):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("omec.load."):
                module = node.module.rsplit(".", 1)[1] + ".py"
                if module not in needed and module not in ("files.py", "parsecache.py", "cache.py", "codes.py"):
                    todo.append(module)
    assert needed <= hashed
