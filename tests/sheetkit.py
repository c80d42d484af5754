"""Workbooks and CSV tables for the import tests: exported, edited cell by cell,
re-saved; and the bytes of a repository to compare before and after."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path
from typing import Any

import gitkit


def repo_copy(example: Path) -> Path:
    """The example in a git repository, committed: ``git diff`` shows what an import changed."""
    gitkit.init(example)
    gitkit.commit_all(example, "ejemplo")
    return example


def diff(root: Path) -> str:
    return gitkit.git(root, "diff", "--no-color", "-U0")


def changed_lines(root: Path) -> list[str]:
    """The ``-``/``+`` lines of ``git diff`` (without the file headers)."""
    return [l for l in diff(root).splitlines() if l[:1] in "+-" and not l.startswith(("+++", "---"))]


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*.yaml"))}


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def find_row(ws: Any, key: str) -> int:
    for row in ws.iter_rows(min_col=1, max_col=1):
        if row[0].value == key:
            return row[0].row
    raise AssertionError(f"no row {key} in {ws.title}")


def column_of(ws: Any, header: str) -> int:
    for cell in ws[1]:
        if cell.value == header:
            return cell.column
    raise AssertionError(f"no column {header!r} in {ws.title}: {[c.value for c in ws[1]]}")


def set_cell(book: Any, sheet: str, key: str, header: str, value: Any) -> str:
    """Write ``value`` in the row ``key``, column ``header``; return the cell's place («Avance!H12»)."""
    from openpyxl.utils import get_column_letter

    ws = book[sheet]
    row, col = find_row(ws, key), column_of(ws, header)
    ws.cell(row=row, column=col).value = value
    return f"{sheet}!{get_column_letter(col)}{row}"


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def resave(path: Path, out_dir: Path) -> Path:
    """The workbook re-saved by LibreOffice (headless), as a secretary's copy would be."""
    exe = soffice()
    assert exe is not None
    out_dir.mkdir(parents=True, exist_ok=True)
    profile = out_dir.parent / "lo-profile"
    subprocess.run(
        [exe, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "xlsx", "--outdir", str(out_dir), str(path)],
        check=True, capture_output=True, timeout=180,
    )
    return out_dir / path.name
