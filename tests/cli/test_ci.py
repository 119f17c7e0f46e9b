"""omec in CI: the drift gate (--check), --fail-on, --max-diagnostics, the progress bar only on a terminal, stdin
input with `<stdin>:line:col` positions, and stdout in -o - mode carrying nothing but YAML."""
from __future__ import annotations

import os
import pty
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from tests.conftest import REPO

EXAMPLES = REPO / "examples"


def omec(*args: str, cwd: Path = REPO, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "omec", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120, input=stdin)


def test_check_exits_0_when_up_to_date_and_3_listing_what_would_change(tmp_path):
    specs, out = tmp_path / "specs", tmp_path / "out"
    # the specs as a plain directory (files added below are read), without the overlay on the output
    shutil.copytree(EXAMPLES, specs, ignore=shutil.ignore_patterns("kustomization.yaml", "overlay"))
    assert omec("build", str(specs), "-o", str(out)).returncode == 0
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*")}
    clean = omec("build", str(specs), "-o", str(out), "--check")
    assert clean.returncode == 0 and "is up to date" in clean.stderr, clean.stderr

    (specs / "services" / "llama-chat.yaml").unlink()
    text = (specs / "services" / "qwen-assistant.yaml").read_text()
    (specs / "services" / "qwen-assistant.yaml").write_text(text.replace("maxReplicas: 3", "maxReplicas: 5"))
    drift = omec("build", str(specs), "-o", str(out), "--check")
    assert drift.returncode == 3, drift.stderr
    lines = drift.stderr.splitlines()
    assert "  changed  kustomization.yaml" in lines and "  changed  omec-index.json" in lines
    assert any(line.startswith("  changed  llm-prod/qwen-assistant/scaledobject-") for line in lines)
    assert "  removed  llm-prod/llama-chat/deployment-llama-chat-engine.yaml" in lines
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*")} == before  # nothing written

    (specs / "services" / "extra.yaml").write_text(text.replace("name: qwen-assistant", "name: qwen-two"))
    added = omec("build", str(specs), "-o", str(out), "--check", "-q")
    assert added.returncode == 3 and any(line.startswith("  added    llm-prod/qwen-two/")
                                         for line in added.stderr.splitlines())
    assert omec("build", str(specs), "-o", str(tmp_path / "fresh"), "--check").returncode == 3


def test_check_of_failing_specs_exits_1(tmp_path):
    specs = tmp_path / "specs"
    specs.mkdir()
    (specs / "bad.yaml").write_text("kind: [\n")
    assert omec("build", str(specs), "-o", str(tmp_path / "out"), "--check").returncode == 1


def test_fail_on_warning_fails_and_writes_nothing(tmp_path):
    out = tmp_path / "out"
    proc = omec("build", "examples", "-o", str(out), "--fail-on", "warning")
    assert proc.returncode == 1 and "warning[OMEC505]" in proc.stderr
    assert not out.exists()
    assert omec("build", "examples", "-o", str(out), "--fail-on", "error").returncode == 0


def test_max_diagnostics_shows_the_first_n_and_the_summary_counts_all():
    proc = omec("validate", "examples", "--max-diagnostics", "2", "-q")
    lines = proc.stderr.splitlines()
    assert proc.returncode == 0
    assert len([line for line in lines if "warning[OMEC" in line]) == 2
    assert "omec: 2 more diagnostics not shown (--max-diagnostics 2)" in lines
    assert "omec: 0 errors, 4 warnings" in lines


def _on_a_terminal(*args: str) -> str:
    """stderr of omec run with stderr on a pseudo-terminal (stdout to a pipe)."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "omec", *args], cwd=REPO, stdout=subprocess.PIPE,
                            stderr=follower, stdin=subprocess.DEVNULL)
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    proc.communicate(timeout=120)
    os.close(leader)
    return b"".join(chunks).decode("utf-8", "replace")


def test_a_progress_bar_only_when_stderr_is_a_terminal(tmp_path):
    shown = _on_a_terminal("build", "examples", "-o", str(tmp_path / "a"), "-q")
    assert "\romec: [" in shown and "4/4 InferenceServices" in shown and "\x1b[K" in shown
    assert "\romec: [" not in _on_a_terminal("build", "examples", "-o", "-", "-q")
    assert "\romec: [" not in _on_a_terminal("build", "examples", "-o", str(tmp_path / "b"), "--format", "json")
    piped = omec("build", "examples", "-o", str(tmp_path / "c"))
    assert "\r" not in piped.stderr


WARNS = (EXAMPLES / "services" / "llama-chat.yaml").read_text()


def test_stdin_is_read_with_positions_named_stdin(tmp_path):
    stream = "".join((EXAMPLES / d / f).read_text() + "---\n" for d, f in [
        ("runtimes", "sglang-llama-3-1-8b.yaml"), ("models", "llama-3-1-8b-instruct.yaml")])
    stream += WARNS.replace("name: llama-3-1-8b-instruct", "name: no-such-model")
    proc = omec("build", "-", "-o", str(tmp_path / "out"), stdin=stream)
    assert proc.returncode == 1
    line = next(line for line in proc.stderr.splitlines() if "error[OMEC201]" in line)
    expected = stream.splitlines().index(next(t for t in stream.splitlines() if "no-such-model" in t)) + 1
    assert line.startswith(f"<stdin>:{expected}:")
    ok = omec("build", "-", "-o", str(tmp_path / "ok"), stdin=stream.replace("no-such-model", "llama-3-1-8b-instruct"))
    assert ok.returncode == 0, ok.stderr
    assert '"<stdin>#2"' in (tmp_path / "ok" / "omec-index.json").read_text()


def test_stream_mode_stdout_is_only_yaml_even_with_warnings():
    proc = omec("build", "examples", "-o", "-")
    assert proc.returncode == 0 and "warning[OMEC505]" in proc.stderr and "omec: 0 errors" in proc.stderr
    documents = list(yaml.safe_load_all(proc.stdout))
    assert len(documents) > 40 and all(isinstance(d, dict) and d["apiVersion"] and d["kind"] for d in documents)
    assert "OMEC" not in proc.stdout and "omec:" not in proc.stdout
