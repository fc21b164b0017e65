"""Writing safely where the user said: ``--out`` folders and files are checked (no system
folder, no symlink, not the data folder being read), every write stays inside its folder and
is atomic. Used by the importer, ``kkr report`` (HTML, PDF), ``kkr meetings ics`` and the CLI's
checks; the import's plan, lock and swap stay in :mod:`.store`."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from ..errors import DataError, os_reason

SYSTEM_ROOTS = (Path("/proc"), Path("/sys"), Path("/dev"))


def _special(path: Path) -> str | None:
    """Why ``path`` is no place for output: a system folder (/proc, /sys, /dev)."""
    if "\x00" in str(path):
        return "et filnavn kan ikke indeholde et NUL-tegn"
    resolved = path.resolve()
    for root in SYSTEM_ROOTS:
        if resolved == root or root in resolved.parents:
            return f"ligger under {root}, en systemmappe, ikke et sted at skrive"
    return None


def check_out_dir(out_dir: str | Path, data_dir: str | Path | None = None, *,
                  in_place: bool = False) -> Path:
    """``out_dir`` can be a folder to write: a folder or nothing yet, in an existing folder.

    With ``data_dir`` (the folder read from): ``out_dir`` equal to it or inside it is refused
    unless ``in_place`` — an import must not quietly rewrite its own source.
    """
    try:
        return _check_out_dir(out_dir, data_dir, in_place=in_place)
    except OSError as exc:
        raise DataError(f"stien kan ikke bruges: {os_reason(exc)}", path=out_dir) from None


def _check_out_dir(out_dir: str | Path, data_dir: str | Path | None = None, *,
                   in_place: bool = False) -> Path:
    """``out_dir`` can be a folder to write: a folder or nothing yet, in an existing folder.

    With ``data_dir`` (the folder read from): ``out_dir`` equal to it or inside it is refused
    unless ``in_place`` — an import must not quietly rewrite its own source.
    """
    if "\x00" in str(out_dir):
        raise DataError("et filnavn kan ikke indeholde et NUL-tegn", path=out_dir)
    out_dir = Path(os.path.abspath(out_dir))  # "." and ".." get a name (lock, staging)
    if out_dir == out_dir.parent:
        raise DataError("er rodmappen; giv en mappe at skrive i", path=out_dir)
    here = Path.cwd()
    if out_dir == here or out_dir in here.parents:
        raise DataError("er den aktuelle mappe (eller rummer den), som en import erstatter "
                        "helt; giv en mappe under den, fx --out mydata", path=out_dir)
    reason = _special(out_dir)
    if reason:
        raise DataError(reason, path=out_dir)
    if out_dir.is_symlink():
        raise DataError(_link_reason(out_dir), path=out_dir)
    if out_dir.exists():
        if not out_dir.is_dir():
            raise DataError("er en fil, ikke en mappe; giv en mappe at skrive i", path=out_dir)
    else:
        parent = out_dir.parent
        if not parent.exists():
            raise DataError(f"mappen {parent} findes ikke; opret den først",
                            path=out_dir)
        if not parent.is_dir():
            raise DataError(f"{parent} er en fil, så der kan ikke laves en mappe i den",
                            path=out_dir)
    if not os.access(out_dir.parent, os.W_OK | os.X_OK):
        raise DataError(f"mappen {out_dir.parent} er skrivebeskyttet", path=out_dir)
    if data_dir is not None and not in_place:
        source, target = Path(data_dir).resolve(), out_dir.resolve()
        if target == source or source in target.parents:
            raise DataError(f"{'er' if target == source else 'ligger i'} den datamappe, der "
                            f"læses fra ({data_dir}); skriv et andet sted, eller giv --in-place "
                            "for at opdatere den med vilje", path=out_dir)
    return out_dir


def check_out_file(path: str | Path) -> Path:
    """``path`` can be a file to write: a regular file or nothing yet, in an existing folder."""
    try:
        return _check_out_file(path)
    except OSError as exc:
        raise DataError(f"stien kan ikke bruges: {os_reason(exc)}", path=path) from None


def _check_out_file(path: str | Path) -> Path:
    """``path`` can be a file to write: a regular file or nothing yet, in an existing folder."""
    path = Path(path)
    reason = _special(path)
    if reason:
        raise DataError(reason, path=path)
    if path.exists():
        if path.is_dir():
            raise DataError("er en mappe; giv et filnavn", path=path)
        if not path.is_file():
            raise DataError("er en særlig fil (en FIFO eller en enhed), ikke en almindelig fil",
                            path=path)
    parent = path.parent
    if not parent.exists():
        raise DataError(f"mappen {parent} findes ikke; opret den først", path=path)
    if not parent.is_dir():
        raise DataError(f"{parent} er en fil, så der kan ikke laves en fil i den", path=path)
    if not os.access(parent, os.W_OK | os.X_OK):
        raise DataError(f"mappen {parent} er skrivebeskyttet", path=path)
    return path


def _link_reason(path: Path) -> str:
    target = os.readlink(path)
    dangling = "" if path.exists() else ", som ikke findes"
    return (f"er et symbolsk link (til {target}{dangling}); der skrives aldrig gennem et link: "
            "fjern det, eller giv en anden mappe")


def refuse_links(out_dir: Path) -> None:
    """No symbolic link anywhere below ``out_dir`` (an output folder): writing there must never
    land outside it. One line naming the first link found."""
    if out_dir.is_symlink():
        raise DataError(_link_reason(out_dir), path=out_dir)
    if not out_dir.is_dir():
        return
    for root, dirs, files in os.walk(out_dir):  # os.walk does not follow links to folders
        for name in sorted(dirs + files):
            path = Path(root) / name
            if path.is_symlink():
                raise DataError(_link_reason(path), path=path)


def write_inside(out_dir: Path, relative: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``out_dir/relative`` without following any symbolic link: every folder
    on the way is made or must be a real folder, and the file is opened with ``O_NOFOLLOW``
    (a link put there in the meantime is refused, not written through)."""
    target = out_dir / relative
    folder = out_dir
    for part in Path(relative).parent.parts:
        folder = folder / part
        if folder.is_symlink():
            raise DataError(_link_reason(folder), path=folder)
        folder.mkdir(exist_ok=True)
    if target.is_symlink():
        raise DataError(_link_reason(target), path=target)
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(target, flags, 0o644)
    except OSError as exc:
        if target.is_symlink():
            raise DataError(_link_reason(target), path=target) from None
        raise DataError(f"kan ikke skrive: {os_reason(exc)}", path=target) from None
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    return target


def write_file(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` all or nothing (a temporary file renamed into place)."""
    path = check_out_file(path)
    tmp = None
    try:
        mode = stat.S_IMODE(path.stat().st_mode) if path.is_file() else None
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        tmp = Path(name)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        if mode is None:  # a new file: as open() would make it (mkstemp makes it 0600)
            mask = os.umask(0)
            os.umask(mask)
            mode = 0o666 & ~mask
        tmp.chmod(mode)
        os.replace(tmp, path)
    except OSError as exc:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
        raise DataError(f"kan ikke skrive: {os_reason(exc)}", path=path) from None
    return path
