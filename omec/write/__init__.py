"""WRITE stage: serialize objects (one canonical YAML form), the index, and the sinks that publish them.

Only this package (and ``omec.load``) touches the filesystem. A directory ``OUT`` is owned by omec: it is rebuilt
in a sibling temporary directory and swapped in atomically, so after any error or crash the previous ``OUT`` is
intact and no half-written file is visible. Files whose bytes did not change are carried over (hard links).
"""
from omec.write.drift import CheckSink, Drift
from omec.write.index import INDEX_FILE
from omec.write.kustomization import KUSTOMIZATION_FILE
from omec.write.sinks import META_FILES, DirectorySink, MemorySink, Sink, StreamSink, meta_files

__all__ = [
    "INDEX_FILE", "KUSTOMIZATION_FILE", "META_FILES", "CheckSink", "DirectorySink", "Drift", "MemorySink", "Sink",
    "StreamSink", "meta_files",
]
