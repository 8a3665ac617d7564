"""`cxm build` and `cxm serve`: MkDocs run with the cx-maturity plugin (cxm.engine.plugin).

`cxm build` (cxm.cli.main) validates and generates in a child process (cxm.publish.forked,
cxm.publish.generate); `build` here hands that site to the plugin and runs MkDocs.

Publishing is atomic: at every instant the site folder holds a complete site, old or new, even
if the build is killed. A build goes into a staging folder beside the site folder
(`.<site>-building-*`) and is swapped in only when it has succeeded:

- on Linux, with one renameat2(RENAME_EXCHANGE), which exchanges the two folders at once; the
  old site, now in the staging folder, is removed afterwards;
- elsewhere (or on a file system without it), with two renames: the old site to
  `.<site>-old-*`, the new one in. Between them the site folder is missing for an instant; a
  failure puts the old site back, and after a kill the next build does.

Builds of one site folder take turns: each holds `.<site>.lock` (an flock, released by the OS
when a build dies) and, holding it, removes what a killed build left beside the site folder and
in the temporary folder.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import functools
import logging
import logging.handlers
import os
import re
import secrets
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import click

from ..charts.cache import remove_stale_scratch
from ..config import Settings
from ..errors import CxmError, UsageError
from ..publish.generate import GeneratedSite
from ..report.progress import QUIET, Progress

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: builds of one folder are not serialized
    fcntl = None

# Material announces its own future on every build; our users did not ask about it.
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


class BuildError(CxmError):
    """MkDocs could not build the site (exit 1)."""


class PublishError(CxmError):
    """The site folder could not be written or replaced (exit 1): which folder, and what to do."""


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


class Prepared:
    """MkDocs' configuration, loaded while the site is still being generated (`prepare`)."""

    def __init__(self) -> None:
        self.config = None
        self.error: Exception | None = None  # raised by `build`, after the assessments' errors
        self.records = logging.handlers.BufferingHandler(capacity=sys.maxsize)


def prepare(settings: Settings, site_dir: Path | None = None, *, verbose: bool = False) -> Prepared:
    """Load MkDocs' configuration for `build`. `cxm build` does this while its child process
    validates and generates the site: what MkDocs logs meanwhile, and a mistake in mkdocs.yml,
    are held back for `build`, as if the configuration were loaded there (after the child's
    own messages, and not at all if the child fails)."""
    prepared = Prepared()
    _quiet_mkdocs(verbose)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(prepared.records)
    try:
        from mkdocs.config import load_config

        # The site folder as given: `build` points it at the staging folder beside it.
        target = settings.guard_output(site_dir or settings.site_dir, "the site")
        prepared.config = load_config(str(_config_file(settings)), site_dir=str(target))
    except Exception as exc:
        prepared.error = exc
    finally:
        logger.removeHandler(prepared.records)
    return prepared


def build(
    settings: Settings,
    site: GeneratedSite,
    site_dir: Path | None = None,
    *,
    use_cache: bool = True,
    verbose: bool = False,
    progress: Progress = QUIET,
    prepared: Prepared | None = None,
) -> Path:
    """Build `site` (generated from validated assessments, charts not drawn yet) with MkDocs
    into `site_dir` (default: the config's); returns the folder. `prepared`: the configuration
    loaded already (`prepare`)."""
    from mkdocs.exceptions import Abort, ConfigurationError, PluginError

    config_file = _config_file(settings)
    target = settings.guard_output(site_dir or settings.site_dir, "the site")
    _quiet_mkdocs(verbose)
    problems = _Collect()
    logging.getLogger("mkdocs").addHandler(problems)
    try:
        with _cxm_log(verbose):
            _check_target(target)
            target.parent.mkdir(parents=True, exist_ok=True)
            with _locked(target):
                _remove_leftovers(target)
                remove_stale_scratch()
                with _staging(target) as staging:
                    config = _config(config_file, staging, prepared)
                    _run_mkdocs(config, site, use_cache, progress)
                    _swap(staging, target)
    except (Abort, ConfigurationError, PluginError) as exc:
        details = "\n".join([*problems.messages, str(exc)])
        raise BuildError(
            f"the site could not be built; {target} is unchanged:\n{details}"
        ) from None
    except OSError as exc:
        raise PublishError(_explain(exc, target)) from None
    finally:
        logging.getLogger("mkdocs").removeHandler(problems)
        site.close()  # whatever happened, its scratch files go
    return target


def _config(config_file: Path, staging: Path, prepared: Prepared | None):
    """MkDocs' configuration, to build into `staging`."""
    from mkdocs.config import load_config

    if prepared is None:
        return load_config(str(config_file), site_dir=str(staging))
    for record in prepared.records.buffer:  # said now, as if the configuration loaded here
        logging.getLogger(record.name).handle(record)
    if prepared.error is not None:
        raise prepared.error
    # Checked against the site folder's path, whose sibling the staging folder is: it stands
    # in the same place, beside the docs folder rather than in it or around it.
    prepared.config["site_dir"] = os.path.abspath(staging)
    return prepared.config


def _run_mkdocs(config, site: GeneratedSite, use_cache: bool, progress: Progress) -> None:
    from mkdocs.commands.build import build as mkdocs_build

    plugin = _plugin(config)
    plugin.pregenerated = site
    plugin.use_cache = use_cache
    plugin.progress = progress
    config.plugins.on_startup(command="build", dirty=False)
    try:
        mkdocs_build(config)
    finally:
        config.plugins.on_shutdown()


class _Collect(logging.Handler):
    """MkDocs reports why a build failed through its logger: keep those messages."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


class _Echo(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        click.echo(record.getMessage(), err=True)


@contextlib.contextmanager
def _cxm_log(verbose: bool) -> Iterator[None]:
    """With -v, what cxm's own modules log (a damaged chart redrawn, ...) goes to stderr."""
    if not verbose:
        yield
        return
    logger, handler = logging.getLogger("cxm"), _Echo()
    level = logger.level
    logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


# -- errors of the file system, in words ------------------------------------------------------


def _check_target(target: Path) -> None:
    """What would fail only after the whole build, said before it."""
    if os.path.lexists(target) and not target.is_dir():
        raise PublishError(f"{target} is a file, not a folder: remove it or choose --site-dir")
    if target.is_dir() and os.path.ismount(target):
        raise PublishError(_explain(OSError(errno.EBUSY, "mount point", str(target)), target))


def _explain(exc: OSError, target: Path) -> str:
    """An OSError of the build as a message: the folder, what went wrong, what to do."""
    where = exc.filename or target
    unchanged = f"nothing was published: {target} is as it was"
    if exc.errno in (errno.EBUSY, errno.EXDEV):
        return (
            f"{target} cannot be replaced: it is a mount point (a Docker volume, a tmpfs) or in "
            "use. cxm publishes a site by swapping the whole folder, so that nobody ever sees "
            f"half of it. Mount its parent folder instead, or build into a folder inside it "
            f"(--site-dir {target / 'site'}). Copying a site built elsewhere into it works too, "
            f"but while it copies, readers see old and new files mixed; {unchanged}"
        )
    if exc.errno == errno.EROFS:
        why = "the file system is read-only"
    elif exc.errno in (errno.EACCES, errno.EPERM):
        why = "permission denied"
    elif exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return (
            f"no space left on the device to write {where}: a build needs room for the new "
            f"site beside the old one until it replaces it. Free some space, or build onto "
            f"another disk (--site-dir DIR); {unchanged}"
        )
    elif exc.errno in (errno.ENOTDIR, errno.EEXIST):
        why = "a file is where a folder is needed"
    else:
        why = exc.strerror or str(exc)
    return (
        f"cannot write {where}: {why}. The site folder and the folder around it must be "
        f"writable (or choose another with --site-dir DIR); {unchanged}"
    )


# -- one build at a time, and what killed builds left -----------------------------------------


@contextlib.contextmanager
def _locked(target: Path) -> Iterator[None]:
    """Hold `.<site>.lock` beside the site folder; another build of it waits until it is free.

    The lock is an flock: the OS releases it when its build ends, killed or not. The file is
    removed when the build is done; a build that took the lock of a removed file tries again.
    """
    if fcntl is None:  # pragma: no cover
        yield
        return
    path = target.parent / f".{target.name}.lock"
    told = False
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if not told:
                    click.echo(f"waiting for {_holder(fd)} to finish", err=True)
                    told = True
                fcntl.flock(fd, fcntl.LOCK_EX)
            if _same_file(fd, path):
                break
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)
    try:
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        yield
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)  # still locked: nobody else removes it, or writes it
        os.close(fd)


def _holder(fd: int) -> str:
    pid = os.pread(fd, 20, 0).decode("ascii", "replace").strip()
    return f"another build of this site (process {pid})" if pid.isdigit() else "another build"


def _same_file(fd: int, path: Path) -> bool:
    try:
        here, there = os.fstat(fd), os.stat(path)
    except FileNotFoundError:
        return False
    return (here.st_dev, here.st_ino) == (there.st_dev, there.st_ino)


def _leftover(target: Path, kind: str) -> re.Pattern:
    # The random part is what `_token` (and tempfile, in earlier versions) makes: a site named
    # `site-building-x` has staging folders of its own, that this does not match.
    return re.compile(rf"\.{re.escape(target.name)}-{kind}-[a-z0-9_]{{8}}")


def _remove_leftovers(target: Path) -> None:
    """Under the lock: staging and old folders beside the site are a killed build's. An old
    site with no site folder (killed between the two renames) is put back first."""
    found = {kind: [] for kind in ("building", "old")}
    for entry in target.parent.iterdir():
        for kind, names in found.items():
            if _leftover(target, kind).fullmatch(entry.name):
                names.append(entry)
    olds = sorted(found["old"], key=lambda p: p.stat().st_mtime, reverse=True)
    if olds and not os.path.lexists(target):
        os.rename(_site_in(olds[0]), target)
    for leftover in found["building"] + olds:
        shutil.rmtree(leftover, ignore_errors=True)


def _site_in(old: Path) -> Path:
    # Earlier versions moved the old site into `.<site>-old-*/site`.
    entries = list(old.iterdir())
    return entries[0] if [e.name for e in entries] == ["site"] and entries[0].is_dir() else old


def _token() -> str:
    return secrets.token_hex(4)


@contextlib.contextmanager
def _staging(target: Path) -> Iterator[Path]:
    """A new folder beside the site folder for MkDocs to build into, removed afterwards (after
    an exchange, it holds the old site). Made as MkDocs makes a site folder: by the umask."""
    staging = target.parent / f".{target.name}-building-{_token()}"
    staging.mkdir()
    try:
        yield staging
    finally:
        shutil.rmtree(staging, ignore_errors=True)


# -- the swap ---------------------------------------------------------------------------------


def _swap(new: Path, target: Path) -> None:
    """Put the folder `new` in place of `target`, so that readers see the old or the new site.
    With an exchange, `new` holds the old site afterwards; with renames it is gone."""
    if not os.path.lexists(target):
        os.rename(new, target)  # nothing to replace: one rename is atomic
    elif not _exchange(new, target):
        _two_renames(new, target)


def _two_renames(new: Path, target: Path) -> None:
    """The fallback: the site folder is missing between the two renames. A failure puts the
    old site back; after a kill, the next build does (`_remove_leftovers`)."""
    old = target.parent / f".{target.name}-old-{_token()}"
    os.rename(target, old)
    try:
        os.rename(new, target)
    except BaseException:
        os.rename(old, target)
        raise
    shutil.rmtree(old, ignore_errors=True)


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
_UNSUPPORTED = {errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP}


@functools.cache
def _renameat2():
    """renameat2(2) through libc, or None where there is none (not Linux, or a libc older than
    glibc 2.28): the two-rename way then serves."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:  # pragma: no cover
        return None
    if not hasattr(libc, "renameat2"):  # pragma: no cover
        return None
    func = libc.renameat2
    func.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    func.restype = ctypes.c_int
    return func


def _exchange(a: Path, b: Path) -> bool:
    """Exchange two paths atomically; False where the system or file system cannot."""
    func = _renameat2()
    if func is None:
        return False
    result = func(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in _UNSUPPORTED:
        return False
    raise OSError(code, os.strerror(code), str(b), None, str(a))
