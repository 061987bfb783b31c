"""Optional extras ([pdf], [agreement]): whether one is usable, and the install line that fits this installation."""

from __future__ import annotations

import importlib
import json
from importlib import metadata
from pathlib import Path
from urllib.parse import unquote, urlparse

# The name on the package index. Plain `assess` there is an unrelated project, so the distribution has its own
# name; the command and the import name stay `assess`.
DIST_NAME = "assess-mediation"

# What each extra brings that assess imports (the first import that fails names the problem).
EXTRA_MODULES: dict[str, tuple[str, ...]] = {"pdf": ("weasyprint",), "agreement": ("krippendorff",)}


def extra_problem(extra: str) -> str | None:
    """None when the extra's modules import; else what is wrong, in words (not installed, or its system libraries)."""
    for module in EXTRA_MODULES.get(extra, ()):
        try:
            importlib.import_module(module)
        except ImportError:  # also a module blocked with sys.modules[name] = None
            return "not installed"
        except OSError:  # WeasyPrint is installed but its system libraries (pango) are not
            return "installed, but its system libraries (e.g. pango) are missing"
    return None


def install_hint(extra: str) -> str:
    """The command that installs `extra` the way assess itself was installed.

    From a checkout (an editable install, or `pip install .` of a source tree) pip must be pointed at that folder
    again: `pip install '.[pdf]'` there. From the package index the distribution's own name does it.
    """
    checkout = installed_from_checkout()
    if checkout is not None:
        return f"pip install '.[{extra}]' (in {checkout}, the folder assess was installed from)"
    return f"pip install '{DIST_NAME}[{extra}]'"


def installed_from_checkout() -> Path | None:
    """The source folder assess was installed from, or None when it came from an index or an archive.

    pip records a local-folder install in the distribution's `direct_url.json` (PEP 610: `dir_info`). Without any
    installed distribution, assess runs from a source tree on the path: a checkout when pyproject.toml is there.
    """
    try:
        distribution = metadata.distribution(DIST_NAME)
    except metadata.PackageNotFoundError:
        return _source_tree()
    return _folder_of(distribution.read_text("direct_url.json"))


def _folder_of(direct_url: str | None) -> Path | None:
    """The local folder a PEP 610 record names with `dir_info`, else None (an index, a wheel or an archive)."""
    if not direct_url:
        return None
    try:
        record = json.loads(direct_url)
    except ValueError:
        return None
    url = record.get("url", "") if isinstance(record, dict) else ""
    if "dir_info" not in record or not url.startswith("file:"):
        return None
    return Path(unquote(urlparse(url).path))


def _source_tree() -> Path | None:
    import assess

    root = Path(assess.__file__).resolve().parent.parent
    return root if (root / "pyproject.toml").is_file() else None
