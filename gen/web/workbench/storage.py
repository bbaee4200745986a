"""Files the workbench keeps, all under the data folder's store/, which no URL serves: uploads and
outputs under generated names, and work folders that exist only while a job runs."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile


def folder(kind: str) -> Path:
    path = Path(settings.BUDGETDOC_STORE) / kind
    path.mkdir(parents=True, exist_ok=True)
    return path


def upload_path(stored_name: str) -> Path:
    return folder("uploads") / stored_name


def output_path(outputs: str, file_name: str) -> Path:
    return folder("outputs") / outputs / file_name


def archive_path(name: str) -> Path:
    return folder("archives") / name


def new_name(suffix: str = "") -> str:
    return f"{uuid.uuid4().hex}{suffix}"


def save_upload(upload: UploadedFile, suffix: str) -> tuple[str, int, str]:
    """Store an upload under a new name (written whole, then renamed); its name, size and SHA-256."""
    name = new_name(suffix)
    target = upload_path(name)
    digest = hashlib.sha256()
    size = 0
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=".upload-")
    try:
        with os.fdopen(fd, "wb") as handle:
            for chunk in upload.chunks():
                digest.update(chunk)
                size += len(chunk)
                handle.write(chunk)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return name, size, digest.hexdigest()


def work_folder() -> Path:
    return Path(tempfile.mkdtemp(dir=folder("work")))


def keep_outputs(work_out: Path) -> str:
    """Move a finished job's outputs into the store in one rename; the folder's new name."""
    name = new_name()
    os.replace(work_out, folder("outputs") / name)
    return name


def clear_work() -> None:
    """Work folders left by a process that stopped mid-job."""
    shutil.rmtree(folder("work"), ignore_errors=True)
    folder("work")
