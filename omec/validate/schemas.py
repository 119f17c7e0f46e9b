"""Schema check of the OME input documents (our schemas in ``schemas/ome``), with each kind of violation under its
own code, and a memory of the documents found valid in the last run (same bytes, same schemas: same answer)."""
from __future__ import annotations

import hashlib

from omec.diagnostics import Code, Diagnostic, SourceRef
from omec.load.cache import Cache
from omec.load.parsecache import PARSER
from omec.schema import SchemaError, SchemaSet
from omec.schema.messages import MISSING_FIELD, UNKNOWN_FIELD, VALUE_NOT_ALLOWED, WRONG_TYPE
from omec.validate.codes import (
    SCHEMA_MISSING_FIELD,
    SCHEMA_UNKNOWN_FIELD,
    SCHEMA_VALUE_NOT_ALLOWED,
    SCHEMA_WRONG_TYPE,
)

_CODES: dict[str, Code] = {
    WRONG_TYPE: SCHEMA_WRONG_TYPE,
    UNKNOWN_FIELD: SCHEMA_UNKNOWN_FIELD,
    MISSING_FIELD: SCHEMA_MISSING_FIELD,
    VALUE_NOT_ALLOWED: SCHEMA_VALUE_NOT_ALLOWED,
}


class InputChecker:
    """Checks OME documents against the input schema of their kind."""

    def __init__(self, schemas: SchemaSet, cache: Cache | None = None) -> None:
        self.schemas = schemas
        self._valid = _ValidInputs(cache, schemas.key_base)

    def check(self, kind: str, body: dict, ref: SourceRef, digest: bytes | None = None) -> list[Diagnostic]:
        """Diagnostics for one OME document; [] when it is valid.

        ``digest`` (the content hash of its file) lets a document found valid in an earlier run with the same
        schemas skip the check: the same bytes parse to the same document.
        """
        key = self.schemas.input_kind(kind)
        if key is None:  # only the OME kinds omec compiles reach here, and each has a schema in schemas/ome
            raise SchemaError(f"no input schema for kind {kind!r} (known: {', '.join(self.schemas.input_kinds())})")
        memo = (digest, ref.index, kind) if digest is not None else None
        if self._valid.seen(memo) or self.schemas.is_valid(*key, body):
            self._valid.add(memo)
            return []
        return [_CODES[p.kind].at(p.message, ref, p.path, hint=p.hint) for p in self.schemas.problems(*key, body)]

    def save(self) -> None:
        """Keep this run's valid input documents for the next run."""
        self._valid.save()


class _ValidInputs:
    """(file content hash, document index, kind) of the input documents found valid, per set of schemas and parser
    (the same bytes parse to the same document only with the same parser); the cache keeps the documents of the
    last run only (bounded), and only valid ones (errors re-validate)."""

    def __init__(self, cache: Cache | None, key_base: str) -> None:
        self._cache = cache
        self._name = f"valid-inputs-{hashlib.sha256((key_base + PARSER).encode()).hexdigest()[:32]}.marshal"
        stored = cache.read(self._name) if cache is not None else None
        self._old: set = set()
        if isinstance(stored, list) and all(type(entry) is tuple for entry in stored):
            self._old = set(stored)
        self._now: set = set()

    def seen(self, memo: tuple | None) -> bool:
        return memo is not None and memo in self._old

    def add(self, memo: tuple | None) -> None:
        if memo is not None:
            self._now.add(memo)

    def save(self) -> None:
        if self._cache is not None and self._now != self._old:
            self._cache.write(self._name, sorted(self._now))
