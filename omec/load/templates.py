"""Text templates shipped in the top-level ``templates/`` directory (jinja2, compiled once per process).

jinja2 is imported on first use only: most runs never render a text template.
"""
from __future__ import annotations

from functools import cache
from pathlib import Path


def _template_dir() -> Path:
    from importlib import resources  # on first use, like jinja2

    try:
        packaged = resources.files("omec._templates")
        if packaged.is_dir():
            return Path(str(packaged))
    except ModuleNotFoundError:
        pass
    return Path(__file__).resolve().parent.parent / "templates"


@cache
def load_template(name: str):
    """The compiled jinja2 template ``templates/<name>``."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(_template_dir())),
        autoescape=False,
        keep_trailing_newline=False,
        undefined=jinja2.StrictUndefined,
    )
    return env.get_template(name)
