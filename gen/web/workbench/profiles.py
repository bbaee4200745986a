"""Installing a district profile from a zip: unpacked with limits into the data folder's profiles/,
loaded (and so checked) as `budgetdoc build --profile` would, and only then put in place."""

from __future__ import annotations

import os
import re
import shutil
import stat
import uuid
import zipfile
from pathlib import Path, PurePosixPath

from django.conf import settings

from gen.compose.profile import PROFILE_FILE, builtin_profiles, load_profile
from gen.errors import BudgetDocError, InputError
from gen.load.limits import too_large

MAX_FILES = 200
MAX_BYTES = 20 * 1024 * 1024
ALLOWED = {".yaml", ".yml", ".j2", ".html", ".css", ".docx", ".png", ".jpg", ".jpeg", ".svg", ".md", ".txt"}


class ProfileRefused(Exception):
    """Why a profile archive was not installed, in words for the administrator."""


def _members(archive: zipfile.ZipFile) -> list[tuple[zipfile.ZipInfo, PurePosixPath]]:
    infos = [i for i in archive.infolist() if not i.is_dir()]
    if len(infos) > MAX_FILES:
        raise ProfileRefused(f"压缩包中的文件过多（{len(infos)} 个，至多 {MAX_FILES} 个）")
    unpacked = sum(i.file_size for i in infos)
    if unpacked > MAX_BYTES:
        raise ProfileRefused(f"{too_large('压缩包解压后', unpacked, MAX_BYTES)}，不像是模板")
    members = []
    for info in infos:
        path = PurePosixPath(info.filename.replace("\\", "/"))
        if path.is_absolute() or ".." in path.parts or not path.parts:
            raise ProfileRefused(f"压缩包中有指向外部的路径：{info.filename}")
        if stat.S_ISLNK(info.external_attr >> 16):
            raise ProfileRefused(f"压缩包中有链接文件：{info.filename}")
        if path.name.startswith(".") or "__MACOSX" in path.parts:
            continue
        if path.suffix.lower() not in ALLOWED:
            raise ProfileRefused(f"模板中不应有 {path.suffix or '无扩展名'} 文件：{info.filename}")
        members.append((info, path))
    return members


def _root(members: list[tuple[zipfile.ZipInfo, PurePosixPath]]) -> tuple[PurePosixPath, str]:
    """The folder inside the archive that holds profile.yaml, and its name."""
    roots = [p.parent for _, p in members if p.name == PROFILE_FILE]
    if len(roots) != 1:
        raise ProfileRefused(f"压缩包中应有且只有一个 {PROFILE_FILE}（找到 {len(roots)} 个）")
    return roots[0], roots[0].name


def install(upload: Path, name: str) -> tuple[str, str, str]:
    """Install the profile in `upload` (a zip) as `name` (default its folder's name); returns its name,
    what it extends and its description. Raises ProfileRefused with the reason."""
    try:
        with zipfile.ZipFile(upload) as archive:
            members = _members(archive)
            root, folder_name = _root(members)
            name = name or folder_name
            if not re.fullmatch(r"[0-9A-Za-z_\-\u4e00-\u9fff]{1,40}", name):
                raise ProfileRefused("请在“模板名称”中写一个名称（汉字、字母、数字、- 或 _）")
            if name in builtin_profiles():
                raise ProfileRefused(f"“{name}”是内置模板的名称，请换一个")
            home = Path(settings.BUDGETDOC_PROFILES)
            home.mkdir(parents=True, exist_ok=True)
            # Unpacked beside the installed ones, so that `extends:` finds them as it will later.
            staging = home / f".{name}.{uuid.uuid4().hex}"
            try:
                for info, path in members:
                    relative = path.relative_to(root) if root.parts else path
                    if root.parts and not path.is_relative_to(root):
                        continue
                    target = staging.joinpath(*relative.parts)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    with archive.open(info) as source, target.open("wb") as sink:
                        shutil.copyfileobj(source, sink)
                resolved = load_profile(str(staging))
                _put_in_place(staging, home / name)
            finally:
                shutil.rmtree(staging, ignore_errors=True)
    except zipfile.BadZipFile:
        raise ProfileRefused("这不是 zip 压缩包") from None
    except InputError as error:
        details = "；".join(
            f"{f.message}（{', '.join(str(loc) for loc in f.locations)}）" for f in error.findings
        )
        raise ProfileRefused(f"模板有误：{details}") from None
    except BudgetDocError as error:
        raise ProfileRefused(f"模板有误：{error}") from None
    return name, resolved.spec.extends or "", resolved.spec.description


def _put_in_place(staging: Path, target: Path) -> None:
    """Replace an installed profile of the same name with two renames; never a half-copied folder."""
    old = target.with_name(f".{target.name}.old.{uuid.uuid4().hex}")
    if target.exists():
        os.replace(target, old)
    os.replace(staging, target)
    shutil.rmtree(old, ignore_errors=True)
