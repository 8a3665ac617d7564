"""Publishing a site folder (cxm.engine.build): the swap, the lock, what killed builds left,
and file-system errors in words. Real folders in tmp_path; faults are injected only at the OS
boundary (a rename or the exchange that raises)."""

from __future__ import annotations

import errno
import fcntl
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from cxm.engine import build as publishing
from cxm.engine.build import PublishError

needs_exchange = pytest.mark.skipif(
    publishing._renameat2() is None, reason="no renameat2 on this system"
)


def site(folder: Path, version: str) -> Path:
    """A small complete site: an index page and a marker page naming its version."""
    (folder / "teams").mkdir(parents=True)
    (folder / "index.html").write_text(f"<h1>{version}</h1>")
    (folder / "teams" / "index.html").write_text(f"teams of {version}")
    return folder


def contents(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): p.read_text()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def beside(folder: Path) -> list[str]:
    """Every name in the site folder's parent but the site folder itself."""
    return sorted(p.name for p in folder.parent.iterdir() if p != folder)


@needs_exchange
def test_the_exchange_swaps_two_folders_in_one_step(tmp_path):
    a, b = site(tmp_path / "a", "A"), site(tmp_path / "b", "B")
    assert publishing._exchange(a, b) is True
    assert (a / "index.html").read_text() == "<h1>B</h1>"
    assert (b / "index.html").read_text() == "<h1>A</h1>"


@pytest.mark.parametrize("exchange", [True, False], ids=["exchange", "two-renames"])
def test_swap_puts_the_new_site_in_place_and_nothing_stays_beside_it(
    tmp_path, monkeypatch, exchange
):
    if exchange and publishing._renameat2() is None:
        pytest.skip("no renameat2 on this system")
    if not exchange:  # the fallback of systems without an exchange
        monkeypatch.setattr(publishing, "_exchange", lambda a, b: False)
    target = site(tmp_path / "site", "old")
    with publishing._staging(target) as staging:
        site(staging, "new")
        publishing._swap(staging, target)
    assert contents(target) == {"index.html": "<h1>new</h1>", "teams/index.html": "teams of new"}
    assert beside(target) == []


def test_the_first_site_is_moved_in_with_one_rename(tmp_path):
    target = tmp_path / "site"
    with publishing._staging(target) as staging:
        site(staging, "first")
        publishing._swap(staging, target)
    assert (target / "index.html").read_text() == "<h1>first</h1>"
    assert beside(target) == []


def test_the_new_site_folder_has_the_usual_permissions_not_a_private_temp_folders(tmp_path):
    # mkdtemp made it 0700: a web server running as another user could not read the site.
    umask = os.umask(0o022)
    try:
        with publishing._staging(tmp_path / "site") as staging:
            assert staging.stat().st_mode & 0o777 == 0o755
    finally:
        os.umask(umask)


@pytest.mark.parametrize("failing", [errno.ENOSPC, errno.EIO])
def test_a_failed_second_rename_puts_the_old_site_back(tmp_path, monkeypatch, failing):
    monkeypatch.setattr(publishing, "_exchange", lambda a, b: False)
    target = site(tmp_path / "site", "old")
    real = os.rename
    calls = []

    def rename(src, dst):
        calls.append((Path(src).name, Path(dst).name))
        if len(calls) == 2:  # the new site in: fails after the old one went away
            raise OSError(failing, os.strerror(failing), str(src))
        return real(src, dst)

    monkeypatch.setattr(os, "rename", rename)
    with pytest.raises(OSError), publishing._staging(target) as staging:
        site(staging, "new")
        publishing._swap(staging, target)
    assert contents(target)["index.html"] == "<h1>old</h1>"
    assert beside(target) == []
    assert calls[0][0] == "site" and calls[0][1].startswith(".site-old-")


def test_an_exchange_that_fails_moves_nothing(tmp_path, monkeypatch):
    def busy(a, b):
        raise OSError(errno.EBUSY, os.strerror(errno.EBUSY), str(b))

    monkeypatch.setattr(publishing, "_exchange", busy)
    target = site(tmp_path / "site", "old")
    with pytest.raises(OSError), publishing._staging(target) as staging:
        site(staging, "new")
        publishing._swap(staging, target)
    assert contents(target)["index.html"] == "<h1>old</h1>"
    assert beside(target) == []


# -- what killed builds left -------------------------------------------------------------------


def test_leftovers_of_killed_builds_are_removed_and_nothing_else(tmp_path):
    target = site(tmp_path / "site", "current")
    site(tmp_path / ".site-building-ab12cd34", "half built")
    site(tmp_path / ".site-old-0f0f0f0f", "older")
    site(tmp_path / ".site-old-x_y1z2w3", "older, as earlier versions named it")
    keep = [
        ".site-building-x-building-ab12cd34",  # staging of a site called `site-building-x`
        ".site-buildingnotes",
        "site-old-ab12cd34",
        "notes.txt",
    ]
    for name in keep:
        (tmp_path / name).mkdir()
    publishing._remove_leftovers(target)
    assert beside(target) == sorted(keep)
    assert contents(target)["index.html"] == "<h1>current</h1>"


@pytest.mark.parametrize("nested", [False, True], ids=["old-folder", "old-folder/site"])
def test_an_old_site_without_a_site_folder_is_put_back(tmp_path, nested):
    """A build killed between the two renames of the fallback left the site folder missing."""
    old = tmp_path / ".site-old-12345678"
    site(old / "site" if nested else old, "old")
    target = tmp_path / "site"
    publishing._remove_leftovers(target)
    assert contents(target) == {"index.html": "<h1>old</h1>", "teams/index.html": "teams of old"}
    assert beside(target) == []


def test_a_half_built_staging_folder_is_never_put_back(tmp_path):
    site(tmp_path / ".site-building-12345678", "half built")
    target = tmp_path / "site"
    publishing._remove_leftovers(target)
    assert not target.exists()
    assert beside(target) == []


# -- the lock ------------------------------------------------------------------------------------

HOLD = """
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT)
fcntl.flock(fd, fcntl.LOCK_EX)
os.write(fd, b"4242\\n")
print("held", flush=True)
time.sleep(float(sys.argv[2]))
"""


def test_a_second_build_waits_for_the_lock_and_says_whose_it_is(tmp_path, capsys):
    target = tmp_path / "site"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(tmp_path / ".site.lock"), "1.5"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline() == "held\n"
        started = time.monotonic()
        with publishing._locked(target):
            waited = time.monotonic() - started
            assert (tmp_path / ".site.lock").read_text() == f"{os.getpid()}\n"
    finally:
        holder.kill()
        holder.wait()
    assert waited > 0.5
    assert "waiting for another build of this site (process 4242) to finish" in (
        capsys.readouterr().err
    )
    assert beside(target) == []  # the lock file goes with the build


def test_the_lock_of_a_killed_build_is_free_and_its_file_is_reused(tmp_path, capsys):
    target = tmp_path / "site"
    (tmp_path / ".site.lock").write_text("999999\n")  # a file no process holds
    with publishing._locked(target):
        fd = os.open(tmp_path / ".site.lock", os.O_RDWR)
        try:
            with pytest.raises(BlockingIOError):
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        finally:
            os.close(fd)
    assert capsys.readouterr().err == ""
    assert beside(target) == []


# -- file-system errors in words -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        (errno.EBUSY, "/srv/www/site cannot be replaced: it is a mount point"),
        (errno.EXDEV, "/srv/www/site cannot be replaced: it is a mount point"),
        (errno.EROFS, "cannot write /srv/www/x: the file system is read-only."),
        (errno.EACCES, "cannot write /srv/www/x: permission denied."),
        (errno.ENOSPC, "no space left on the device to write /srv/www/x: a build needs room"),
        (errno.ENOTDIR, "cannot write /srv/www/x: a file is where a folder is needed."),
        (errno.EIO, "cannot write /srv/www/x: Input/output error."),
    ],
)
def test_every_file_system_error_names_the_folder_and_says_the_site_is_unchanged(code, expected):
    target = Path("/srv/www/site")
    message = publishing._explain(OSError(code, os.strerror(code), "/srv/www/x"), target)
    assert message.startswith(expected)
    assert message.endswith("nothing was published: /srv/www/site is as it was")


def test_a_mount_point_message_says_what_to_do_and_what_copying_costs():
    message = publishing._explain(OSError(errno.EBUSY, "busy"), Path("/srv/site"))
    assert "Mount its parent folder instead" in message
    assert "--site-dir /srv/site/site" in message
    assert "readers see old and new files mixed" in message


def test_a_site_path_that_is_a_file_is_refused_before_building(tmp_path):
    (tmp_path / "site").write_text("not a folder")
    with pytest.raises(PublishError, match="site is a file, not a folder"):
        publishing._check_target(tmp_path / "site")
