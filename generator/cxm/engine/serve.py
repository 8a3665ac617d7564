"""`cxm serve`: the site on a local address, rebuilt in part on every edit.

MkDocs' own server (mkdocs.livereload) serves the site and reloads the browsers; each rebuild
is a dirty MkDocs build (only the pages whose source is newer than their output are
rendered) over the generated files that cxm.publish.preview keeps: an edited assessment
rewrites its team's scorecard and the roll-ups whose text changed, nothing else. A change of
anything else (the framework, a template, mkdocs.yml, a hand-written page) or of the
navigation rebuilds everything.

The terminal gets the address, one line per rebuild (what changed, how long it took, how many
pages were rendered) and the diagnostics; while a file has errors, the last valid site stays
and every page shows them in a banner (assets/cxm-serve.js), until they are fixed.
"""

from __future__ import annotations

import json
import logging
import shutil
import signal
import tempfile
import threading
import time
import traceback
from pathlib import Path
from urllib.parse import urlsplit

import click

from ..config import Settings, settings_from
from ..errors import CxmError, UsageError
from ..publish.preview import Preview, Update
from ..report.text import line, printable, summary
from .build import _config_file, _plugin, _quiet_mkdocs
from .plugin import SERVE_SCRIPT

log = logging.getLogger(__name__)

# How often the watched folders are polled for changes, in seconds (MkDocs' default: 0.5).
POLL_INTERVAL = 0.25


class _Echo(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        click.echo(f"{record.levelname}: {record.getMessage()}", err=True)


class _NoDirtyWarning(logging.Filter):
    # Every dirty build warns that its navigation may be stale: cxm serve rebuilds everything
    # when the navigation changes, so the warning says nothing to its users.
    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build" not in record.getMessage()


def serve(settings: Settings, *, dev_addr: str | None, livereload: bool, verbose: bool) -> None:
    """Serve until interrupted (Ctrl+C)."""
    config_file = _config_file(settings)
    _quiet_mkdocs(verbose)
    logging.getLogger("mkdocs.commands.build").addFilter(_NoDirtyWarning())
    if verbose:
        logging.getLogger("mkdocs").addHandler(_Echo())
    # `kill` (SIGTERM) stops it as Ctrl+C does: its temporary folders are removed.
    signal.signal(signal.SIGTERM, _interrupt)
    site_dir = Path(tempfile.mkdtemp(prefix="cxm-serve-site-"))
    preview = Preview(Path(tempfile.mkdtemp(prefix="cxm-serve-pages-")))
    session = _Session(str(config_file), site_dir, preview, dev_addr, verbose)
    try:
        session.run(livereload)
    finally:
        shutil.rmtree(site_dir, ignore_errors=True)
        shutil.rmtree(preview.folder, ignore_errors=True)
        shutil.rmtree(session.signal, ignore_errors=True)


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


class _Session:
    def __init__(
        self, config_file: str, site_dir: Path, preview: Preview, dev_addr: str | None, verbose
    ) -> None:
        self.config_file, self.site_dir, self.preview = config_file, site_dir, preview
        self.options = {"dev_addr": dev_addr} if dev_addr else {}
        self.verbose = verbose
        self.url = ""
        self.signal = preview.folder.parent / f"{preview.folder.name}-drawn"
        self.signal.mkdir()

    def config(self):
        from mkdocs.config import load_config

        config = load_config(self.config_file, site_dir=str(self.site_dir), **self.options)
        plugin = _plugin(config)
        plugin.preview = self.preview
        if SERVE_SCRIPT not in config.extra_javascript:
            config.extra_javascript.append(SERVE_SCRIPT)  # the banner of problems
        return config, plugin

    def run(self, livereload: bool) -> None:
        from mkdocs.livereload import LiveReloadServer

        config, plugin = self.config()
        config.plugins.on_startup(command="serve", dirty=True)
        host, port = config.dev_addr
        self.url = _url(host, port, urlsplit(config.site_url or "/").path)

        class Server(LiveReloadServer):
            def server_activate(server) -> None:
                super().server_activate()
                # Listening now: a browser opened at this address finds the site.
                echo(f"serving on {self.url} ({built})")

        server = Server(
            builder=self.rebuild,
            host=host,
            port=port,
            root=str(self.site_dir),
            mount_path=urlsplit(self.url).path,
            polling_interval=POLL_INTERVAL,
        )
        try:
            started = time.perf_counter()
            if not self.build(config, plugin, first=True):
                raise SystemExit(1)
            built = f"built in {_seconds(started)}, {_pages(plugin)}"
            if livereload:
                self.watch(server, config)
            try:
                server.serve()
            except KeyboardInterrupt:
                echo("stopped")
            except OSError as exc:  # the address is in use, or not this machine's
                raise UsageError(f"cannot serve on {host}:{port}: {exc.strerror}") from None
            finally:
                server.shutdown()
        finally:
            config.plugins.on_shutdown()

    def watch(self, server, config) -> None:
        server.watch(str(self.signal))
        server.watch(config.docs_dir)
        if config.config_file_path:
            server.watch(config.config_file_path)
        config.plugins.on_serve(server, config=config, builder=self.rebuild)
        for item in config.watch:
            server.watch(item)

    def rebuild(self) -> None:
        """One rebuild after an edit; never raises (MkDocs would print a traceback)."""
        started = time.perf_counter()
        try:
            config, plugin = self.config()
        except Exception as exc:  # mkdocs.yml cannot be read: the site stays as it was
            echo(f"not rebuilt: {_message(exc, self.verbose)}")
            return
        try:
            built = self.build(config, plugin, first=False)
        except Exception as exc:  # a file that cannot be written, a bug: said, and served on
            echo(f"not rebuilt: {_message(exc, self.verbose)}")
            return
        update = self.preview.last
        if built and update.ok and (update.changed or plugin.rendered):
            what = ", ".join(_shown(update.changed)) or "files"
            echo(f"rebuilt in {_seconds(started)}: {what} changed, {_pages(plugin)}")
        if built and self.preview.pending:
            threading.Thread(target=self.draw_pending, daemon=True).start()

    def draw_pending(self) -> None:
        """The charts the rebuild left to draw, then one more rebuild that shows them."""
        started = time.perf_counter()
        try:
            drawn = self.preview.draw_pending()
        except Exception as exc:
            echo(f"charts not drawn: {_message(exc, self.verbose)}")
            return
        if drawn:
            echo(f"drew {drawn} chart{'' if drawn == 1 else 's'} in {_seconds(started)}")
            # The server rebuilds when a watched file changes: this one is watched for it.
            (self.signal / "charts-drawn").write_text(str(time.time()), "utf-8")

    def build(self, config, plugin, *, first: bool) -> bool:
        """Update the generated files, then build with MkDocs; False when it failed."""
        from mkdocs.commands.build import build as mkdocs_build

        config.site_url = self.url or config.site_url
        try:
            update = self.preview.update(_settings(config, plugin), defer=not first)
        except CxmError as exc:
            echo(f"not rebuilt: {printable(str(exc), keep=chr(10))}")
            return False
        _report(update, first)
        plugin.problems = _problems_json(update)
        if first and self.preview.site is None and not update.ok:
            echo("serving the hand-written pages only, until the errors are fixed")
        try:
            # Errors leave the generated files as they were: only the banner's list is new.
            dirty = not first and not (update.full and update.ok)
            mkdocs_build(config, serve_url=self.url or None, dirty=dirty)
        except Exception as exc:
            echo(f"not rebuilt: {_message(exc, self.verbose)}")
            return False
        return True


def _settings(config, plugin) -> Settings:
    """The plugin's settings, as its on_config reads them (which runs only inside the build)."""
    config_file = Path(config.config_file_path) if config.config_file_path else None
    root = config_file.parent.resolve() if config_file else Path.cwd()
    return settings_from(dict(plugin.config), root, config_file, config)


def _report(update: Update, first: bool) -> None:
    """The diagnostics: every one at the start; later the errors, and the warnings of the
    files that changed."""
    if update.failure:
        echo(printable(update.failure, keep="\n"))
    shown = update.problems + update.warnings
    if not first:
        changed = set(update.changed)
        shown = update.problems + [d for d in update.warnings if d.path in changed]
    for diagnostic in shown:
        echo(line(diagnostic))
    if first and shown:
        echo(summary(shown, update.files_checked))
    if not update.ok and not first:
        what = ", ".join(_shown(update.changed)) or "files"
        echo(f"not rebuilt: {what} changed; {summary(update.problems, update.files_checked)}")


def _problems_json(update: Update) -> bytes:
    lines = [line(d, colour=False) for d in update.problems]
    if update.failure:
        lines.append(printable(update.failure))
    return json.dumps(lines).encode("utf-8")


def _url(host: str, port: int, path: str) -> str:
    host = f"[{host}]" if ":" in host else host
    return f"http://{host}:{port}{path if path.endswith('/') else path + '/'}"


def _shown(paths: list[str], most: int = 3) -> list[str]:
    shown = [printable(p) for p in paths[:most]]
    return [*shown, f"{len(paths) - most} more"] if len(paths) > most else shown


def _pages(plugin) -> str:
    return f"{plugin.rendered} page{'' if plugin.rendered == 1 else 's'}"


def _seconds(started: float) -> str:
    return f"{time.perf_counter() - started:.2f} s"


def _message(exc: Exception, verbose: bool) -> str:
    if verbose:
        traceback.print_exc()
    return printable(str(exc) or type(exc).__name__, keep="\n")


def echo(message: str) -> None:
    click.echo(message, err=True)
