"""Instructions per call: the engine under valgrind's callgrind, a fixed
number of calls at a low rate, instructions counted between a reset after a
warm-up and a dump after the calls.

Why beside the call-rate ramp: on a shared VM the same binary's CPU per call
varies by up to ~40 % from run to run (docs/performance.md), so a 5 %
change cannot be seen in milliseconds. callgrind counts the instructions the
engine executes, which do not depend on what else the machine does; two
builds compare exactly. It counts user space only: syscalls, context
switches and cache misses are not in it, the ramp's CPU figure has them."""

import collections
import os
import re
import shutil
import subprocess
import time

from sip_bench import CallerRun, Callee, Engine, RouteStub

# Inclusive figures worth naming in the report: where the engine's work starts.
ENTRY_POINTS = {
    "curl_multi_socket_action": "curl_multi_socket_action (all HTTP I/O and timers)",
    "curl_multi_add_handle": "curl_multi_add_handle",
    "tport_recv_event": "tport_recv_event (SIP datagrams in)",
    "tport_tsend": "tport_tsend (SIP out)",
    "su_timer_expire": "su_timer_expire (all timers)",
}


def _names():
    """callgrind's name compression: "(7) name" defines id 7, "(7)" reuses it."""
    table = {}

    def resolve(text):
        text = text.strip()
        m = re.match(r"\((\d+)\)(?: (.*))?$", text)
        if not m:
            return text
        if m.group(2) is not None:
            table[m.group(1)] = m.group(2)
        return table.get(m.group(1), text)
    return resolve


def parse(path):
    """Self cost per object and per function, inclusive cost of calls into
    ENTRY_POINTS (summed over call sites, not counting calls among them),
    and the total, from a callgrind output file (events: Ir)."""
    obj_name, fn_name = _names(), _names()
    by_object, by_function, inclusive = collections.Counter(), collections.Counter(), collections.Counter()
    total = 0  # callgrind's own summary line
    ob = fn = callee = None
    call_line = False
    with open(path, errors="replace") as f:
        for line in f:
            head = line[:4]
            if head.startswith("ob="):
                ob = obj_name(line[3:])
            elif head.startswith("fn="):
                fn = fn_name(line[3:])
            elif head.startswith("cob"):
                obj_name(line[4:])
            elif head.startswith("cfn"):
                callee = fn_name(line[4:])
            elif head.startswith("call"):
                call_line = True
            elif line[:1].isdigit() or line[:1] in "+-*":
                parts = line.split()
                if len(parts) < 2:
                    continue
                cost = int(parts[1])
                if call_line:
                    call_line = False
                    if callee in ENTRY_POINTS and fn not in ENTRY_POINTS:
                        inclusive[callee] += cost
                    continue
                by_object[os.path.basename(ob or "?")] += cost
                by_function[(os.path.basename(ob or "?"), fn)] += cost
            elif line.startswith("summary:"):
                total = int(line.split()[1])
    return {"total": total, "by_object": by_object, "by_function": by_function, "inclusive": inclusive}


def section(ctx, a, results):
    if not shutil.which("valgrind"):
        raise RuntimeError("valgrind not found (apt-get install valgrind)")
    callee = Callee(ctx, "callee-instr")
    stub = RouteStub(ctx, "stub-instr")
    out = os.path.join(ctx.dir, "callgrind.out")
    engine = None
    try:
        # Not pinned: callgrind's own work is not what is measured.
        engine = Engine(ctx, callee.port, stub.url(), name="engine-instr", method=a.instr_method,
                        wrapper=("valgrind", "--tool=callgrind", f"--callgrind-out-file={out}"), cpus=None,
                        start_timeout=120)
        port = engine.port
        # Warm-up: the first calls fault in pages, open the HTTP connection
        # and fill sofia's caches; they are not counted.
        # On a loaded machine the very first calls under callgrind can time
        # out (the engine's code is still being translated): a second
        # warm-up then, and only its failure is an error.
        warm = CallerRun(ctx, port, max(1, a.instr_rate // 2), 20, 100, "instr-warm").finish()
        if not warm["passed"]:
            ctx.log(f"  warm-up: {warm['failed']} of {warm['expected']} calls failed; warming up again")
            warm = CallerRun(ctx, port, max(1, a.instr_rate // 2), 20, 100, "instr-warm-2").finish()
        if not warm["passed"]:
            raise RuntimeError(f"warm-up calls failed: {warm}")
        time.sleep(2.0)
        subprocess.run(["callgrind_control", "-z", str(engine.pid)], check=True, capture_output=True, timeout=60)
        load = os.getloadavg()[0]
        run = CallerRun(ctx, port, a.instr_rate, a.instr_calls, 100, "instr").finish()
        time.sleep(2.0)  # the last hangup notifications
        measured = out + ".measured"
        subprocess.run(["callgrind_control", "-d", "measured", str(engine.pid)], check=True, capture_output=True,
                       timeout=60)
        dumps = sorted((p for p in os.listdir(ctx.dir) if p.startswith("callgrind.out.")),
                       key=lambda p: os.path.getmtime(os.path.join(ctx.dir, p)))
        if not dumps:
            raise RuntimeError("callgrind wrote no dump")
        os.replace(os.path.join(ctx.dir, dumps[-1]), measured)
    finally:
        if engine:
            ctx.procs.stop(engine.proc)
        ctx.procs.stop(callee.proc)
        ctx.procs.stop(stub.proc)
    figures = parse(measured)
    calls = run["successful"]
    per_call = figures["total"] / calls if calls else float("nan")
    top = figures["by_function"].most_common(15)
    entry = {"method": a.instr_method, "calls": calls, "expected": run["expected"], "failed": run["failed"], "passed": run["passed"],
             "rate": a.instr_rate, "load": load, "instructions": figures["total"], "per_call": per_call,
             "by_object": [(o, n / calls if calls else 0) for o, n in figures["by_object"].most_common(8)],
             "entry_points": [(ENTRY_POINTS[k], figures["inclusive"][k] / calls if calls else 0)
                              for k in ENTRY_POINTS if figures["inclusive"][k]],
             "top_functions": [(o, fn, n / calls if calls else 0) for (o, fn), n in top]}
    ctx.log(f"  instructions: {calls} calls, {per_call:,.0f} instructions per call (load {load:.2f})")
    results["instructions"] = entry
