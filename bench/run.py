#!/usr/bin/env python3
"""ctibridge benchmarks: one command runs the suite and writes a markdown table.

    python3 bench/run.py                      # the full suite (~25 min), build/release
    python3 bench/run.py --only callrate,peer # some sections
    python3 bench/run.py --smoke              # seconds: what CTest runs (label bench)

Sections: callrate (SIPp -> ctib-engine -> SIPp, routed by the C++ stub and by
ctib-numbers), peer (the same through Kamailio), concurrency (held calls),
slow (a 2.5 s interface beside a fast one), numbers (wrk against
ctib-numbers on SQLite and PostgreSQL), instructions (the engine under
callgrind: instructions per call, which a noisy machine does not change), workers (calls/s of one engine
worker and of N = cores workers in the same run, decision 0020), admin (the admin API's
latency under call load, and what its polling costs the calls), journal (batch vs strict), fuzzsoak
(malformed SIP over UDP and TCP: RSS, descriptors, a call after), media (calls anchored in rtpengine
against the same calls passed through; held anchored calls with RTP flowing), push (call events pushed
through ctib-numbers' outbox while wrk loads it with routing requests: items/s, drain time, answers/s
with and without push). Every process started here is stopped
here by pid, also on failure. Method and latest figures: docs/performance.md.
"""

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchlib import ROOT, Procs, cpu_ms, ensure_packages, machine_facts, rss_kib  # noqa: E402
import admin_bench  # noqa: E402
import fuzz_soak  # noqa: E402
import instr_bench  # noqa: E402
import media_bench  # noqa: E402
import push_bench  # noqa: E402
import numbers_bench  # noqa: E402
import report  # noqa: E402
from sip_bench import (CallerRun, Callee, Engine, Kamailio, RouteStub, ramp, rate_step)  # noqa: E402

SECTIONS = ["callrate", "peer", "concurrency", "slow", "numbers", "instructions", "admin", "journal", "fuzzsoak",
            "media", "push", "workers"]


class Context:
    def __init__(self, args):
        self.args = args
        self.procs = Procs()
        # Not /tmp/ctib-*: test suites sweep those.
        os.makedirs("/var/tmp/ctibridge-bench", exist_ok=True)
        self.dir = tempfile.mkdtemp(prefix="run-", dir="/var/tmp/ctibridge-bench")
        os.chmod(self.dir, 0o755)  # PostgreSQL runs as `postgres` inside it
        self.engine_binary = args.engine
        self.numbers_binary = args.numbers
        self.stub_binary = args.stub

    def log(self, text):
        print(text, flush=True)


def profile_engine(ctx, pid, seconds):
    """perf record of the engine (DWARF call graphs: the release build has no
    frame pointers), collapsed into a flame graph by bench/flamegraph.py."""
    data = os.path.join(ctx.dir, "perf.data")
    r = subprocess.run(["perf", "record", "-F", "499", "--call-graph", "dwarf,16384", "-p", str(pid), "-o", data,
                        "--", "sleep", str(seconds)], capture_output=True, text=True, timeout=seconds + 60)
    if r.returncode != 0:
        ctx.log(f"  perf record failed: {r.stderr[-500:]}")
        return None
    return data


def section_callrate(ctx, a, results, system):
    """The call-rate ramp through one system: `engine` (fast stub),
    `numbers` (engine routed by ctib-numbers on SQLite), `kamailio` (one
    HTTP request a call), `kamailio-notify` (four, like the engine)."""
    callee = Callee(ctx, f"callee-{system}")
    numbers = None
    stub = None
    caller, service = "8613800000001", "8613900000001"
    if system == "numbers":
        numbers = numbers_bench.Numbers(ctx, "sqlite", os.path.join(ctx.dir, "callrate-numbers.db"),
                                        name="numbers-callrate", cpus="1")
        numbers_bench.seed(ctx, numbers, None, 1000)
        numbers.start()
        caller, service = f"+{numbers_bench.A_BASE}", f"+{numbers_bench.X_BASE}"
    else:
        stub = RouteStub(ctx, f"stub-{system}")

    def start_sut(attempt):
        if system == "numbers":
            return Engine(ctx, callee.port, numbers.url(f"/v1/cti?secret={numbers_bench.SECRET}"),
                          gateway=numbers_bench.GATEWAY, name=f"engine-numbers-{attempt}")
        if system in ("kamailio", "kamailio-notify"):
            return Kamailio(ctx, callee.port, stub.url(), name=f"{system}-{attempt}",
                            notify=system == "kamailio-notify")
        return Engine(ctx, callee.port, stub.url(), name=f"engine-{attempt}")
    # start_sut reads `callee` when called: the 80 % step gets the fresh one.

    try:
        sut = start_sut("ramp")
        best, steps = ramp(ctx, sut, sut.port, stub, a.rates, a.step_seconds, a.hold_ms, system, caller, service)
        entry = {"system": system, "steps": steps, "max": best["rate"] if best else 0}
        entry["exit"] = ctx.procs.stop(sut.proc)
        if best:
            # Fresh instances: the failed step may have left a backlog behind
            # (the callee retransmitting thousands of unacknowledged 200s).
            ctx.procs.stop(callee.proc)
            callee = Callee(ctx, f"callee-{system}-80pct")
            sut = start_sut("80pct")
            rate80 = max(1, int(best["rate"] * 0.8))
            holder = {}
            profiler = None
            if a.profile and system == "engine":
                profiler = threading.Thread(target=lambda: holder.update(
                    data=profile_engine(ctx, sut.pid, min(10, a.step_seconds))))
                profiler.start()
            entry["at80"] = rate_step(ctx, sut, sut.port, rate80, a.step_seconds, a.hold_ms, f"{system}-80pct",
                                      stub, caller, service)
            if profiler:
                profiler.join()
                entry["perf_data"] = holder.get("data")
            stopped = ctx.procs.stop(sut.proc)
            entry["exit"] = entry["exit"] or stopped
        if system == "engine" and best:
            # SIPp to SIPp at the same rate: what the caller and callee alone add.
            entry["direct"] = rate_step(ctx, None, callee.port, entry["at80"]["rate"], a.step_seconds, a.hold_ms,
                                        "direct-80pct")
        results.setdefault("callrate", []).append(entry)
    finally:
        if numbers:
            numbers.stop()
        ctx.procs.stop(callee.proc)
        if stub:
            ctx.procs.stop(stub.proc)


def section_workers(ctx, a, results):
    """The call-rate ramp through one engine worker (on CPU 0, as callrate)
    and through N workers (decision 0020) on CPUs 0..N-1, in the same run:
    the ratio of the two maxima against the 0.8 × N the issue asks for.
    With N = every core, the load (SIPp, stub) shares the workers' cores;
    the report says so."""
    n = a.workers_n
    out = {"n": n, "cores": os.cpu_count(), "runs": []}
    for workers in (1, n):
        callee = Callee(ctx, f"callee-workers{workers}")
        stub = RouteStub(ctx, f"stub-workers{workers}")
        try:
            cpus = "0" if workers == 1 else f"0-{n - 1}"
            sut = Engine(ctx, callee.port, stub.url(), name=f"engine-workers{workers}", cpus=cpus,
                         extra_engine=f"workers = {workers}")
            # The workers are the engine's children: their CPU counts.
            sut.with_children = workers > 1
            if workers > 1:
                time.sleep(1.0)  # every worker bound, not only the first
            best, steps = ramp(ctx, sut, sut.port, stub, a.rates, a.step_seconds, a.hold_ms, f"workers{workers}")
            out["runs"].append({"workers": workers, "cpus": cpus, "max": best["rate"] if best else 0,
                                "best": best, "steps": steps, "exit": ctx.procs.stop(sut.proc)})
        finally:
            ctx.procs.stop(callee.proc)
            ctx.procs.stop(stub.proc)
    one, many = out["runs"][0]["max"], out["runs"][-1]["max"]
    out["ratio"] = many / one if one else 0.0
    out["target"] = 0.8 * n
    ctx.log(f"  workers: 1 worker {one} calls/s, {n} workers {many} calls/s: ratio {out['ratio']:.2f} "
            f"(target 0.8 x {n} = {out['target']:.1f})")
    results["workers"] = out


def section_journal(ctx, a, results):
    """journal-sync = batch vs strict (decision 0006): the same fixed-rate
    steps through the engine with each mode, alternated, in one sitting:
    post-dial delay, failed calls and engine CPU per call. Strict holds the
    routing request (and the answer's record) for a write + fdatasync on the
    loop thread."""
    stub = RouteStub(ctx, "stub-journal")
    rows = []
    try:
        for rate in a.journal_rates:
            for sync in ("batch", "strict"):
                callee = Callee(ctx, f"callee-journal-{sync}-{rate}")
                sut = Engine(ctx, callee.port, stub.url(), name=f"engine-journal-{sync}-{rate}",
                             extra_engine=f'journal-sync = "{sync}"')
                try:
                    step = rate_step(ctx, sut, sut.port, rate, a.step_seconds, a.hold_ms, f"journal-{sync}-{rate}",
                                     stub)
                    step["sync"] = sync
                    step["exit"] = ctx.procs.stop(sut.proc)
                finally:
                    ctx.procs.stop(sut.proc)
                    ctx.procs.stop(callee.proc)
                rows.append(step)
    finally:
        ctx.procs.stop(stub.proc)
    results["journal"] = rows


def section_concurrency(ctx, a, results):
    callee = Callee(ctx, "callee-held")
    stub = RouteStub(ctx, "stub-held")
    engine = Engine(ctx, callee.port, stub.url(), name="engine-held")
    rows = []
    try:
        # Warm up (first calls allocate pools, curl connections), then settle.
        CallerRun(ctx, engine.port, 20, 20, 0, "held-warmup").finish()
        time.sleep(a.settle_s)
        baseline = rss_kib(engine.pid)
        for n in a.held:
            rate = a.hold_rate
            ramp_s = n / rate
            hold_ms = int((ramp_s + a.settle_s + a.idle_s + 5) * 1000)
            run = CallerRun(ctx, engine.port, rate, n, hold_ms, f"held-{n}")
            # Right after set-up the finished INVITE transactions still
            # linger (64*T1 = 32 s); after `settle` only the calls remain.
            time.sleep(ramp_s + min(2.0, a.settle_s))
            fresh = rss_kib(engine.pid)
            time.sleep(max(0.0, a.settle_s - 2.0))
            held = rss_kib(engine.pid)
            c0, t0 = cpu_ms(engine.pid), time.time()
            load = os.getloadavg()[0]
            time.sleep(a.idle_s)
            idle_pct = (cpu_ms(engine.pid) - c0) / ((time.time() - t0) * 1000.0) * 100.0
            result = run.finish()
            time.sleep(a.after_s)
            after = rss_kib(engine.pid)
            row = {"calls": n, "rate": rate, "baseline_kib": baseline, "held_kib": held,
                   "per_call_kib": (held - baseline) / n,
                   "fresh_kib": fresh, "fresh_per_call_kib": (fresh - baseline) / n, "idle_cpu_pct": idle_pct, "after_kib": after,
                   "after_pct": after / baseline * 100.0, "failed": result["failed"],
                   "successful": result["successful"], "passed": result["passed"], "load": load}
            ctx.log(f"  held {n}: {row['per_call_kib']:.1f} KiB/call, idle CPU {idle_pct:.2f} %, "
                    f"RSS {baseline} -> {held} -> {after} kB ({row['after_pct']:.0f} %), failed {result['failed']}")
            rows.append(row)
        results["concurrency"] = {"rows": rows, "engine_exit": ctx.procs.stop(engine.proc)}
    finally:
        ctx.procs.stop(callee.proc)
        ctx.procs.stop(stub.proc)


def section_slow(ctx, a, results):
    callee = Callee(ctx, "callee-slow")
    fast = RouteStub(ctx, "stub-fast")
    slow = RouteStub(ctx, "stub-slow", delay_ms=2500)
    engine = Engine(ctx, callee.port, fast.url(), slow_url=slow.url(), name="engine-slow")
    try:
        r = a.slow_rate
        alone = rate_step(ctx, engine, engine.port, r, a.step_seconds, a.hold_ms, "fast-alone", fast)
        slow_run = CallerRun(ctx, engine.slow_port, r, int(r * a.step_seconds), a.hold_ms, "slow-half")
        beside = rate_step(ctx, engine, engine.port, r, a.step_seconds, a.hold_ms, "fast-beside-slow", fast)
        slow_result = slow_run.finish()
        pdd = slow_result.pop("pdd_ms")
        slow_result["pdd_p50"] = sorted(pdd)[len(pdd) // 2] if pdd else float("nan")
        ctx.log(f"  slow half: ok {slow_result['successful']}/{slow_result['expected']} "
                f"failed {slow_result['failed']} pdd p50 {slow_result['pdd_p50']:.0f} ms")
        results["slow"] = {"rate": r, "alone": alone, "beside": beside, "slow": slow_result,
                           "engine_exit": ctx.procs.stop(engine.proc)}
    finally:
        for p in (callee.proc, fast.proc, slow.proc):
            ctx.procs.stop(p)


def section_numbers(ctx, a, results):
    out = results.setdefault("numbers", [])
    for size in a.bindings:
        for backend in a.backends:
            numbers_bench.bench_backend(ctx, a, backend, size, out)
    modes = results.setdefault("numbers_modes", [])
    for backend in a.backends:
        numbers_bench.bench_modes(ctx, backend, a.mode_bindings, a.wrk_seconds, modes)


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    build = os.path.join(ROOT, "build", "release")
    p.add_argument("--build-dir", default=build)
    p.add_argument("--engine")
    p.add_argument("--numbers")
    p.add_argument("--stub")
    p.add_argument("--only", default=",".join(SECTIONS), help="comma-separated: " + ", ".join(SECTIONS))
    p.add_argument("--smoke", action="store_true", help="seconds-long runs of every benchmark (CTest)")
    p.add_argument("--out", help="markdown report (default BUILD/bench-results/bench-DATE.md)")
    p.add_argument("--rates", help="call-rate ramp, calls/s, comma-separated")
    p.add_argument("--step-seconds", type=float)
    p.add_argument("--callrate-systems", default="engine,numbers",
                   help="callrate: engine (C++ stub) and/or numbers (ctib-numbers routing)")
    p.add_argument("--held", help="held-call counts, comma-separated")
    p.add_argument("--hold-rate", type=int, help="calls/s while building up held calls")
    p.add_argument("--slow-rate", type=int, help="calls/s of each half in the slow-interface test")
    p.add_argument("--bindings", help="numbers service sizes, comma-separated")
    p.add_argument("--mode-bindings", help="numbers service sizes of the AXE and AXG runs, comma-separated")
    p.add_argument("--backends", default="sqlite,postgres")
    p.add_argument("--numbers-baseline", help="numbers: an older ctib-numbers run beside this one on the same data")
    p.add_argument("--numbers-instances", help="numbers: ctib-numbers instances on one PostgreSQL, comma-separated "
                   "(default 1,2)")
    p.add_argument("--numbers-cache", action=argparse.BooleanOptionalAction, default=None,
                   help="numbers: keep seeded databases under /var/tmp/ctibridge-bench-seed, keyed by schema and "
                   "size (default: on, off with --smoke)")
    p.add_argument("--numbers-profile", action="store_true",
                   help="numbers: perf-record the instance under test for 10 s of the routing load")
    p.add_argument("--instr-calls", type=int, help="instructions: calls counted under callgrind")
    p.add_argument("--instr-rate", type=int, help="instructions: calls/s (callgrind runs the engine ~50x slower)")
    p.add_argument("--instr-method", default="GET", choices=["GET", "POST"],
                   help="instructions: the routing interface's method (cti_bridge: GET; POST mode: JSON body)")
    p.add_argument("--admin-rate", type=int,
                   help="admin: calls/s while the admin API is polled (default 600: 80%% of the engine's max)")
    p.add_argument("--admin-held", type=int, help="admin: calls held up through both steps (GET /v1/calls lists them)")
    p.add_argument("--admin-rps", type=float, help="admin: requests per second to each admin route")
    p.add_argument("--admin-limit", type=int, help="admin: GET /v1/calls?limit=N (default: the engine's, 1000)")
    p.add_argument("--journal-rates", default="100,200,400",
                   help="journal: calls/s of each batch/strict pair, comma-separated")
    p.add_argument("--fuzz-seconds", type=float, help="fuzzsoak: seconds of malformed SIP")
    p.add_argument("--fuzz-rate", type=int, help="fuzzsoak: messages per second (UDP and TCP)")
    p.add_argument("--fuzz-seed", type=int, help="fuzzsoak: the mutations' seed (default: from the clock, printed)")
    p.add_argument("--media-rates", help="media: calls/s of each bypass/anchored pair, comma-separated")
    p.add_argument("--media-held", type=int, help="media: anchored calls held up with RTP flowing")
    p.add_argument("--media-held-rate", type=int, help="media: calls/s while building up the held calls")
    p.add_argument("--push-bindings", type=int, help="push: bindings seeded (default 100000; smoke 1000)")
    p.add_argument("--workers-n", type=int, help="workers: N of the N-worker run (default: the cores)")
    p.add_argument("--profile", action="store_true", help="perf-record the engine at 80%% of its max rate")
    p.add_argument("--keep", action="store_true", help="keep the work directory")
    a = p.parse_args()
    a.engine = a.engine or os.path.join(a.build_dir, "engine", "app", "ctib-engine")
    a.numbers = a.numbers or os.path.join(a.build_dir, "numbers", "app", "ctib-numbers")
    a.stub = a.stub or os.path.join(a.build_dir, "bench", "ctib-bench-route-stub")
    a.engine, a.numbers, a.stub, a.build_dir = (os.path.abspath(x) for x in (a.engine, a.numbers, a.stub,
                                                                              a.build_dir))
    smoke = a.smoke
    a.rates = [int(x) for x in (a.rates or ("20" if smoke else
                                            "100,250,500,750,1000,1500,2000,2500,3000,4000,5000")).split(",")]
    a.step_seconds = a.step_seconds or (2.0 if smoke else 30.0)
    a.hold_ms = 100 if smoke else 1000
    a.held = [int(x) for x in (a.held or ("50" if smoke else "1000,10000,50000")).split(",")]
    a.hold_rate = a.hold_rate or (50 if smoke else 800)
    a.settle_s, a.idle_s, a.after_s = (1.0, 1.0, 2.0) if smoke else (35.0, 10.0, 60.0)
    a.slow_rate = a.slow_rate or (10 if smoke else 200)
    a.bindings = [int(x) for x in (a.bindings or ("1000" if smoke else "1000000,10000000")).split(",")]
    a.mode_bindings = [int(x) for x in (a.mode_bindings or ("1000" if smoke else "1000000")).split(",")]
    a.backends = a.backends.split(",")
    a.numbers_instances = [int(x) for x in (a.numbers_instances or "1,2").split(",")]
    a.numbers_cache = (not smoke) if a.numbers_cache is None else a.numbers_cache
    if a.numbers_baseline:
        a.numbers_baseline = os.path.abspath(a.numbers_baseline)
    a.callrate_systems = a.callrate_systems.split(",")
    a.wrk_seconds = 2 if smoke else 30
    a.instr_calls = a.instr_calls or (20 if smoke else 400)
    a.instr_rate = a.instr_rate or (10 if smoke else 20)
    a.admin_rate = a.admin_rate or (20 if smoke else 600)
    a.admin_held = a.admin_held or (20 if smoke else 1000)
    a.admin_rps = a.admin_rps or 4.0
    a.journal_rates = [int(x) for x in ("20" if smoke else a.journal_rates).split(",")]
    # The smoke run replays the seed that crashed the engine before
    # engine/sip/bye_guard.cpp (a BYE failing at once, recursively): at
    # 2000/s it did within 15 s in 3 runs of 3.
    a.fuzz_seconds = a.fuzz_seconds or (15.0 if smoke else 300.0)
    a.fuzz_rate = a.fuzz_rate or 2000
    a.fuzz_seed = a.fuzz_seed if a.fuzz_seed is not None else (1796308601 if smoke else int(time.time()))
    # Long enough for the TCP idle timeout (60 s) to close what was left open.
    a.fuzz_settle = 2.0 if smoke else 70.0
    a.media_rates = [int(x) for x in (a.media_rates or ("20" if smoke else "100,300,600")).split(",")]
    a.media_held = a.media_held or (20 if smoke else 1000)
    a.media_held_rate = a.media_held_rate or (20 if smoke else 100)
    a.media_window_s = 2.0 if smoke else 10.0
    a.push_bindings = a.push_bindings or (1000 if smoke else 100000)
    a.push_drain_s = 60 if smoke else 600
    a.workers_n = a.workers_n or max(2, os.cpu_count() or 2)
    a.only = [s.strip() for s in a.only.split(",") if s.strip()]
    for s in a.only:
        if s not in SECTIONS:
            p.error(f"unknown section {s}")
    # ctib-numbers only for the sections that start it.
    needs_numbers = ("numbers" in a.only or "push" in a.only or
                     ("callrate" in a.only and "numbers" in a.callrate_systems))
    # The numbers section starts no engine and no stub.
    needs_engine = any(s != "numbers" for s in a.only)
    for path in ((a.engine, a.stub) if needs_engine else ()) + ((a.numbers,) if needs_numbers else ()) + \
            ((a.numbers_baseline,) if "numbers" in a.only and a.numbers_baseline else ()):
        if not os.access(path, os.X_OK):
            p.error(f"{path} not found: cmake --preset release && cmake --build --preset release -j2")
    return a


def main():
    a = parse_args()
    # SIGTERM (CTest's timeout, a user) unwinds like an error: every process
    # started is then stopped by pid in the `finally` below.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    modules = "/usr/lib/x86_64-linux-gnu/kamailio/modules/"
    need = {"sipp": "sip-tester"}
    if "peer" in a.only:
        need.update({"kamailio": "kamailio", modules + "http_client.so": "kamailio-utils-modules",
                     modules + "jansson.so": "kamailio-extra-modules"})
    if "instructions" in a.only:
        need["valgrind"] = "valgrind"
    if "media" in a.only:
        need["rtpengine"] = "rtpengine-daemon"
    if "numbers" in a.only or "push" in a.only:
        need["wrk"] = "wrk"
        if "postgres" in a.backends:
            need[numbers_bench.PG_BIN + "/initdb"] = "postgresql-15"
    missing = ensure_packages(need)
    if missing:
        print(f"bench: missing packages {missing} (apt-get install {' '.join(missing)})", file=sys.stderr)
        return 2
    ctx = Context(a)
    results = {"facts": machine_facts(a.build_dir), "smoke": a.smoke, "load_start": os.getloadavg()}
    ok = True
    try:
        for section in a.only:
            ctx.log(f"== {section} (load {os.getloadavg()[0]:.2f})")
            if section == "callrate":
                for system in a.callrate_systems:
                    section_callrate(ctx, a, results, system)
            elif section == "peer":
                # Kamailio as it was (one HTTP request a call), then like for
                # like with the engine (request, ring, answer, hangup).
                section_callrate(ctx, a, results, "kamailio")
                section_callrate(ctx, a, results, "kamailio-notify")
            elif section == "concurrency":
                section_concurrency(ctx, a, results)
            elif section == "slow":
                section_slow(ctx, a, results)
            elif section == "numbers":
                section_numbers(ctx, a, results)
            elif section == "journal":
                section_journal(ctx, a, results)
            elif section == "fuzzsoak":
                fuzz_soak.section(ctx, a, results)
            elif section == "instructions":
                instr_bench.section(ctx, a, results)
            elif section == "admin":
                admin_bench.section(ctx, a, results)
            elif section == "media":
                media_bench.section(ctx, a, results)
            elif section == "push":
                push_bench.section(ctx, a, results)
            elif section == "workers":
                section_workers(ctx, a, results)
    except Exception:
        traceback.print_exc()
        ok = False
    finally:
        ctx.procs.stop_all()
    results["load_end"] = os.getloadavg()
    out = a.out or os.path.join(a.build_dir, "bench-results",
                                time.strftime("bench-%Y%m%d-%H%M%S.md"))
    os.makedirs(os.path.dirname(out), exist_ok=True)
    perf = next((e.get("perf_data") for e in results.get("callrate", []) if e.get("perf_data")), None)
    if perf:
        svg = os.path.splitext(out)[0] + "-engine.svg"
        results["breakdown"] = report.breakdown(report.flamegraph(perf, svg))
        results["flamegraph"] = svg
    for n in results.get("numbers", []):
        if n.get("perf_data"):
            svg = os.path.splitext(out)[0] + f"-numbers-{n['backend']}-{n['bindings']}.svg"
            n["breakdown"] = report.breakdown(report.flamegraph(n["perf_data"], svg), report.NUMBERS_BREAKDOWN)
            n["flamegraph"] = svg
    with open(os.path.splitext(out)[0] + ".json", "w") as f:
        json.dump(results, f, indent=1, default=str)
    text = report.markdown(results)
    with open(out, "w") as f:
        f.write(text)
    print(text)
    print(f"report: {out}  (work directory {ctx.dir})")
    if not a.keep and ok:
        shutil.rmtree(ctx.dir, ignore_errors=True)
    ok = ok and report.ran_end_to_end(results, a.only)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
