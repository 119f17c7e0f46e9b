"""``omec argocd``: the generate command of omec's Argo CD Config Management Plugin (examples/argocd/plugin.yaml).

It is ``omec build -o -`` run the way Argo CD runs a plugin, in the application's source directory: manifests only
on stdout (nothing at all when the build fails, with a non-zero exit), diagnostics on stderr. The default
namespace is the application's destination namespace, ``ARGOCD_APP_NAMESPACE`` (Argo CD's build environment);
the application's plugin ``env`` entries, which Argo CD passes as ``ARGOCD_ENV_<NAME>``, set the options by the
names of ``omec.yaml``'s settings in upper snake case (``FAIL_ON=warning``, ``IGNORE=OMEC505,OMEC515``,
``CONTROLLER_CONFIG=deploy/inferenceservice-config.yaml``). Precedence, lowest first: omec.yaml, the destination
namespace, ``ARGOCD_ENV_*``, flags in plugin.yaml. An unwritable ``HOME`` turns the cache off.
"""
from __future__ import annotations

import os

import click

from omec.cli import _common_options, build_with
from omec.cli.settings import env_settings, fail

ENV_PREFIX = "ARGOCD_ENV_"
NAMESPACE_ENV = "ARGOCD_APP_NAMESPACE"


@click.command(name="argocd")
@_common_options
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=0, show_default="0 = auto",
              help="Worker processes (auto: 1 below 100 services, else one per CPU).")
def argocd(**params) -> None:
    """Argo CD plugin generate command: `omec build -o -` with ARGOCD_APP_NAMESPACE and ARGOCD_ENV_* settings."""
    env, problems = env_settings(os.environ, ENV_PREFIX)
    if problems:
        fail(problems, params["fmt"])
    env.pop("output", None)  # the plugin always streams
    destination = {"namespace": os.environ[NAMESPACE_ENV]} if os.environ.get(NAMESPACE_ENV) else {}
    build_with({**params, "output": None, "check": False, "force": False, "owner_uid": None},
               (destination, env), stream=True)
