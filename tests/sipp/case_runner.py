"""The command line and the run-one-case frame shared by the Python suites
(tests/sipp, tests/numbers_e2e, tests/baresip, tests/cluster).

Each suite's `run.py CASE --engine BIN [--keep] [--list]` parses the same way,
runs one case, stops everything it started, and on failure prints what
went wrong and the tail of every log it names. Written once here so that a
change to how failures are reported reaches every suite.
"""

import argparse
import os
import shutil
import sys
import time
import traceback


def parse_case_args(doc, cases, binaries=("engine",), add_arguments=None):
    """Parses `CASE [--<binary> PATH]... [--keep] [--list]`.

    Returns (args, None) when the case should run, with each binary made
    absolute, or (None, exit_code) when the command line was handled
    (`--list`) or refused (unknown case, missing binary)."""
    ap = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("case", nargs="?")
    for b in binaries:
        ap.add_argument(f"--{b}", help=f"the ctib-{b} binary")
    ap.add_argument("--keep", action="store_true", help="keep the work directory even when the case passes")
    ap.add_argument("--list", action="store_true", help="list the cases")
    if add_arguments:
        add_arguments(ap)
    args = ap.parse_args()
    if args.list or not args.case:
        print("\n".join(cases))
        return None, 0
    if args.case not in cases:
        print(f"unknown case {args.case}; known: {', '.join(cases)}", file=sys.stderr)
        return None, 2
    for b in binaries:
        path = getattr(args, b)
        if not path or not os.access(path, os.X_OK):
            print(f"--{b} must name the ctib-{b} binary", file=sys.stderr)
            return None, 2
        setattr(args, b, os.path.abspath(path))
    return args, None


def stop_engine(engine, problems, dead_ok=False):
    """Stops one ctib-engine, adding to `problems` a non-zero exit, a stop
    that failed, and any sanitizer report in its log. `dead_ok`: an engine
    the case killed on purpose is only reaped."""
    if engine.proc is None:
        return
    if dead_ok and not engine.alive():
        engine.kill()
        return
    try:
        rc = engine.stop()
        if rc != 0:
            problems.append(f"{engine.log_path}: engine exited {rc}")
    except AssertionError as err:
        engine.kill()
        problems.append(f"{engine.log_path}: {err}")
    reports = engine.sanitizer_reports()
    if reports:
        problems.append(f"{engine.log_path}: sanitizer report ({', '.join(reports)})")


def run_case(name, case, body, keep, logs):
    """Runs body(), then case.finish() (which returns a list of problems).

    On failure prints the problems, then for each (path, read, lines) of
    logs() the last `lines` lines of read(), and keeps case.dir. Returns the
    process exit code."""
    started = time.time()
    failed = False
    try:
        body()
    except Exception:  # noqa: BLE001 - any failure is the case's failure
        traceback.print_exc()
        failed = True
    finally:
        problems = case.finish()
    for p in problems:
        print(f"FAIL: {p}", file=sys.stderr)
    if failed or problems:
        for path, read, lines in logs():
            print(f"--- {path} (last {lines} lines)", file=sys.stderr)
            print("\n".join(read().splitlines()[-lines:]), file=sys.stderr)
        print(f"work directory kept: {case.dir}", file=sys.stderr)
        return 1
    print(f"PASS {name} ({time.time() - started:.1f} s)")
    if not keep:
        shutil.rmtree(case.dir, ignore_errors=True)
    return 0
