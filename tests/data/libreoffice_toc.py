"""Run by LibreOffice's own Python (Debian's python3-uno): open a DOCX in LibreOffice, read its 目录
as shown, update the index as a user would (Tools ▸ Update ▸ Update All), read it again.

Usage: /usr/bin/python3 libreoffice_toc.py DOCX PROFILE_FOLDER — prints {"before": …, "after": …}.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]


def main(docx: str, profile: str) -> None:
    pipe = f"budgetdoc-toc-{os.getpid()}"
    office = subprocess.Popen(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--norestore",
            f"--accept=pipe,name={pipe};urp;",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        for _ in range(240):
            try:
                context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except Exception:  # not listening yet
                time.sleep(0.25)
        desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        hidden = PropertyValue()
        hidden.Name, hidden.Value = "Hidden", True
        document = desktop.loadComponentFromURL(uno.systemPathToFileUrl(docx), "_blank", 0, (hidden,))
        toc = document.getDocumentIndexes().getByIndex(0)
        before = toc.getAnchor().getString()
        toc.update()
        after = toc.getAnchor().getString()
        document.close(True)
        print(json.dumps({"before": before, "after": after}, ensure_ascii=False))
    finally:
        office.terminate()
        office.wait(60)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
