#!/usr/bin/env bash
# Prepare a fresh machine: system packages the renderers need, then a virtualenv with budgetdoc.
set -euo pipefail
cd "$(dirname "$0")/.."

# Fonts and HarfBuzz subsetting for PDF output (WeasyPrint), poppler for reading PDFs back;
# LibreOffice (headless) lays the DOCX out to write the page numbers of its 目录, with Liberation
# fonts of Times New Roman's widths; with --test also LibreOffice's Python bridge (the tests update
# the 目录 in it), and for the web workbench's browser tests Chromium with its driver and PostgreSQL
# (the tests start their own server).
packages=(fonts-noto-cjk fonts-liberation libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0 poppler-utils
  libreoffice-writer-nogui)
if [ "${1:-}" = "--test" ]; then
  packages+=(python3-uno chromium chromium-driver postgresql)
fi
need=()
for pkg in "${packages[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -m pip install -q -e ".[dev]"
# Bytecode for budgetdoc's own modules (an editable install leaves them as source): where Python may
# not write its caches (PYTHONDONTWRITEBYTECODE, a read-only checkout) every build would compile them.
.venv/bin/python -m compileall -q gen models >/dev/null
