"""`python -m benchmarks [--json] [--quick]` runs every benchmark and prints the figures;
`python -m benchmarks make-data DIR [--scale realistic|large]` writes a data dir."""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["make-data"]:
        from benchmarks.make_data import main as make

        return make(argv[1:])
    if argv[:1] == ["optimizations"]:
        from benchmarks.optimizations import main as optimizations

        return optimizations(argv[1:])
    if argv[:1] == ["pacing"]:
        from benchmarks.pacing import main as pacing

        return pacing(argv[1:])
    p = argparse.ArgumentParser(prog="python -m benchmarks",
                                description="Measure start-up, answering, queues, validation, "
                                            "stats and memory on a realistic and a large data "
                                            "dir.")
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    p.add_argument("--quick", action="store_true", help="a tiny run, to check they still work")
    p.add_argument("--scale", choices=["realistic", "large", "both"], default="both",
                   help="which data to measure on (default: both)")
    args = p.parse_args(argv)
    from benchmarks.bench import run_all

    say = (lambda s: print(s, file=sys.stderr)) if not args.json else (lambda _s: None)
    scales = ("realistic", "large") if args.scale == "both" else (args.scale,)
    figures = run_all(scales=scales, quick=args.quick, progress=say)
    if args.json:
        out: dict[str, object] = {f.name: f.to_json() for f in figures}
        out["ok"] = all(f.ok for f in figures)
        out["machine"] = {"python": platform.python_version(), "cpus": os.cpu_count(),
                          "platform": platform.platform()}
        print(json.dumps(out, indent=2))
    else:
        print(f"{'figure':24} {'value':>12} {'baseline':>12} {'ratio':>7}  target")
        for f in figures:
            j = f.to_json()
            base = f"{j['baseline']} {f.unit}" if j["baseline"] is not None else "-"
            ratio = f"{j['ratio']}x" if j["ratio"] is not None else "-"
            mark = "ok" if f.ok else "MISSED"
            print(f"{f.name:24} {j['value']:>9} {f.unit:<3}{base:>12} {ratio:>7}  {f.target} "
                  f"[{mark}]")
    return 0 if all(f.ok for f in figures) else 1


if __name__ == "__main__":
    raise SystemExit(main())
