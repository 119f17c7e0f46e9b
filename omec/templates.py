"""Text templates shipped in the top-level ``templates/`` directory (jinja2, compiled once per process)."""
from __future__ import annotations

from importlib import resources
from pathlib import Path

import jinja2


def _template_dir() -> Path:
    try:
        packaged = resources.files("omec._templates")
        if packaged.is_dir():
            return Path(str(packaged))
    except ModuleNotFoundError:
        pass
    return Path(__file__).resolve().parent.parent / "templates"


_ENV = jinja2.Environment(
    loader=jinja2.FileSystemLoader(str(_template_dir())),
    autoescape=False,
    keep_trailing_newline=False,
    undefined=jinja2.StrictUndefined,
)


def load_template(name: str) -> jinja2.Template:
    return _ENV.get_template(name)
