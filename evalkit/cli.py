"""Layer 6, the ``evalkit`` command: ``run`` builds the reports; ``check`` spot-checks workbooks
(and writes a findings register and annotated copies); ``register merge`` tracks registers filled
in over the years; ``cases`` assesses a case export; ``samples`` writes the generated sample data.

Imports of the library happen inside the sub-commands, so ``evalkit --version`` and
``evalkit check --help`` answer without loading pandas.
"""

from __future__ import annotations

import argparse
import sys

from .errors import CatalogError, EvalkitError, UsageError
from .version import __version__


def _cmd_run(args: argparse.Namespace) -> int:
    import time
    from pathlib import Path

    from .project import CATALOG, OUTPUTS
    from .runner.build import RunInterrupted, run_all, summary
    from .samples import ensure_samples

    ensure_samples()  # the catalogue's generated sample exports (data/generated/)

    def progress(result, done: int, total: int) -> None:
        if not args.quiet:
            error = f"：{result.error.splitlines()[0][:200]}" if result.error else ""
            print(f"[{done}/{total}] {result.status_text} {result.entry.entry}（{result.seconds:.1f} 秒）{error}",
                  flush=True)

    start = time.monotonic()
    outputs = Path(args.outputs or OUTPUTS).resolve()
    if not args.timeout > 0:
        raise UsageError(f"--timeout 必须是正数（秒），收到 {args.timeout:g}")
    problems: list[CatalogError] = []
    interrupted = None
    try:
        results = run_all(only=args.only or None, outputs=outputs, catalog=Path(args.catalog or CATALOG).resolve(),
                          jobs=args.jobs, timeout=args.timeout, force=args.force, progress=progress,
                          problems=problems, allow_outside=args.allow_outside_inputs, pdf=not args.no_pdf)
    except RunInterrupted as stop:
        results, interrupted = stop.results, stop
    print(summary(results, outputs, time.monotonic() - start))
    for problem in problems:
        print(f"  跳过目录行：{problem}")
    if interrupted is not None:
        print(f"evalkit: {interrupted}", file=sys.stderr)
        return 130
    return 1 if problems or any(r.status == "failed" for r in results) else 0


def _default_jobs() -> int:
    import os

    return max(1, min(4, os.cpu_count() or 1))


def _figure(value: float | None, blank: str) -> str:
    """A total as the shell table prints it: two decimals, ``blank`` when there is none.

    >>> _figure(96.5, "—"), _figure(float("nan"), "未填"), _figure(None, "—")
    ('96.50', '未填', '—')
    """
    return blank if value is None or value != value else f"{value:.2f}"


def _recomputed(value: float | None) -> str:
    """A recomputed total: "无法复算" when a cell it depends on is unreadable (NaN), "—" when
    there is nothing to recompute (None).

    >>> _recomputed(float("nan")), _recomputed(None), _recomputed(88.5)
    ('无法复算', '—', '88.50')
    """
    return "无法复算" if value is not None and value != value else _figure(value, "—")


def _cmd_check(args: argparse.Namespace) -> int:
    import json

    from .department.workbooks import check_paths
    from .io.vocabulary import load_vocabulary

    if args.format == "xlsx" and not args.output:
        raise UsageError("--format xlsx 需要用 -o 指定输出文件，例如 -o 复核发现.xlsx")
    _check_working_paper_options(args)
    vocabulary = load_vocabulary(args.vocabulary, args.header)
    report = check_paths(args.paths, args.profile, vocabulary)
    if args.format == "xlsx":
        from .reports.xlsx import write_findings_xlsx

        out = write_findings_xlsx(report, args.output)
        print(f"已写入 {out}：{report.findings.summary()}")
    elif args.format == "json":
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2, default=str))
    elif args.format == "csv":
        from .io.export import safe_frame
        from .reports.format import findings_table

        table = findings_table(report.findings.sorted(), chinese_headers=args.chinese_headers)
        print(safe_frame(table, for_csv=True).to_csv(index=False), end="")
        print(f"evalkit: {_check_summary(report)}", file=sys.stderr)
    else:
        for doc in report.documents:
            what = "总分" if doc.is_self_evaluation else "合计"
            print(f"{doc.file} [{doc.sheet}] {doc.subject}: {what} 报 {_figure(doc.reported_total, '未填')} / "
                  f"复算 {_recomputed(doc.recomputed_total)}")
            if args.explain:
                print(f"  识别为 {doc.kind}；" + "；".join(doc.layout))
        for prose in report.prose:
            print(prose.summary())
        from .reports.format import findings_table

        frame = findings_table(report.findings.sorted())  # figures as 万元 / % / 分, like every report
        if not frame.empty:
            frame["file"] = frame["file"].map(lambda p: p.rsplit("/", 1)[-1])
            print(frame.drop(columns=["message"]).to_string(index=False))
            print()
            for f in report.findings.sorted():
                print(f"[{f.severity.chinese}] {f.sheet}!{f.cell} {f.message}")
        for exc in report.unreadable:  # said where the summary is read, not only on stderr
            print(f"[无法读取] {exc}")
        print(_check_summary(report))
    _write_working_papers(args, report)
    for exc in report.unreadable:
        print(f"evalkit: {exc}", file=sys.stderr)
    return 2 if report.unreadable else 0


def _check_working_paper_options(args: argparse.Namespace) -> None:
    """Refuse --register/--annotate/--reviewer values that cannot work, before anything is read."""
    from pathlib import Path

    if args.reviewer and not (args.register or args.annotate):
        raise UsageError("--reviewer 只与 --register 或 --annotate 一起使用")
    if args.register:
        target = Path(args.register)
        if target.suffix.lower() != ".xlsx":
            raise UsageError(f"--register 应为 .xlsx 文件，收到 {args.register}")
        if target.resolve() in {Path(p).resolve() for p in args.paths}:
            raise UsageError(f"--register 不能覆盖被检查的文件 {args.register}")
    if args.annotate and Path(args.annotate).exists() and not Path(args.annotate).is_dir():
        raise UsageError(f"--annotate 应为文件夹，{args.annotate} 是一个文件")


def _write_working_papers(args: argparse.Namespace, report) -> None:
    """The findings register (--register) and the annotated copies (--annotate) of a check."""
    notice = sys.stderr if args.format == "json" else sys.stdout  # JSON on stdout stays parseable
    if args.register:
        from .reports.register import write_register

        out = write_register(report, args.register, reviewer=args.reviewer or "", profile=args.profile)
        print(f"已写入复核发现清单 {out}（{len(report.findings)} 项发现）", file=notice)
    if args.annotate:
        from .reports.annotate import annotate_report

        author = f"evalkit 复核（{args.reviewer}）" if args.reviewer else "evalkit 复核"
        written = annotate_report(report, args.annotate, author=author)
        print(f"已写入 {len(written)} 份批注副本到 {args.annotate}：" + "、".join(p.name for p in written), file=notice)


def _cmd_register(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .reports.tracking import merge_registers, write_tracking

    if not args.output:
        raise UsageError("register merge 需要用 -o 指定输出文件，例如 -o 整改跟踪.xlsx")
    if Path(args.output).suffix.lower() != ".xlsx":
        raise UsageError(f"-o 应为 .xlsx 文件，收到 {args.output}")
    if Path(args.output).resolve() in {Path(p).resolve() for p in args.registers}:
        raise UsageError(f"-o 不能覆盖输入的清单 {args.output}")
    frame = merge_registers(args.registers)
    out = write_tracking(frame, args.output)
    repeated = int((frame["重复出现"] != "").sum())
    print(f"已写入整改跟踪表 {out}：{len(args.registers)} 份清单，{len(frame)} 项发现，重复出现 {repeated} 项")
    return 0


def _check_summary(report) -> str:
    """The last line of ``evalkit check``: files read and unreadable, then the findings.

    >>> from evalkit.department.workbooks import CheckReport
    >>> from evalkit.errors import UnreadableFile
    >>> _check_summary(CheckReport(unreadable=[UnreadableFile("文件不存在", file="a.xlsx")]))
    '读取 0 张表，1 个文件无法读取；错误 0 项，存疑 0 项，提示 0 项'
    """
    files = f"读取 {len(report.documents)} 张表"
    if report.unreadable:
        files += f"，{len(report.unreadable)} 个文件无法读取"
    return f"{files}；{report.findings.summary()}"


def _cmd_cases(args: argparse.Namespace) -> int:
    import json

    from .cases.assess import STATS, assess_cases
    from .project import CACHE

    columns = {}
    for item in args.column or []:
        header, sep, name = item.partition("=")
        if not sep:
            raise UsageError(f"--column 应写成 表头=字段，例如 任务编码=case_id（收到 {item!r}）")
        columns[header] = name
    stats = assess_cases(args.path, units=args.units, columns=columns or None,
                         cache=False if args.no_cache else CACHE / "cases")
    findings, prose = stats.findings, None
    if args.report:
        from .cases.report import check_stated_figures, export_funnel
        from .findings import Findings

        prose = check_stated_figures(stats, args.report, export_funnel(stats))
        findings = Findings([*stats.findings, *prose.findings])
    if args.sample:
        from .cases.report import draw_sample

        if not args.sample.lower().endswith(".xlsx"):
            raise UsageError(f"--sample 应为 .xlsx 文件（收到 {args.sample}）")
        sample = draw_sample(stats, seed=args.seed)
        written = sample.to_excel(args.sample)
        print(f"现场核查抽样 {len(sample.cases)} 件（随机种子 {args.seed}）已写入 {written}",
              file=sys.stderr if args.format != "table" else sys.stdout)
    if args.format == "json":
        data = stats.to_dict()
        data["findings"] = [f.to_dict() for f in findings]
        if prose is not None:
            data["prose"] = prose.frame().to_dict("records")
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    from .io.export import safe_frame
    from .labels import display
    from .reports.format import rates_as_percent

    frame = stats.to_frame(args.by)
    keys = ["month"] if args.by == "month" else ["month", "unit_class", "duty_unit", "rank"]
    frame = frame[keys + STATS]
    if args.format == "csv":  # rates as percentages with two decimals, like every table people read
        table = rates_as_percent(frame, ["resolution_rate", "on_time_rate", "composite_rate"])
        table = display(table) if args.chinese_headers else table
        print(safe_frame(table, for_csv=True).to_csv(index=False), end="")
        print(f"evalkit: {findings.summary()}", file=sys.stderr)
        return 0
    shown = display(frame)
    for col in ("resolution_rate", "on_time_rate", "composite_rate"):
        name = display(frame[[col]]).columns[0]
        shown[name] = frame[col].map(lambda x: "—" if x != x else f"{x:.2%}")
    print(shown.to_string(index=False))
    print(stats.summary())
    print(stats.rule)
    if prose is not None:
        print(prose.summary())
        for f in prose.findings.sorted():
            print(f"[{f.severity.chinese}] {f.sheet}!{f.cell} {f.message}")
    for f in list(stats.findings.sorted())[:20]:
        print(f"[{f.severity.chinese}] {f.cell} {f.message}")
    if len(stats.findings) > 20:
        print(f"……另有 {len(stats.findings) - 20} 项（--format json 列出全部）")
    print(findings.summary())
    return 0


def _cmd_samples(args: argparse.Namespace) -> int:
    from .project import DATA
    from .samples import SAMPLES, ensure_samples

    written = ensure_samples(force=args.force)
    for rel in SAMPLES:
        print(("已生成 " if DATA / rel in written else "已存在 ") + str(DATA / rel))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="evalkit", description="检查绩效自评报告：复算、复核、出具报告。")
    parser.add_argument("--version", action="version", version=f"evalkit {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="执行目录中的所有报告 notebook，输出 HTML 到 outputs/")
    run.add_argument("--only", action="extend", nargs="+", metavar="ENTRY", help="只生成这些目录条目（索引仍列出全部）")
    run.add_argument("--jobs", "-j", type=int, default=_default_jobs(), help="同时生成几份报告（默认 %(default)s）")
    run.add_argument("--timeout", type=float, default=600, help="每份报告的时限（秒），超时即终止并记为失败")
    run.add_argument("--force", action="store_true", help="输入、模板和 evalkit 都未变化的报告也重新生成")
    run.add_argument("--catalog", metavar="FILE", help="目录文件（默认 项目的 data/catalog.csv）")
    run.add_argument("--outputs", metavar="DIR", help="输出文件夹（默认 项目的 outputs/）")
    run.add_argument("--allow-outside-inputs", action="store_true",
                     help="允许目录列出数据文件夹和目录文件所在文件夹以外的输入文件")
    run.add_argument("--no-pdf", action="store_true",
                     help="不打印 PDF（默认每份报告旁生成 A4 的 <条目>.pdf，需要 Chromium）")
    run.add_argument("--quiet", "-q", action="store_true", help="只打印最后的摘要（适合 cron 邮件）")
    run.set_defaults(func=_cmd_run)
    samples = sub.add_parser("samples", help="生成示例案件导出表到 data/generated/（按种子校准，不入库）")
    samples.add_argument("--force", action="store_true", help="已存在也重新生成")
    samples.set_defaults(func=_cmd_samples)
    check = sub.add_parser("check", help="复核自评表：列出每一处与规则或自身数字不符的地方")
    check.add_argument("paths", nargs="+", metavar="PATH", help="工作簿或文件夹")
    check.add_argument("--format", choices=["table", "json", "xlsx", "csv"], default="table")
    check.add_argument("--chinese-headers", action="store_true", help="--format csv 时使用中文列名（规则写中文名称）")
    check.add_argument("-o", "--output", help="--format xlsx 时写入的文件")
    check.add_argument("--profile", default="national", help="评分规则（evalkit/rules/profiles/ 下的名称或 TOML 文件）")
    check.add_argument("--explain", action="store_true", help="逐表说明识别结果：表类型、表头所在行、各列对应的角色")
    check.add_argument("--header", action="append", metavar="HEADER=ROLE",
                       help="指定表头的角色（覆盖词表），例如 预算数=budget；可重复")
    check.add_argument("--vocabulary", metavar="FILE", help="补充表头词表（TOML，格式同 evalkit/io/vocabulary.toml）")
    check.add_argument("--register", metavar="FILE.xlsx", help="同时写出复核发现清单（封面、发现清单、整改状态等待填列）")
    check.add_argument("--reviewer", metavar="NAME", help="复核人姓名，写在发现清单封面和批注上")
    check.add_argument("--annotate", metavar="DIR",
                       help="在此文件夹为每个被检查的工作簿写一份批注副本 <文件名>.复核.xlsx（原文件不动）")
    check.set_defaults(func=_cmd_check)
    register = sub.add_parser("register", help="复核发现清单：合并各年填好的清单，跟踪整改")
    register_sub = register.add_subparsers(dest="action", required=True)
    merge = register_sub.add_parser("merge", help="把填好的发现清单合并为整改跟踪表（按编号跨年匹配）")
    merge.add_argument("registers", nargs="+", metavar="REGISTER.xlsx", help="填好的复核发现清单")
    merge.add_argument("-o", "--output", metavar="FILE.xlsx", help="写入的整改跟踪表，例如 整改跟踪.xlsx")
    merge.set_defaults(func=_cmd_register)
    cases = sub.add_parser("cases", help="案件统计：按月、按单位的解决率、及时解决率、综合解决率和排名")
    cases.add_argument("path", metavar="PATH", help="案件导出表（.xlsx、.xls 或 .csv）")
    cases.add_argument("--units", metavar="FILE", help="单位分类表（unit,class 两列，A/B 类）")
    cases.add_argument("--report", metavar="FILE", help="自评报告（.docx、.html、.pdf 或 .txt）：正文所述案件数、解决率等与导出表复算值逐一对照")
    cases.add_argument("--by", choices=["month", "unit"], default="month", help="表格和 CSV 按月或按单位×月输出")
    cases.add_argument("--format", choices=["table", "json", "csv"], default="table",
                       help="json 总是包含 total、months、units（和 findings）")
    cases.add_argument("--chinese-headers", action="store_true", help="--format csv 时使用中文列名")
    cases.add_argument("--column", action="append", metavar="HEADER=FIELD",
                       help="指定表头对应的字段（覆盖自动识别），例如 任务编码=case_id；可重复")
    cases.add_argument("--no-cache", action="store_true", help="不使用项目 .cache/ 中的 Parquet 缓存")
    cases.add_argument("--sample", metavar="FILE.xlsx", help="抽取现场核查样本（95%% 置信度、5%% 可容忍偏差率，按责任单位分层），"
                       "写成核查清单")
    cases.add_argument("--seed", type=int, default=2020, help="抽样的随机种子（默认 2020，与报告相同）")
    cases.set_defaults(func=_cmd_cases)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except EvalkitError as exc:
        print(f"evalkit: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:  # Ctrl-C: workers and kernels are stopped by the runner; no traceback
        print("evalkit: 已中断（Ctrl-C）；已完成的文件保持完整，未完成的没有写入", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader of the output went away (`evalkit check … | head`): not an error of ours
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as exc:  # a full disk or an unwritable file while writing an output: said, not a traceback
        where = f" {exc.filename}" if exc.filename else ""
        print(f"evalkit: 无法读写{where}（{exc.strerror or exc}）；已写入的文件保持完整", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
