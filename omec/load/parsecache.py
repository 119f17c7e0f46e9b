"""A cache of parsed input files, keyed by the hash of their bytes (so it can never be stale).

One ``marshal`` pack per cache directory holds {content hash: (documents, duplicate keys)}. A warm run
reuses every unchanged file; the pack is rewritten only when this run parsed something new, keeping just the
files of this run (runs on other trees sharing the cache directory drop each other's entries: lost entries are
parsed again, an entry is never wrong since its key is the hash of the very bytes parsed). Files with YAML
syntax errors are never cached (they are re-parsed to report the error).
"""
from __future__ import annotations

import contextlib
import hashlib
from pathlib import Path

import yaml

from omec import __version__
from omec.load.cache import Cache
from omec.load.yamlfile import DuplicateKey, ParsedFile, parse_documents


def _parser_fingerprint() -> str:
    """What parsed documents and position tables depend on besides the bytes: PyYAML, libyaml and the code of omec
    that drives them (which a development checkout changes without a new version). The packs are named after it,
    so entries made by another parser are never reused; the valid-input memos include it too."""
    libyaml = getattr(getattr(yaml, "_yaml", None), "get_version_string", lambda: "none")()
    digest = hashlib.blake2b(f"{yaml.__version__} {libyaml}".encode(), digest_size=8)
    for module in ("yamlfile.py", "scalars.py", "compose.py", "locate.py"):
        with contextlib.suppress(OSError):
            digest.update(Path(__file__).with_name(module).read_bytes())
    return digest.hexdigest()


PARSER = _parser_fingerprint()
PACK = f"parsed-{__version__}-{PARSER}.marshal"
POSITIONS = f"positions-{__version__}-{PARSER}.marshal"


def content_digest(raw: bytes) -> bytes:
    return hashlib.blake2b(raw, digest_size=16).digest()


def _read_pack(cache: Cache | None, name: str) -> dict:
    value = cache.read(name) if cache is not None else None
    return value if isinstance(value, dict) else {}


def load_positions() -> dict:
    """Position tables of files located before (content hash -> one table per document)."""
    return _read_pack(Cache.open("inputs"), POSITIONS)


def save_positions(known: dict, new: dict, digests) -> None:
    """Add this run's new tables; keep only the files of this run (bounded size)."""
    cache = Cache.open("inputs")
    if cache is None or not new:
        return
    keep = set(digests)
    merged = {d: t for d, t in known.items() if d in keep}
    merged.update(new)
    cache.write(POSITIONS, merged)


class ParseCache:
    def __init__(self) -> None:
        self._cache = Cache.open("inputs")
        self._old: dict = _read_pack(self._cache, PACK)
        self._new: dict = {}
        self._parsed_any = False

    def parse(self, key: bytes, text: str) -> ParsedFile:
        """Parsed documents of a file with content hash ``key``; raises YamlSyntaxError like the parser."""
        entry = self._new.get(key) or self._old.get(key)
        if entry is None:
            parsed = parse_documents(text)
            entry = (parsed.documents, [(i, d.key, d.line, d.col) for i, d in parsed.duplicates])
            self._parsed_any = True
        self._new[key] = entry
        documents, duplicates = entry
        return ParsedFile(documents, [(i, DuplicateKey(k, line, col)) for i, k, line, col in duplicates])

    def save(self) -> None:
        if self._cache is not None and (self._parsed_any or len(self._new) != len(self._old)):
            self._cache.write(PACK, self._new)
