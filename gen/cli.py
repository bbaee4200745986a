"""The command line; the only place where errors become messages and exit codes."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from rich.console import Console

from gen import usage
from gen.build import INTERNAL_ERROR, Outcome
from gen.compose.profile import PDF_ENGINES, PDF_STANDARDS
from gen.errors import BudgetDocError, InputError, UsageError
from gen.report import console, print_findings, silence, summary_line

if TYPE_CHECKING:
    from gen.compute.budget import CodeLists

DEFAULT_OUT = Path("output")
usage.install()


def _console(err: bool = False) -> Console:
    return console(err)


def _echo(text: str) -> None:
    try:
        click.echo(text, nl=False)
        sys.stdout.flush()
    except BrokenPipeError:
        silence(sys.stdout)


def _existing(path: str) -> Path:
    candidate = Path(path)
    if not candidate.is_file():
        raise UsageError(f"找不到输入文件：{path}")
    return candidate


def _report(error: BudgetDocError, name: str = "", where: str = "", console: Console | None = None) -> None:
    """An input's findings with their summary line, or one `where错误：…` line for other errors."""
    console = console or _console(err=True)
    if isinstance(error, InputError):
        console.print(summary_line(name or "输入", error.findings))
        print_findings(console, error.findings)
    else:
        console.print(f"{where}错误：{error}")


def _fail(error: BudgetDocError, name: str = "") -> None:
    _report(error, name)
    sys.exit(error.exit_code)


# Where files an input names (meta.prior, meta.extra_codes) may be besides the input's own folder.
_refs = click.option(
    "--refs",
    "refs",
    multiple=True,
    metavar="DIR",
    help="输入中 meta.prior、meta.extra_codes 引用的文件也可以在此文件夹中（默认只限输入文件所在的文件夹）",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """budgetdoc：由结构化预算数据生成部门预算公开文本。"""


@cli.command()
@click.argument("input_file", metavar="INPUT")
@click.option("--prior", "prior", metavar="FILE", help="上年预算输入文件（默认取 meta.prior）")
@click.option("--profile", "profile", metavar="NAME", help="模板名称或模板文件夹（默认取 meta.profile）")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出检查结果")
@_refs
def check(
    input_file: str, prior: str | None, profile: str | None, as_json: bool, refs: tuple[str, ...]
) -> None:
    """检查输入文件、上年文件和模板所需的数据，列出全部错误和警告（有错误时退出码为 1）。"""
    from gen.load.references import allowing
    from gen.pipeline import check_input

    try:
        with allowing(map(Path, refs)):
            checked = check_input(_existing(input_file), _existing(prior) if prior else None, profile)
    except BudgetDocError as error:
        _fail(error, input_file)
        return
    if as_json:
        payload = [f.as_dict() for f in checked.findings]
        _echo(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    else:
        console = _console()
        console.print(summary_line(input_file, checked.findings))
        print_findings(console, checked.findings)
    sys.exit(1 if checked.errors else 0)


@cli.command()
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("--out", "out_dir", default=str(DEFAULT_OUT), show_default=True, help="输出目录")
@click.option(
    "--format",
    "formats",
    default="html,pdf,docx",
    show_default=True,
    help="输出格式，逗号分隔：html、pdf、docx、xlsx、json",
)
@click.option("--profile", "profile", metavar="NAME", help="模板名称或模板文件夹（默认取 meta.profile）")
@click.option("--prior", "prior", metavar="FILE", help="上年预算输入文件（默认取 meta.prior）")
@click.option(
    "--jobs",
    "-j",
    "jobs",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="同时生成的输入个数（多个输入时；一般不超过 CPU 核数）",
)
@click.option(
    "--pdf-engine",
    "pdf_engine",
    type=click.Choice(PDF_ENGINES),
    help="PDF 排版方式：typst（按 profile.yaml 排版，带无障碍标签）或 weasyprint（按 pdf/print.css 排版）；"
    "默认取模板的 pdf.engine（typst）",
)
@click.option(
    "--pdf-standard",
    "pdf_standard",
    type=click.Choice(PDF_STANDARDS),
    help="生成 PDF/A 存档文件：a-2b、a-2u 或 a-2a（默认取模板的 pdf.standard，不设则为普通 PDF）",
)
@_refs
def build(
    inputs: tuple[str, ...],
    out_dir: str,
    formats: str,
    profile: str | None,
    prior: str | None,
    jobs: int,
    pdf_engine: str | None,
    pdf_standard: str | None,
    refs: tuple[str, ...],
) -> None:
    """生成公开文本：每个输入写出 DIR/<文件名>.<格式>；一个输入出错不影响其他输入。"""
    from gen.build import Options, build_many
    from gen.render import renderers

    available = renderers()
    wanted = [f.strip().lower() for f in formats.split(",") if f.strip()]
    unknown = [f for f in wanted if f not in available]
    try:
        if unknown or not wanted:
            raise UsageError(
                f"不支持的输出格式：{'、'.join(unknown) or '（空）'}；可用：{'、'.join(available)}"
            )
        paths = [_existing(i) for i in inputs]
        _distinct_names(paths)
        prior_path = _existing(prior) if prior else None
    except BudgetDocError as error:
        _fail(error)
        return
    options = Options(
        Path(out_dir),
        tuple(wanted),
        profile,
        prior_path,
        pdf_engine,
        pdf_standard,
        protected=tuple(paths),
        refs=tuple(map(Path, refs)),
    )
    with _progress(len(paths)) as advance:
        outcomes = [advance(outcome) for outcome in build_many(paths, options, jobs)]
    failed = [o for o in outcomes if o.failed]
    if len(paths) > 1:
        console = _console(err=bool(failed))
        names = "、".join(o.path.name for o in failed)
        console.print(
            f"共 {len(paths)} 个输入：{len(paths) - len(failed)} 个已生成，{len(failed)} 个失败"
            + (f"（{names}）" if failed else "")
        )
    sys.exit(max((o.exit_code for o in outcomes), default=0))


def _distinct_names(paths: list[Path]) -> None:
    """Outputs are named after their input, so two inputs called 2023.yaml would overwrite each other."""
    seen: dict[str, Path] = {}
    for path in paths:
        if path.stem in seen and seen[path.stem].resolve() != path.resolve():
            raise UsageError(f"两个输入的文件名相同，输出会互相覆盖：{seen[path.stem]} 与 {path}")
        seen.setdefault(path.stem, path)


def _show(outcome: Outcome, console: Console, errors: Console) -> None:
    """What one input's build did: its files, notices and warnings, or why it stopped."""
    path = outcome.path
    if outcome.findings:
        _report(InputError(outcome.findings), str(path), console=errors)
    elif outcome.error:
        errors.print(f"{path}：错误：{outcome.error}")
    for target in outcome.written:
        console.print(f"已生成 {target}")
    for notice in outcome.notices:
        console.print(f"{path}：{notice}")
    if outcome.warnings:
        console.print(summary_line(str(path), outcome.warnings) + "（运行 budgetdoc check 查看详情）")


@contextmanager
def _progress(total: int) -> Iterator[Callable[[Outcome], Outcome]]:
    """Shows each outcome as it arrives; for a batch in a terminal, under a progress bar."""
    console, errors = _console(), _console(err=True)
    if total <= 1 or not errors.is_terminal:
        done = 0

        def plain(outcome: Outcome) -> Outcome:
            nonlocal done
            done += 1
            if total > 1:
                console.print(f"[{done}/{total}] {outcome.path.name}：{'失败' if outcome.failed else '完成'}")
            _show(outcome, console, errors)
            return outcome

        yield plain
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (
        TextColumn("生成"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}", markup=False),
    )
    with Progress(*columns, console=errors, transient=True) as bar:
        task = bar.add_task("", total=total)

        def shown(outcome: Outcome) -> Outcome:
            # Printed through the bar's console, so the lines scroll above the bar.
            _show(outcome, bar.console, bar.console)
            bar.update(task, advance=1, description=outcome.path.name)
            return outcome

        yield shown


@cli.command()
@click.argument("prior_file", metavar="PRIOR")
@click.argument("current_file", metavar="CURRENT")
@click.option("--format", "fmt", help="输出格式：text、html、xlsx、json（默认按 --out 的扩展名，否则 text）")
@click.option("--out", "out_file", metavar="FILE", help="写入文件（默认显示在屏幕上；xlsx 必须写入文件）")
@click.option("--profile", "profile", metavar="NAME", help="取“需说明原因”标准的模板（默认取 meta.profile）")
@click.option("--fail-on-unexplained", is_flag=True, help="有需说明原因而未说明的变动时退出码为 1")
@_refs
def diff(
    prior_file: str,
    current_file: str,
    fmt: str | None,
    out_file: str | None,
    profile: str | None,
    fail_on_unexplained: bool,
    refs: tuple[str, ...],
) -> None:
    """与上年比较：汇总数、各表逐项（按编码）的增减，标出需说明原因的变动。"""
    from gen.compute.diff import Thresholds, compare
    from gen.load.references import allowing
    from gen.pipeline import check_input
    from gen.render.diff import output_format, writers
    from gen.write import write_atomic

    available = writers()
    try:
        fmt = fmt.strip().lower() if fmt else None
        if fmt is not None and fmt not in available:
            raise UsageError(f"不支持的格式：{fmt}；可用：{'、'.join(available)}")
        fmt = output_format(fmt, out_file) or "text"
        if fmt == "xlsx" and not out_file:
            raise UsageError("xlsx 格式需要用 --out 指定写入的文件，例如 --out 变动.xlsx")
        current = _existing(current_file)
        with allowing(map(Path, refs)):
            checked = check_input(current, _existing(prior_file), profile, document=False)
        if checked.errors or checked.profile is None:
            raise InputError(checked.findings)
        changes = checked.profile.spec.changes
        result = compare(checked.computed, Thresholds(changes.amount, changes.percent))
        data = available[fmt](result)
        if out_file:
            write_atomic(Path(out_file), data, protected=(current, Path(prior_file)))
            _console().print(f"已生成 {out_file}")
        else:
            _echo(data.decode("utf-8"))
    except BudgetDocError as error:
        _fail(error, current_file)
        return
    sys.exit(1 if fail_on_unexplained and result.unexplained() else 0)


INPUT_FORMATS = {".yaml": "yaml", ".yml": "yaml", ".xlsx": "xlsx"}


def _input_writer(target: Path) -> str:
    kind = INPUT_FORMATS.get(target.suffix.lower())
    if kind is None:
        raise UsageError(f"{target}：输出文件的扩展名应为 .yaml 或 .xlsx")
    return kind


def _write_input(
    target: Path, data: dict[str, Any], kind: str, note: str, codes: CodeLists, source: Path | None = None
) -> None:
    from gen.inputs.new import outside_references
    from gen.inputs.workbook import write_workbook
    from gen.inputs.yaml_text import write_yaml
    from gen.write import write_atomic
    from models.budget import Budget

    if kind == "xlsx":
        # The workbook's title is the note's first line; its 填表说明 sheet says where the fields are.
        content = write_workbook(data, codes, note.splitlines()[0])
    else:
        comments = {name: str(info.title) for name, info in Budget.model_fields.items()}
        content = write_yaml(data, note, comments)
    write_atomic(target, content, protected=(source,) if source else ())
    _console().print(f"已生成 {target}")
    for name in outside_references(data, target):
        folder = Path(os.path.normpath(target.resolve().parent / name)).parent
        _console().print(
            f"注意：{target.name} 引用的“{name}”不在它所在的文件夹中；生成或检查时请加 --refs {folder}，"
            "或把该文件复制到它旁边并改写 meta 中的路径"
        )


@cli.command()
@click.argument("source_file", metavar="SRC")
@click.argument("target_file", metavar="DST")
def convert(source_file: str, target_file: str) -> None:
    """在 YAML 与 Excel 工作簿之间转换输入（按扩展名 .yaml / .xlsx），内容不丢失。"""
    from gen.inputs.data import budget_data
    from gen.inputs.new import relocated
    from gen.pipeline import code_lists, load_budget

    try:
        target = Path(target_file)
        kind = _input_writer(target)
        budget, source = load_budget(_existing(source_file))
        note = f"由 budgetdoc convert 从 {Path(source_file).name} 转换"
        data = relocated(budget_data(budget), source.path, target)
        _write_input(target, data, kind, note, code_lists(budget, source), source.path)
    except BudgetDocError as error:
        _fail(error, source_file)


# Where a new input's reader learns every field (generated from the model by gen.inputs.reference).
FIELDS_NOTE = (
    "每个字段的名称、类型、是否必填和例子见 docs/输入参考.md；完整的例子见 inputs/jianghan-2023.yaml。\n"
    "只填原始数据：合计、小计、占比和增减都由 budgetdoc 计算。不写的部分为“未知”（不是 0），写 [] 表示没有。"
)


@cli.command()
@click.argument("target_file", metavar="OUT")
@click.option(
    "--from", "prior_file", metavar="PRIOR", help="上年输入：沿用其编码、单位、项目和文字，金额留空"
)
@click.option("--profile", "profile", metavar="NAME", help="模板名称（写入 meta.profile）")
@click.option("--year", "year", type=int, help="预算年度（默认上年输入的下一年，或明年）")
def init(target_file: str, prior_file: str | None, profile: str | None, year: int | None) -> None:
    """新建一个部门一年的输入文件（OUT 为 .yaml 或 .xlsx）。"""
    import datetime as dt

    from gen.compute.budget import CodeLists
    from gen.inputs.new import blank, carried
    from gen.pipeline import code_lists, load_budget
    from models.codes import load_codelist

    try:
        target = Path(target_file)
        kind = _input_writer(target)
        if target.exists():
            raise UsageError(f"{target} 已存在；请换一个文件名，或先移走原文件")
        if prior_file:
            prior, source = load_budget(_existing(prior_file))
            data = carried(prior, Path(prior_file), target, profile)
            if year:
                data["meta"]["year"] = year
            codes = code_lists(prior, source)
            source_name, year_to_fill = Path(prior_file).name, data["meta"]["year"]
            note = f"由 budgetdoc init 依据 {source_name} 新建：请填写 {year_to_fill} 年金额。\n{FIELDS_NOTE}"
        else:
            chosen = year or dt.date.today().year + 1
            data = blank(chosen, profile)
            codes = CodeLists(load_codelist("functional", chosen), load_codelist("economic", chosen))
            note = f"由 budgetdoc init 新建：{chosen} 年预算输入。\n{FIELDS_NOTE}"
        _write_input(target, data, kind, note, codes)
    except BudgetDocError as error:
        _fail(error, prior_file or target_file)


@cli.command("profiles")
def profiles_command() -> None:
    """列出可用的模板（内置的和当前文件夹中的）及其继承关系。"""
    from rich.table import Table

    from gen.scaffold import list_profiles

    table = Table("名称", "继承", "说明", "位置", show_lines=False)
    for info in list_profiles(Path.cwd()):
        table.add_row(info.name, info.extends or "—", info.description, str(info.folder))
    _console().print(table)


@cli.group("profile")
def profile_group() -> None:
    """管理模板。"""


@profile_group.command("new")
@click.argument("name")
@click.option("--extends", "base", default="national", show_default=True, help="继承的模板")
@click.option("--dir", "parent", default=".", show_default=True, help="在哪个文件夹下创建")
def profile_new(name: str, base: str, parent: str) -> None:
    """新建模板文件夹 NAME：继承 BASE，附各类设置的注释示例。"""
    from gen.scaffold import new_profile

    try:
        folder = new_profile(name, base, Path(parent))
    except BudgetDocError as error:
        _fail(error)
        return
    console = _console()
    console.print(f"已创建模板 {folder}（继承 {base}）")
    console.print(f"修改其中的 profile.yaml 等文件后运行：budgetdoc build 预算文件.yaml --profile {folder}")


@cli.command()
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="监听地址（对外服务见 README 的部署设置）"
)
@click.option("--port", default=8000, type=click.IntRange(1, 65535), show_default=True, help="端口")
@click.option("--data", "data_dir", metavar="DIR", help="数据文件夹：数据库、上传与生成的文件（默认 ./data）")
@click.option("--jobs", "-j", "jobs", type=click.IntRange(min=1), help="后台同时生成的个数（默认 2）")
def serve(host: str, port: int, data_dir: str | None, jobs: int | None) -> None:
    """启动网页工作台：部门上传与检查、财政局审核（内置 SQLite；设 BUDGETDOC_DATABASE_URL 用 PostgreSQL）。"""
    from gen.web.server import serve as run

    try:
        run(host, port, Path(data_dir) if data_dir else None, jobs)
    except BudgetDocError as error:
        _fail(error)


def main() -> None:
    from gen.interrupt import Interrupted, install

    install()
    try:
        cli.main(prog_name="budgetdoc", standalone_mode=False)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    except click.exceptions.Abort as abort:
        # Ctrl-C, SIGTERM or SIGHUP: every file being written was removed on the way out.
        signal = abort.__cause__ if isinstance(abort.__cause__, Interrupted) else None
        _console(err=True).print(
            f"已中断（{signal or 'SIGINT'}）：没有写完的文件已删除；"
            "每个输入的输出文件要么仍是原有的一套，要么是完整的新一套。"
        )
        sys.exit(signal.exit_code if signal else 130)
    except Exception as exc:
        # Every known problem is a BudgetDocError handled above; this is a bug. Say so plainly, in
        # Chinese, and keep the traceback for whoever fixes it.
        if os.environ.get("BUDGETDOC_DEBUG"):
            raise
        _console(err=True).print(
            f"内部错误（{type(exc).__name__}：{exc}）。这是 budgetdoc 的缺陷，不是输入有误，未写出任何文件。"
            "请把输入文件和这条消息发给维护者；设置环境变量 BUDGETDOC_DEBUG=1 再运行可看到详细信息。"
        )
        sys.exit(INTERNAL_ERROR)
