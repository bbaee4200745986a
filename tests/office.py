"""A .docx laid out by LibreOffice (as a reviewer opening it would see it), for tests to read back."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from tests.conftest import ROOT

FONTCONFIG = ROOT / "gen" / "render" / "word" / "fontconfig.xml"


def libreoffice_pdf(source: Path) -> subprocess.CompletedProcess[str]:
    """Convert `source` to a PDF beside it with LibreOffice (a profile of its own, the tests' fonts)."""
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice is installed by `scripts/setup.sh --test`"
    folder = source.parent
    return subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{folder / 'lo-profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "FONTCONFIG_FILE": str(FONTCONFIG)},
        check=False,
    )
