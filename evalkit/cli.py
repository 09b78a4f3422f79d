"""The ``evalkit`` command: ``run`` builds the reports; ``check`` spot-checks workbooks."""

from __future__ import annotations

import argparse
import sys

from .errors import EvalkitError


def _cmd_run(args: argparse.Namespace) -> int:
    from .run import run_all

    results = run_all(only=args.only or None, timeout=args.timeout)
    failed = [r for r in results if r.status != "ok"]
    for r in results:
        mark = "成功" if r.status == "ok" else "失败"
        print(f"{mark} {r.entry.entry} ({r.seconds:.1f} 秒){'：' + r.error if r.error else ''}")
    print(f"共 {len(results)} 份报告，失败 {len(failed)} 份；索引: outputs/index.html")
    return 1 if failed else 0


def _cmd_check(args: argparse.Namespace) -> int:
    import json

    from .spotcheck import check_paths

    report = check_paths(args.paths, args.profile)
    if args.format == "json":
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2, default=str))
    else:
        for doc in report.documents:
            print(f"{doc['file']} [{doc['sheet']}] {doc['subject']}: 总分 报 {doc['reported_total']} / "
                  f"复算 {doc['recomputed_total']:.2f}")
        frame = report.findings.sorted().to_frame()
        if not frame.empty:
            frame["file"] = frame["file"].map(lambda p: p.rsplit("/", 1)[-1])
            print(frame.drop(columns=["message"]).to_string(index=False))
            print()
            for f in report.findings.sorted():
                print(f"[{f.severity.chinese}] {f.sheet}!{f.cell} {f.message}")
        print(report.findings.summary())
    for exc in report.unreadable:
        print(f"evalkit: {exc}", file=sys.stderr)
    return 2 if report.unreadable else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="evalkit", description="检查绩效自评报告：复算、复核、出具报告。")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="执行目录中的所有报告 notebook，输出 HTML 到 outputs/")
    run.add_argument("--only", nargs="*", metavar="ENTRY", help="只生成这些目录条目")
    run.add_argument("--timeout", type=int, default=600, help="每个 notebook 单元的超时（秒）")
    run.set_defaults(func=_cmd_run)
    check = sub.add_parser("check", help="复核自评表：列出每一处与规则或自身数字不符的地方")
    check.add_argument("paths", nargs="+", metavar="PATH", help="工作簿或文件夹")
    check.add_argument("--format", choices=["table", "json"], default="table")
    check.add_argument("--profile", default="national", help="评分规则（evalkit/profiles/ 下的名称或 TOML 文件）")
    check.set_defaults(func=_cmd_check)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except EvalkitError as exc:
        print(f"evalkit: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
