"""The IO + parse floor of one omec run, as its own process (performance.md, "floor" rows).

``python bench/floor.py INPUT_DIR PLAN OUT_DIR`` reads every ``*.yaml``/``*.yml`` under INPUT_DIR, parses
each with PyYAML's ``CSafeLoader`` and writes the files listed in PLAN (JSON ``[[relative path, size], ...]``,
taken from omec's output for the same workload) into OUT_DIR, which must not exist: same number of files,
same directories, same bytes. Only the standard library and PyYAML are imported, so the process costs what
any Python compiler of these inputs must pay at least.
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import yaml

YAML_SUFFIXES = (".yaml", ".yml")


def input_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.suffix in YAML_SUFFIXES and p.is_file())


def parse_all(root: Path) -> int:
    """Parse every document of every input file; return the document count."""
    documents = 0
    for path in input_files(root):
        documents += sum(1 for _ in yaml.load_all(path.read_bytes(), Loader=yaml.CSafeLoader))
    return documents


def output_plan(root: Path) -> list:
    """``[[relative path, size], ...]`` of every file under ``root`` (an omec output directory), sorted."""
    return [[p.relative_to(root).as_posix(), p.stat().st_size] for p in sorted(root.rglob("*")) if p.is_file()]


def write_plan(plan: list, out_dir: Path) -> int:
    """Write ``size`` bytes to every planned path under the fresh ``out_dir``; return the bytes written."""
    out_dir.mkdir(parents=True)
    payload = b"#" * max((size for _, size in plan), default=0)
    made: set[str] = set()
    total = 0
    for relative, size in plan:
        parent = os.path.dirname(relative)
        if parent and parent not in made:
            (out_dir / parent).mkdir(parents=True, exist_ok=True)
            made.add(parent)
        with open(out_dir / relative, "wb") as handle:
            total += handle.write(payload[:size])
    return total


def main(argv: list[str]) -> int:
    input_dir, plan_path, out_dir = (Path(arg) for arg in argv)
    parse_all(input_dir)
    write_plan(json.loads(plan_path.read_text()), out_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
