"""What one run computes once and shares between InferenceServices: one object, owned by the run.

Fleets repeat themselves: services pinned to the same runtime and model get the same pods, namespaces without
ServingRuntimes evaluate the same runtime pool. :class:`Shared` holds every such table, each named for what it
keeps; stages receive it from the run and never keep module-level state. ``Shared(enabled=False)`` is the
no-sharing variant: every table computes every time, which must give byte-identical output (tested).

Two kinds of table:

* :class:`Table`, keyed by value: the key must be hashable and hold every input of the computation.
* :class:`IdentityTable`, keyed by an object's identity, for results about objects that are themselves shared
  (a pod spec dict several Deployments hold). It keeps the object alive beside its value, so the ``id()`` in the
  key can never be reused by another object while the run lasts.
"""
from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

V = TypeVar("V")
_MISSING: Any = object()


class Table(Generic[V]):
    """Values computed once per (hashable) key."""

    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled
        self._values: dict[Hashable, V] = {}

    def get(self, key: Hashable, make: Callable[[], V]) -> V:
        if not self.enabled:
            return make()
        value = self._values.get(key, _MISSING)
        if value is _MISSING:
            value = self._values[key] = make()
        return value

    def __len__(self) -> int:
        return len(self._values)


class IdentityTable(Generic[V]):
    """Values computed once per object (by identity) and extra hashable key parts."""

    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled
        self._values: dict[tuple, tuple[object, V]] = {}

    def get(self, obj: object, make: Callable[[], V], *key: Hashable) -> V:
        if not self.enabled:
            return make()
        full_key = (id(obj), *key)
        hit = self._values.get(full_key)
        if hit is not None and hit[0] is obj:
            return hit[1]
        value = make()
        self._values[full_key] = (obj, value)
        return value

    def add(self, obj: object, value: V, *key: Hashable) -> None:
        if self.enabled:
            full_key = (id(obj), *key)
            self._values[full_key] = (obj, value)

    def lookup(self, obj: object, *key: Hashable) -> V | None:
        hit = self._values.get((id(obj), *key))
        return hit[1] if hit is not None and hit[0] is obj else None

    def __len__(self) -> int:
        return len(self._values)


class Shared:
    """The run's sharing object (see the module docstring). Tables by stage:

    resolve: ``pools`` (runtime views per namespace), ``verdicts`` (runtime x model compatibility), ``selections``
    (auto-selection per pool, model and accelerator needs), ``runtime_lints``;
    render: ``pods`` (:class:`omec.render.pod.PodInputs` -> pod), ``workload_pods`` (pod -> pod with workload
    defaults); check: ``pod_variables`` ($(VAR) findings per pod spec), ``valid_parts`` (pod specs and lists already
    found schema-valid); write: ``serialized`` (objects emitted by
    several documents, whose YAML text is rendered once per indentation, and that text).
    """

    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled
        self.pools: Table[Any] = Table(enabled)
        self.verdicts: Table[Any] = Table(enabled)
        self.selections: Table[Any] = Table(enabled)
        self.runtime_lints: Table[Any] = Table(enabled)
        self.pods: Table[Any] = Table(enabled)
        self.workload_pods: IdentityTable[Any] = IdentityTable(enabled)
        self.pod_variables: IdentityTable[Any] = IdentityTable(enabled)
        self.valid_parts: IdentityTable[bool] = IdentityTable(enabled)
        self.serialized: dict[int, object] = {}  # id -> object emitted by several documents (kept alive)
        self.texts: dict[tuple[int, str], str] = {}  # (id, indentation) -> YAML text of a serialized object

    def emitted_by_many(self, obj: dict | list) -> None:
        """Mark ``obj`` (never mutated afterwards) as part of several emitted documents: the serializer renders its
        text once per indentation."""
        if self.enabled:
            self.serialized[id(obj)] = obj


NO_SHARING = Shared(enabled=False)  # stateless: nothing is ever stored in it
