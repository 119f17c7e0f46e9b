"""Where omec's time goes: one `omec build` under cProfile, summarised as the top functions."""
from __future__ import annotations

import pstats
import subprocess
from collections.abc import Mapping
from pathlib import Path

TOP = 15
WRAPPER_SHARE = 0.9


def _label(func: tuple) -> str:
    filename, line, name = func
    for marker in ("/site-packages/", "/omec/", "/lib/python"):
        if marker in filename:
            filename = filename[filename.index(marker) + 1:]
            break
    return f"{filename}:{line}({name})"


def top_functions(profile: Path, key: str, limit: int = TOP) -> list[dict]:
    """The ``limit`` functions with the largest ``key`` ("cumulative" or "tottime").

    For "cumulative", frames covering more than WRAPPER_SHARE of the run (runpy, click, main) are left out:
    they would fill the list without saying where the time goes.
    """
    stats = pstats.Stats(str(profile))
    stats.sort_stats(key)
    total = max((entry[3] for entry in stats.stats.values()), default=0.0)
    rows = []
    for func in stats.fcn_list:
        _, calls, own, cumulative, _ = stats.stats[func]
        if key == "cumulative" and cumulative > WRAPPER_SHARE * total:
            continue
        rows.append({"function": _label(func), "calls": calls, "tottime": round(own, 4),
                     "cumtime": round(cumulative, 4)})
        if len(rows) == limit:
            break
    return rows


def profile_build(omec_argv: list[str], python: str, profile: Path, env: Mapping[str, str]) -> dict:
    """Run ``python -m cProfile -o PROFILE -m omec ARGS``; return the top functions by cumulative and own time."""
    proc = subprocess.run([python, "-m", "cProfile", "-o", str(profile), "-m", "omec", *omec_argv],
                          capture_output=True, env=dict(env), check=False)
    if proc.returncode != 0 or not profile.exists():
        return {"returncode": proc.returncode, "stderr_tail": proc.stderr.decode("utf-8", "replace")[-2000:]}
    total = max((entry[3] for entry in pstats.Stats(str(profile)).stats.values()), default=0.0)
    return {"returncode": 0, "profiled_seconds": round(total, 3), "cumulative": top_functions(profile, "cumulative"),
            "tottime": top_functions(profile, "tottime")}


def format_profile(summary: dict) -> str:
    if summary.get("returncode"):
        return f"profile failed (exit {summary['returncode']}):\n{summary.get('stderr_tail', '')}"
    blocks = [f"{summary['profiled_seconds']:.2f} s under the profiler (cProfile slows omec down 2-3x)"]
    for key in ("cumulative", "tottime"):
        title = "cumulative (frames below 90% of the run)" if key == "cumulative" else key
        lines = [f"top {TOP} by {title}:", f"{'calls':>10} {'tottime':>9} {'cumtime':>9}  function"]
        lines += [f"{r['calls']:>10} {r['tottime']:>9.3f} {r['cumtime']:>9.3f}  {r['function']}" for r in summary[key]]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)
