"""`budgetdoc profile new`: a district profile folder with commented examples of every override."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from string import Template

from gen.compose.profile import PROFILE_FILE, builtin_profiles, find_profile, load_profile, template_root
from gen.errors import BudgetDocError, UsageError
from gen.load.yaml_source import load_yaml

HERE = Path(__file__).resolve().parent
# Where each scaffold file goes in the new folder.
FILES = {
    "profile.yaml.tmpl": PROFILE_FILE,
    "narrative.j2.tmpl": "narrative.j2",
    "style.css.tmpl": "html/style.css",
    "print.css.tmpl": "pdf/print.css",
    "README.md.tmpl": "README.md",
}
NAME = re.compile(r"\w[\w-]*")
# Names Windows cannot give a folder.
RESERVED = {
    "con",
    "prn",
    "aux",
    "nul",
    *(f"com{i}" for i in range(1, 10)),
    *(f"lpt{i}" for i in range(1, 10)),
}


def new_profile(name: str, base: str, parent_dir: Path) -> Path:
    """Create `parent_dir/name` extending `base`; it builds exactly like `base` until edited."""
    if not NAME.fullmatch(name) or name.lower() in RESERVED:
        raise UsageError(f"模板名称“{name}”只能包含文字、数字、下划线和连字符，且不能以连字符开头")
    if name in builtin_profiles():
        raise UsageError(f"“{name}”是内置模板的名称；请给本地区的模板另起一个名称")
    load_profile(base)  # the base must exist and be valid before anything is written
    target = parent_dir / name
    if target.exists():
        raise UsageError(f"{target} 已存在；换一个名称，或先移走该文件夹")
    folder = find_profile(base)
    builtin = folder == (template_root() / folder.name).resolve()
    # extends: is looked up next to the new folder, so a base given as a path is written relative to it.
    extends = folder.name if builtin else Path(os.path.relpath(folder, parent_dir.resolve())).as_posix()
    for source, relative in FILES.items():
        text = Template((HERE / source).read_text(encoding="utf-8")).substitute(
            name=name, base=folder.name, extends=extends
        )
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return target


@dataclass(frozen=True)
class ProfileInfo:
    name: str
    extends: str
    description: str
    folder: Path


def list_profiles(here: Path) -> list[ProfileInfo]:
    """The built-in profiles, then profile folders in `here`."""
    builtin = [template_root() / n for n in builtin_profiles()]
    seen = {f.resolve() for f in builtin}
    local = sorted(
        p.parent for p in here.glob(f"*/{PROFILE_FILE}") if p.is_file() and p.parent.resolve() not in seen
    )
    found = []
    for folder in builtin + local:
        try:
            data = load_yaml(folder / PROFILE_FILE).data
        except BudgetDocError:
            found.append(
                ProfileInfo(folder.name, "", f"（{PROFILE_FILE} 有误，运行 build 查看详情）", folder)
            )
            continue
        found.append(
            ProfileInfo(
                folder.name,  # what --profile takes
                str(data.get("extends") or ""),
                str(data.get("description") or ""),
                folder,
            )
        )
    return found
