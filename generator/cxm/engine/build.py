"""`cxm build` and `cxm serve`: MkDocs run with the cx-maturity plugin (cxm.engine.plugin).

`cxm build` (cxm.cli.main) validates and generates in a child process (cxm.publish.forked,
cxm.publish.generate); `build` here hands that site to the plugin and runs MkDocs. A build goes
into a temporary folder beside the site folder and replaces it only when it has succeeded, so a
failed build leaves the previous site exactly as it was.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from pathlib import Path

from ..config import Settings
from ..errors import CxmError, UsageError
from ..publish.generate import GeneratedSite
from ..report.progress import QUIET, Progress

# Material announces its own future on every build; our users did not ask about it.
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


class BuildError(CxmError):
    """MkDocs could not build the site (exit 1)."""


def _config_file(settings: Settings) -> Path:
    if settings.config_file is None:
        raise UsageError("no mkdocs.yml here: pass --config FILE")
    return settings.config_file


def _plugin(config):
    from .plugin import CxMaturityPlugin

    for plugin in config.plugins.values():
        if isinstance(plugin, CxMaturityPlugin):
            return plugin
    raise UsageError(f"{config.config_file_path}: the cx-maturity plugin is not in `plugins`")


def _quiet_mkdocs(verbose: bool) -> None:
    level = logging.INFO if verbose else logging.WARNING
    for name in ("mkdocs", "mkdocs.plugins", "material"):
        logging.getLogger(name).setLevel(level)


def build(
    settings: Settings,
    site: GeneratedSite,
    site_dir: Path | None = None,
    *,
    use_cache: bool = True,
    verbose: bool = False,
    progress: Progress = QUIET,
) -> Path:
    """Build `site` (generated from validated assessments, charts not drawn yet) with MkDocs
    into `site_dir` (default: the config's); returns the folder."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError, PluginError

    config_file = _config_file(settings)
    target = settings.guard_output(site_dir or settings.site_dir, "the site")
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-building-", dir=target.parent))
    _quiet_mkdocs(verbose)
    problems = _Collect()
    logging.getLogger("mkdocs").addHandler(problems)
    try:
        config = load_config(str(config_file), site_dir=str(staging))
        plugin = _plugin(config)
        plugin.pregenerated = site
        plugin.use_cache = use_cache
        plugin.progress = progress
        config.plugins.on_startup(command="build", dirty=False)
        try:
            mkdocs_build(config)
        finally:
            config.plugins.on_shutdown()
        _swap(staging, target)
    except (Abort, ConfigurationError, PluginError) as exc:
        shutil.rmtree(staging, ignore_errors=True)
        details = "\n".join([*problems.messages, str(exc)])
        raise BuildError(
            f"the site could not be built; {target} is unchanged:\n{details}"
        ) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        logging.getLogger("mkdocs").removeHandler(problems)
        site.close()  # whatever happened, its scratch files go
    return target


class _Collect(logging.Handler):
    """MkDocs reports why a build failed through its logger: keep those messages."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _swap(new: Path, target: Path) -> None:
    """Put `new` in place of `target` with renames, so readers see the old or the new site."""
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", dir=target.parent))
        os.rename(target, old / "site")
    os.rename(new, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def serve(settings: Settings, *, dev_addr: str | None, livereload: bool, verbose: bool) -> None:
    from mkdocs.commands.serve import serve as mkdocs_serve

    _quiet_mkdocs(verbose)
    kwargs = {"dev_addr": dev_addr} if dev_addr else {}
    mkdocs_serve(str(_config_file(settings)), livereload=livereload, **kwargs)
