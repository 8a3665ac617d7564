"""Publishing a site with `cxm build`, as a user or a CI job meets it: builds killed with
SIGKILL (at random moments, and at each step of the swap), two builds at once, a site folder
that is a mount point, a read-only or full disk, and a damaged chart cache.

Every build is a real `python -m cxm build` process (or the CLI in-process, for faults
injected at the OS boundary) on a small project; TMPDIR is the test's own, so that what a
killed build leaves there can be seen. After every kill the site folder holds a complete site,
old or new, byte for byte as a whole build makes it; the next build removes what was left.
"""

from __future__ import annotations

import contextlib
import errno
import os
import random
import shutil
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import TODAY_EPOCH, make_repo
from cxm.publish import forked
from sitebuild import tree_digest

pytestmark = pytest.mark.skipif(not forked.available(), reason="POSIX processes and flock")

VERSIONS = ("A", "B")


def write_project(root: Path) -> Path:
    repo = make_repo(root)
    repo.assessment("payments/2026-09-30.yaml")
    mark(root, "A")
    return root


def mark(project: Path, version: str) -> None:
    """The hand-written page that tells the two versions of the site apart."""
    page = project / "docs" / "marker.md"
    page.parent.mkdir(exist_ok=True)
    page.write_text(f"# Marker\n\nThis is version {version} of the site.\n", encoding="utf-8")


def environment(project: Path) -> dict[str, str]:
    tmp = project.parent / "tmp"
    tmp.mkdir(exist_ok=True)
    return {**os.environ, "SOURCE_DATE_EPOCH": TODAY_EPOCH, "NO_COLOR": "1", "TMPDIR": str(tmp)}


def start(project: Path, *args: str, program: list[str] | None = None) -> subprocess.Popen:
    """`cxm build ARGS` as a process of its own, in a session of its own (to kill it whole)."""
    command = program or [sys.executable, "-m", "cxm"]
    return subprocess.Popen(
        [*command, "build", *args],
        cwd=project,
        env=environment(project),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def finish(process: subprocess.Popen, timeout: float = 240) -> tuple[int, str]:
    _, err = process.communicate(timeout=timeout)
    return process.returncode, err


def build(project: Path, *args: str) -> tuple[int, str]:
    return finish(start(project, *args))


def kill(process: subprocess.Popen) -> None:
    """SIGKILL to the build and every process it started (its forked child, chart workers)."""
    with contextlib.suppress(ProcessLookupError):  # it had finished
        os.killpg(process.pid, signal.SIGKILL)
    process.communicate(timeout=60)


def leftovers(project: Path) -> list[str]:
    """What builds may leave behind: beside the site folder, in TMPDIR, in the chart cache."""
    beside = [p.name for p in project.iterdir() if p.name.startswith(".site")]
    tmp = project.parent / "tmp"
    scratch = [p.name for p in tmp.iterdir() if p.name.startswith(("cxm-charts", "cxm-downloads"))]
    cache = [p.name for p in (project / ".cache").rglob(".tmp-*")]
    return beside + scratch + cache


@pytest.fixture(scope="module")
def references(tmp_path_factory) -> tuple[Path, dict[str, dict[str, str]]]:
    """A project with a warm chart cache, and the digest of its whole site in each version."""
    project = write_project(tmp_path_factory.mktemp("publishing") / "project")
    digests = {}
    for version in VERSIONS:
        mark(project, version)
        code, err = build(project, "--site-dir", f"../site-{version}")
        assert code == 0, err
        digests[version] = tree_digest(project.parent / f"site-{version}")
    assert digests["A"] != digests["B"]
    return project, digests


@pytest.fixture
def project(references, tmp_path) -> Path:
    """A copy of the project whose site folder holds version A, its pages marked B now."""
    source, _ = references
    copy = tmp_path / "project"
    shutil.copytree(source, copy)
    shutil.copytree(source.parent / "site-A", copy / "site")
    mark(copy, "B")
    return copy


def version_of(site: Path, digests: dict[str, dict[str, str]]) -> str | None:
    """Which complete site `site` is, byte for byte; None if it is none of them."""
    found = tree_digest(site)
    return next((v for v, digest in digests.items() if digest == found), None)


# -- killed builds -------------------------------------------------------------------------------


def test_a_build_killed_at_any_moment_leaves_a_complete_site_and_the_next_cleans_up(
    references, project
):
    _, digests = references
    rng = random.Random(int(os.environ.get("CXM_KILL_SEED", "15")))
    started = time.monotonic()
    code, err = build(project)  # how long a whole build takes here
    took = time.monotonic() - started
    assert code == 0, err
    assert version_of(project / "site", digests) == "B"
    current = "B"
    for _ in range(8):
        nxt = "A" if current == "B" else "B"
        mark(project, nxt)
        process = start(project)
        time.sleep(rng.uniform(0.1, took * 1.1))
        kill(process)
        found = version_of(project / "site", digests)
        assert found in (current, nxt), "a half-built or missing site was published"
        code, err = build(project)
        assert code == 0, err
        assert version_of(project / "site", digests) == nxt
        assert leftovers(project) == []
        current = nxt


# A build that SIGKILLs itself at one step of publishing: the OS calls are wrapped, no
# production code knows about it.
KILL_AT = r"""
import os, signal, sys
import cxm.engine.build as publishing

point = sys.argv.pop(1)
state = {"swapping": False, "renames": 0, "unlinks": 0}
real_swap = publishing._swap
real_exchange = getattr(publishing, "_exchange", lambda a, b: False)  # none: two renames
real_rename, real_unlink = os.rename, os.unlink


def die():
    os.kill(os.getpid(), signal.SIGKILL)


def swap(new, target):
    state["swapping"] = True
    if point == "before the swap":
        die()
    return real_swap(new, target)


def exchange(a, b):
    if point.startswith("fallback"):
        return False
    done = real_exchange(a, b)
    if point == "after the exchange":
        die()
    return done


def rename(src, dst):
    if state["swapping"]:
        state["renames"] += 1
        if point == "fallback: between the two renames" and state["renames"] == 2:
            die()
    real_rename(src, dst)
    if state["swapping"] and point == "fallback: after the two renames" and state["renames"] == 2:
        die()


def unlink(*args, **kwargs):
    if state["swapping"] and point == "while removing the old site":
        state["unlinks"] += 1
        if state["unlinks"] == 5:
            die()
    return real_unlink(*args, **kwargs)


publishing._swap, publishing._exchange = swap, exchange
os.rename, os.unlink = rename, unlink
from cxm.cli.main import main

main()
"""

POINTS = {
    # point: the site right after the kill ("A" old, "B" new, None: no site folder)
    "before the swap": "A",
    "after the exchange": "B",
    "while removing the old site": "B",
    "fallback: between the two renames": None,
    "fallback: after the two renames": "B",
}


@pytest.mark.parametrize("point", list(POINTS))
def test_a_build_killed_at_each_step_of_the_swap(references, project, point):
    _, digests = references
    if not point.startswith("fallback") and not _has_exchange():
        pytest.skip("no renameat2 here")
    code, err = finish(start(project, program=[sys.executable, "-c", KILL_AT, point]))
    assert code == -signal.SIGKILL, err
    site = project / "site"
    if POINTS[point] is None:
        # The fallback's one window (systems without an exchange): the old site is hidden
        # beside it, whole; a build that fails in MkDocs puts it back and changes nothing.
        [old] = project.glob(".site-old-*")
        assert not site.exists() and version_of(old, digests) == "A"
        config = project / "mkdocs.yml"
        good = config.read_text()
        config.write_text(good + "theme:\n  name: no-such-theme\n")
        code, err = build(project)
        assert code == 1 and "no-such-theme" in err, err
        assert version_of(site, digests) == "A"
        assert leftovers(project) == []
        config.write_text(good)
    else:
        assert version_of(site, digests) == POINTS[point]
    code, err = build(project)
    assert code == 0, err
    assert version_of(site, digests) == "B"
    assert leftovers(project) == []


def _has_exchange() -> bool:
    from cxm.engine.build import _renameat2

    return _renameat2() is not None


# -- builds at the same time ---------------------------------------------------------------------


def test_two_builds_at_once_both_succeed_and_publish_one_complete_site(references, project):
    _, digests = references
    first, second = start(project), start(project)
    results = [finish(first), finish(second)]
    assert [code for code, _ in results] == [0, 0], results
    assert all("internal error" not in err for _, err in results)
    assert version_of(project / "site", digests) == "B"
    assert leftovers(project) == []


# A slow disk: every step of the swap takes seconds, so that two builds meet there.
SLOW_SWAP = r"""
import os, time
import cxm.engine.build as publishing

real_rename = os.rename


def rename(src, dst):
    real_rename(src, dst)
    if "site" in (os.path.basename(src), os.path.basename(dst)):
        time.sleep(3)


os.rename = rename
if hasattr(publishing, "_exchange"):
    real_exchange = publishing._exchange

    def exchange(a, b):
        done = real_exchange(a, b)
        time.sleep(3)
        return done

    publishing._exchange = exchange
from cxm.cli.main import main

main()
"""


def test_two_builds_that_meet_in_a_slow_swap_both_succeed(references, project):
    _, digests = references
    slow = [sys.executable, "-c", SLOW_SWAP]
    first, second = start(project, program=slow), start(project, program=slow)
    results = [finish(first), finish(second)]
    assert [code for code, _ in results] == [0, 0], results
    assert version_of(project / "site", digests) == "B"
    assert leftovers(project) == []


HOLD = r"""
import fcntl, os, sys
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT)
fcntl.flock(fd, fcntl.LOCK_EX)
os.write(fd, f"{os.getpid()}\n".encode())
print("held", flush=True)
sys.stdin.read()  # until the test closes it
"""


def test_a_build_waits_for_the_build_that_holds_the_site_and_says_so(references, project):
    _, digests = references
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(project / ".site.lock")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline() == "held\n"
        waiting = start(project)
        err = ""
        deadline = time.monotonic() + 120
        while "waiting for" not in err and time.monotonic() < deadline:
            err += os.read(waiting.stderr.fileno(), 4096).decode()
        assert f"waiting for another build of this site (process {holder.pid}) to finish" in err
        time.sleep(0.5)
        assert waiting.poll() is None
        assert version_of(project / "site", digests) == "A"  # nothing published meanwhile
    finally:
        holder.stdin.close()
        holder.wait()
    code, rest = finish(waiting)
    assert code == 0, err + rest
    assert version_of(project / "site", digests) == "B"
    assert leftovers(project) == []


# -- file systems that say no --------------------------------------------------------------------


def _namespaces() -> bool:
    """Whether this process may mount file systems of its own (root, or CAP_SYS_ADMIN)."""
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(
        ["unshare", "-m", "sh", "-c", "mount -t tmpfs tmpfs /mnt"], capture_output=True
    )
    return probe.returncode == 0


needs_mounts = pytest.mark.skipif(not _namespaces(), reason="cannot mount in a namespace")


def in_namespace(project: Path, script: str) -> tuple[int, str, str]:
    """Run `script` (sh) in a mount namespace of its own: its mounts vanish with it."""
    command = script.replace("CXM", f"{sys.executable} -m cxm")
    done = subprocess.run(
        ["unshare", "-m", "sh", "-c", command],
        cwd=project,
        env=environment(project),
        capture_output=True,
        text=True,
        timeout=240,
    )
    return done.returncode, done.stdout, done.stderr


@needs_mounts
def test_a_site_folder_that_is_a_mount_point_is_a_clear_error_and_stays_as_it_was(project):
    site = project / "site"
    _, out, err = in_namespace(
        project,
        f"mount -t tmpfs tmpfs {site} && echo old > {site}/index.html && "
        f"CXM build; echo exit=$?; cat {site}/index.html",
    )
    assert out.splitlines() == ["exit=1", "old"], err
    assert f"cxm: error: {site} cannot be replaced: it is a mount point" in err
    assert "Mount its parent folder instead" in err
    assert "internal error" not in err
    assert leftovers(project) == []


def test_a_mount_point_the_system_does_not_show_is_a_clear_error_too(project, cxm, monkeypatch):
    """A bind mount on the same file system passes os.path.ismount: the exchange says EBUSY."""
    import cxm.engine.build as publishing

    def busy(a, b):
        raise OSError(errno.EBUSY, os.strerror(errno.EBUSY), str(b))

    monkeypatch.setattr(publishing, "_exchange", busy)
    before = tree_digest(project / "site")
    result = cxm("build", cwd=project)
    assert result.code == 1
    assert f"cxm: error: {project / 'site'} cannot be replaced: it is a mount point" in result.err
    assert tree_digest(project / "site") == before
    assert [p.name for p in project.iterdir() if p.name.startswith(".site")] == []


@needs_mounts
def test_a_read_only_site_folder_is_a_clear_error(project):
    out_dir = project.parent / "www"
    site = out_dir / "site"
    shutil.copytree(project / "site", site)
    before = tree_digest(site)
    code, _, err = in_namespace(
        project,
        f"mount --bind {out_dir} {out_dir} && mount -o remount,ro,bind {out_dir} && "
        f"CXM build --site-dir {site}",
    )
    assert code == 1, err
    assert f"cxm: error: cannot write {out_dir}/" in err
    assert "the file system is read-only" in err
    assert f"nothing was published: {site} is as it was" in err
    assert "internal error" not in err
    assert tree_digest(site) == before


@needs_mounts
def test_a_full_disk_is_a_clear_error_and_the_old_site_stays(project):
    out_dir = project.parent / "www"
    out_dir.mkdir()
    _, out, err = in_namespace(
        project,
        f"mount -t tmpfs -o size=48k tmpfs {out_dir} && mkdir {out_dir}/site && "
        f"echo old > {out_dir}/site/index.html && "
        f"CXM build --site-dir {out_dir}/site; echo exit=$?; ls -A {out_dir}; "
        f"cat {out_dir}/site/index.html",
    )
    assert out.splitlines() == ["exit=1", "site", "old"], err
    assert "cxm: error: no space left on the device to write" in err
    assert f"nothing was published: {out_dir}/site is as it was" in err
    assert "internal error" not in err


def test_a_site_folder_inside_a_file_is_a_clear_error(project, cxm):
    (project.parent / "a-file").write_text("not a folder")
    result = cxm("build", "--site-dir", str(project.parent / "a-file" / "site"), cwd=project)
    assert result.code == 1
    assert f"cxm: error: cannot write {project.parent / 'a-file'}" in result.err
    assert "a file is where a folder is needed" in result.err
    assert "internal error" not in result.err


def test_a_site_folder_the_build_may_not_write_is_a_clear_error(project, cxm):
    """Permission denied, as root too: an immutable folder (chattr +i) refuses even root."""
    out_dir = project.parent / "www"
    out_dir.mkdir()
    if os.geteuid() == 0:
        if subprocess.run(["chattr", "+i", str(out_dir)], capture_output=True).returncode:
            pytest.skip("chattr +i is not supported here")
    else:
        out_dir.chmod(0o555)
    try:
        result = cxm("build", "--site-dir", str(out_dir / "site"), cwd=project)
    finally:
        if os.geteuid() == 0:
            subprocess.run(["chattr", "-i", str(out_dir)], check=True)
        out_dir.chmod(0o755)
    assert result.code == 1
    assert f"cxm: error: cannot write {out_dir}/" in result.err
    assert "permission denied" in result.err or "not permitted" in result.err.lower()
    assert "internal error" not in result.err
    assert list(out_dir.iterdir()) == []


# -- a damaged chart cache -----------------------------------------------------------------------


@pytest.mark.parametrize("damage", ["truncated", "empty", "garbage"])
def test_a_damaged_cached_chart_is_drawn_again_and_the_published_chart_is_whole(
    references, project, damage
):
    _, digests = references
    charts = sorted((project / ".cache").rglob("*.svg"))
    assert charts
    for chart in charts:
        data = chart.read_bytes()
        chart.write_bytes(
            {"truncated": data[: len(data) // 3], "empty": b"", "garbage": b"\x00garbage" * 9}[
                damage
            ]
        )
    code, err = build(project, "-v")
    assert code == 0, err
    for svg in (project / "site").rglob("*.svg"):
        if "charts" in svg.parts:
            assert ET.fromstring(svg.read_bytes()).tag.endswith("svg")
    assert version_of(project / "site", digests) == "B"  # every chart as a fresh build draws it
    for chart in charts:
        assert f"the cached file {chart} " in err
    code, err = build(project, "-v")
    assert code == 0 and "drawing it again" not in err  # repaired
