"""A YAML file parsed once and kept, by its bytes: a profile.yaml is not parsed again at every build.

Parsing with line numbers (ruamel's round-trip loader) is the slowest step of loading a profile,
and a profile changes far less often than it is used. The cache holds plain JSON (never pickle: a
cache file is data, not code), keyed by a hash of the file's bytes and of this module's format; an
unreadable or unwritable cache is simply not used.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from gen.load.source import SourceDoc

FORMAT = b"budgetdoc-yaml-cache-1\n"


def cache_folder() -> Path:
    configured = os.environ.get("BUDGETDOC_CACHE")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "budgetdoc"


def _encode(value: Any) -> Any:
    if isinstance(value, Decimal):
        return {"$decimal": format(value, "f")}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    if isinstance(value, dict):
        return {"$map": [[_encode(k), _encode(v)] for k, v in value.items()]}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        if "$decimal" in value:
            return Decimal(value["$decimal"])
        if "$date" in value:
            return dt.date.fromisoformat(value["$date"])
        return {_decode(k): _decode(v) for k, v in value["$map"]}
    if isinstance(value, list):
        return [_decode(v) for v in value]
    return value


def cached(path: Path, load: Callable[[Path], SourceDoc]) -> SourceDoc:
    """`load(path)`, or what it gave for a file with these very bytes before."""
    try:
        raw = path.read_bytes()
    except OSError:
        return load(path)
    key = hashlib.sha256(FORMAT + raw).hexdigest()
    folder = cache_folder()
    entry = folder / f"{key}.json"
    try:
        stored = json.loads(entry.read_text(encoding="utf-8"))
        lines = {tuple(p): line for p, line in stored["lines"]}
        return SourceDoc(path=path, data=_decode(stored["data"]), lines=lines)
    except (OSError, ValueError, KeyError, TypeError):
        pass
    source = load(path)
    payload = {"data": _encode(source.data), "lines": [[list(p), line] for p, line in source.lines.items()]}
    temporary: str | None = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            "w", dir=folder, suffix=".tmp", delete=False, encoding="utf-8"
        ) as out:
            temporary = out.name
            json.dump(payload, out, ensure_ascii=False)
        os.replace(temporary, entry)
    except OSError:
        # A read-only home or a full disk: the next build parses again.
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
    return source
