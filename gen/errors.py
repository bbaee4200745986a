"""The exception tree; the CLI turns these into Chinese messages at the edge."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gen.findings import Finding


class BudgetDocError(Exception):
    """Base of every error budgetdoc reports to its user."""

    exit_code = 1


class InputError(BudgetDocError):
    """The input cannot be used; carries every problem found, each with its location."""

    def __init__(self, findings: list[Finding]) -> None:
        super().__init__(f"{len(findings)} 个问题")
        self.findings = findings


class UsageError(BudgetDocError):
    """The command line asks for something that cannot be done."""

    exit_code = 2


class OutputError(BudgetDocError):
    """An output file could not be written."""


class RenderError(BudgetDocError):
    """An output cannot be made as asked (e.g. PDF/A, which needs a glyph for every character)."""


# What the operating system said, in the words a budget officer would use (strerror is English).
_REASONS = {
    "ENOENT": "找不到该文件或文件夹",
    "EACCES": "没有访问权限",
    "EPERM": "没有操作权限",
    "EISDIR": "这是一个文件夹，不是文件",
    "ENOTDIR": "路径中有一部分不是文件夹",
    "ENOSPC": "磁盘空间不足",
    "EDQUOT": "超出了磁盘配额",
    "EROFS": "磁盘或文件夹是只读的",
    "ENAMETOOLONG": "文件名过长",
    "EEXIST": "已存在同名文件",
    "EBUSY": "文件正被占用",
    "ETXTBSY": "文件正被占用",
    "EMFILE": "打开的文件过多",
    "EIO": "磁盘读写出错",
    "EXDEV": "不能跨磁盘移动文件",
    "ELOOP": "符号链接循环",
    "EFBIG": "文件过大",
    "EINVAL": "文件名或参数无效",
}


def os_reason(exc: OSError) -> str:
    """The reason an operating-system call failed, in Chinese (with the errno name for support)."""
    import errno

    name = errno.errorcode.get(exc.errno or 0, "")
    return _REASONS.get(name, f"系统错误 {name}" if name else "系统错误")
