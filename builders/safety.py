"""Content is data, never instructions: no settings file, URL or remote resource is honoured.

ReportLab reads a ``reportlab_settings.py`` from the import path (which holds the working
folder when run as ``python -m``) and ``~/.reportlab_settings``, and can fetch URLs for images
when ``RL_trustedHosts`` allows it. briefkit only ever hands ReportLab resolved local files,
and closes those doors as well, so no source, working folder or environment can open them.
"""

from __future__ import annotations

import sys
import types


def block_settings_files() -> None:
    """Stand empty modules in for ReportLab's ``reportlab_settings`` and ``reportlab_mods``
    (files it would otherwise import from the import path or run from the home folder).
    Must run before ReportLab is first imported (``builders/__init__`` does it)."""
    for name in ("reportlab_settings", "reportlab_mods"):
        sys.modules.setdefault(name, types.ModuleType(name))


def _refuse(url, *args, **kwargs):
    raise OSError(f"briefkit does not fetch resources: {url!r}")


def harden_reportlab() -> None:
    """Trust no host for URL fetching, and replace ReportLab's URL reader with a refusal."""
    from reportlab import rl_config
    from reportlab.lib import utils

    rl_config.trustedHosts = None
    rl_config.trustedSchemes = []
    utils.rlUrlRead = _refuse
