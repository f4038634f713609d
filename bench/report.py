"""The suite's report: the markdown tables (every figure with its load
average, the machine, the build and the run), the targets they are judged
against, and a flame graph of the engine from `perf script` output (stack
collapse and SVG written here)."""

import html
import math
import subprocess
from collections import defaultdict

TARGETS = {
    "rate": 3000, "cpu_ms": 0.3, "pdd_p99_ms": 2.0, "kib_per_call": 16, "after_pct": 110,
    "route_rps": 50000, "route_p99_ms": 2.0, "admin_ms": 10.0,
}


def f(value, digits=2):
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return f"{value:,.{digits}f}"


def ratio(a, b):
    if not a or not b or (isinstance(a, float) and math.isnan(a)) or (isinstance(b, float) and math.isnan(b)):
        return "—"
    return f"{a / b:.2f}×"


def met(ok):
    return "yes" if ok else "**no**"


def markdown(r):
    facts = r["facts"]
    lines = ["# ctibridge benchmark results" + (" (smoke run: not figures)" if r.get("smoke") else ""), "",
             f"- machine: {facts['cores']} cores, {facts['cpu']}, {facts['memory']}, Linux {facts['kernel']}",
             f"- build: {facts['build']}",
             f"- run: {facts['date']}, commit {facts['commit']}, {facts['sipp']}",
             f"- load average (1 min) at start {r['load_start'][0]:.2f}, at end {r['load_end'][0]:.2f}; "
             "each figure below carries the load when it was taken", ""]
    calls = {e["system"]: e for e in r.get("callrate", [])}
    if calls:
        lines += ["## Call rate (SIPp → system → SIPp, notifications on, no media)", "",
                  "System under test alone on CPU 0; SIPp, routing stub, ctib-numbers on CPU 1. "
                  "Max = highest step held for the step length with zero failed calls. PDD = INVITE sent → "
                  "180 received at the caller, measured at 80 % of that system's max.", "",
                  "| system | max calls/s | CPU ms/call at max | PDD p50 / p99 (ms) at 80 % | routing stub p50 / p99 "
                  "(ms) | PDD − stub p50 / p99 (ms) | load |",
                  "|---|---|---|---|---|---|---|"]
        names = {"engine": "ctib-engine, C++ stub", "numbers": "ctib-engine, ctib-numbers (SQLite)",
                 "kamailio": "Kamailio 5.6 (Debian), same stub, 1 HTTP exchange a call",
                 "kamailio-notify": "Kamailio 5.6 (Debian), same stub, 4 HTTP exchanges a call (like for like)",
                 "direct": "SIPp → SIPp (no system)"}
        rows = list(calls.items())
        if "engine" in calls and calls["engine"].get("direct"):
            rows.append(("direct", {"max": None, "steps": [], "at80": calls["engine"]["direct"]}))
        for system, e in rows:
            best = next((s for s in reversed(e["steps"]) if s["passed"]), None)
            at80 = e.get("at80") or {}
            stub = at80.get("stub") or {}
            s50, s99 = stub.get("route_us_p50", 0) / 1000.0, stub.get("route_us_p99", 0) / 1000.0
            pdd = f"{f(at80.get('pdd_p50'))} / {f(at80.get('pdd_p99'))}" if at80 else "—"
            net = (f"{f(at80['pdd_p50'] - s50)} / {f(at80['pdd_p99'] - s99)}" if at80 and stub else "—")
            lines.append(f"| {names[system]} | {e['max'] if e['max'] is not None else at80.get('rate', '—')} | "
                         f"{f(best['cpu_ms_per_call'], 3) if best and system != 'direct' else '—'} | {pdd} | "
                         f"{f(s50, 3)} / {f(s99, 3)} | {net} | "
                         f"{f(max([s['load'] for s in e['steps']] + [at80.get('load', 0)]))} |")
        lines += ["", "Ramp steps (calls/s: successful/expected, failed, CPU ms/call, PDD p50/p99 ms, load):", ""]
        for system, e in calls.items():
            steps = "; ".join(f"{s['rate']}: {s['successful']}/{s['expected']}, {s['failed']} failed, "
                              f"{f(s['cpu_ms_per_call'], 3)}, {f(s['pdd_p50'])}/{f(s['pdd_p99'])}, "
                              f"load {f(s['load'])}" for s in e["steps"])
            lines.append(f"- {names[system]}: {steps}")
        lines.append("")
        # HTTP exchanges a call at the routing stub, from the highest
        # passed step: what shows the two systems did the same work.
        for system, e in calls.items():
            best = next((s for s in reversed(e["steps"]) if s["passed"]), None)
            stub = (best or {}).get("stub") or {}
            if best and stub and best["successful"]:
                per_call = (stub.get("requests", 0) + stub.get("notifications", 0)) / best["successful"]
                lines.append(f"- {names[system]}: {f(per_call)} HTTP exchanges per call at the stub "
                             f"({stub.get('requests', 0)} routing requests, {stub.get('notifications', 0)} "
                             f"notifications, step {best['rate']} calls/s)")
        lines.append("")
        for peer, what in (("kamailio", "one HTTP request per call (not like for like)"),
                           ("kamailio-notify", "four HTTP exchanges per call, like the engine")):
            if "engine" not in calls or peer not in calls:
                continue
            e, k = calls["engine"], calls[peer]
            eb = next((s for s in reversed(e["steps"]) if s["passed"]), {})
            kb = next((s for s in reversed(k["steps"]) if s["passed"]), {})
            lines += [f"Ratios ctib-engine / {names[peer]} (same machine, same run): "
                      f"max rate {ratio(e['max'], k['max'])}, CPU per call "
                      f"{ratio(eb.get('cpu_ms_per_call'), kb.get('cpu_ms_per_call'))}, PDD p99 at 80 % "
                      f"{ratio(e.get('at80', {}).get('pdd_p99'), k.get('at80', {}).get('pdd_p99'))}: "
                      f"Kamailio sends {what}.", ""]
    conc = r.get("concurrency")
    if conc:
        lines += ["## Held calls (ctib-engine on CPU 0)", "",
                  "RSS held is read 35 s after the last call was set up (finished transactions linger "
                  "64×T1 = 32 s); 'just set up' is 2 s after, with them. RSS after is read 60 s after "
                  "the last hangup.", "",
                  "| calls held | set up at calls/s | RSS before (KiB) | KiB per call just set up | RSS held (KiB) "
                  "| KiB per call | engine CPU idle-holding | RSS after hangup + wait (KiB) | % of before | failed "
                  "| load |",
                  "|---|---|---|---|---|---|---|---|---|---|---|"]
        for row in conc["rows"]:
            lines.append(f"| {row['calls']:,} | {row['rate']} | {row['baseline_kib']:,} | "
                         f"{f(row['fresh_per_call_kib'], 1)} | {row['held_kib']:,} | "
                         f"{f(row['per_call_kib'], 1)} | {f(row['idle_cpu_pct'])} % | {row['after_kib']:,} | "
                         f"{f(row['after_pct'], 0)} % | {row['failed']} | {f(row['load'])} |")
        lines.append("")
    slow = r.get("slow")
    if slow:
        a, b, s = slow["alone"], slow["beside"], slow["slow"]
        lines += ["## Slow interface (half the calls routed by an interface answering after 2.5 s)", "",
                  "| fast half | calls/s | PDD p50 / p99 (ms) | failed | load |", "|---|---|---|---|---|",
                  f"| alone | {a['rate']} | {f(a['pdd_p50'])} / {f(a['pdd_p99'])} | {a['failed']} | {f(a['load'])} |",
                  f"| beside {slow['rate']} calls/s routed by the slow interface | {b['rate']} | "
                  f"{f(b['pdd_p50'])} / {f(b['pdd_p99'])} | {b['failed']} | {f(b['load'])} |", "",
                  f"Slow half: {s['successful']}/{s['expected']} calls completed, {s['failed']} failed, "
                  f"PDD p50 {f(s['pdd_p50'], 0)} ms.", ""]
    nums = r.get("numbers")
    if nums:
        lines += ["## Numbers service (wrk, keep-alive, 1 thread on CPU 1 per instance)", "",
                  "Routing: 16 connections per instance of `GET /v1/cti?action=request` for random seeded bindings "
                  "(each answer queues its call record; the record writer commits them in batches behind the "
                  "answers); with several instances (one PostgreSQL) the answers/s are summed and p50/p99 are the "
                  "worst instance's. CPU per answer: the service instances, and the PostgreSQL server's processes. "
                  "Bind: 4 connections of `POST /v1/bindings` (AXB, pool pick), one instance. `baseline` is the "
                  "older binary (--numbers-baseline) on the same data in the same run. wrk shares the machine's "
                  "cores with the service.", "",
                  "| backend | bindings | binary | instances | routing answers/s | p50 / p99 (ms) | non-2xx | "
                  "CPU ms/answer service + db | binds/s | bind p50 / p99 (ms) | load |",
                  "|---|---|---|---|---|---|---|---|---|---|---|"]
        for n in nums:
            ro, bi = n["route"], n.get("bind")
            bind = (f"{f(bi['rps'], 0)} | {f(bi['p50_ms'])} / {f(bi['p99_ms'])}" if bi else "— | —")
            lines.append(f"| {n['backend']} | {n['bindings']:,} | {n.get('binary', 'now')} | {n.get('instances', 1)} | "
                         f"{f(ro['rps'], 0)} | {f(ro['p50_ms'])} / {f(ro['p99_ms'])} | {ro['non2xx'] + ro['errors']} | "
                         f"{f(ro.get('service_cpu_ms_per_answer', float('nan')), 3)} + "
                         f"{f(ro.get('db_cpu_ms_per_answer', float('nan')), 3)} | {bind} | "
                         f"{f(max(ro['load'], bi['load'] if bi else 0))} |")
        lines.append("")
        for n in nums:
            if n.get("breakdown"):
                lines += [f"### ctib-numbers CPU by component ({n['backend']}, {n['bindings']:,} bindings, perf)", "",
                          f"Flame graph: `{n.get('flamegraph', '')}`", "", "| share | component |", "|---|---|"]
                lines += [f"| {share:.1f} % | {name} |" for share, name in n["breakdown"]]
                lines.append("")
    modes = r.get("numbers_modes")
    if modes:
        lines += ["### AXE and AXG routing (wrk as above, 16 connections)", "",
                  "AXE: `prompt` is a call's first routing request (answered `play_and_get_digits`), "
                  "`extension` the second one with the right extension (answered with the dial to A). "
                  "AXG: a group member's call (the answer plus the membership read).", "",
                  "| backend | mode | bindings | request | routing answers/s | p50 / p99 (ms) | non-2xx | load |",
                  "|---|---|---|---|---|---|---|---|"]
        for n in modes:
            ro = n["route"]
            lines.append(f"| {n['backend']} | {n['mode']} | {n['bindings']:,} | {n['request']} | {f(ro['rps'], 0)} | "
                         f"{f(ro['p50_ms'])} / {f(ro['p99_ms'])} | {ro['non2xx'] + ro['errors']} | "
                         f"{f(ro['load'])} |")
        lines.append("")
    ins = r.get("instructions")
    if ins:
        lines += ["## Instructions per call (ctib-engine under callgrind)", "",
                  f"{ins['calls']:,} calls at {ins['rate']} calls/s after a warm-up, notifications on, C++ stub, "
                  f"routing interface method {ins.get('method', 'GET')}; "
                  f"user-space instructions between a counter reset and a dump (load {f(ins['load'])}). "
                  "Independent of machine load: compare builds with this, not with CPU ms.", "",
                  f"**{ins['per_call']:,.0f} instructions per call** ({ins['failed']} failed).", "",
                  "| object (self) | instructions per call | share |", "|---|---|---|"]
        lines += [f"| {o} | {n:,.0f} | {100 * n / ins['per_call']:.1f} % |" for o, n in ins["by_object"]]
        lines += ["", "| entry point (inclusive) | instructions per call | share |", "|---|---|---|"]
        lines += [f"| {name} | {n:,.0f} | {100 * n / ins['per_call']:.1f} % |" for name, n in ins["entry_points"]]
        lines += ["", "| function (self) | object | instructions per call |", "|---|---|---|"]
        lines += [f"| `{fn[:90]}` | {o} | {n:,.0f} |" for o, fn, n in ins["top_functions"]]
        lines.append("")
    adm = r.get("admin")
    if adm:
        lines += admin_tables(adm)
    wk = r.get("workers")
    if wk:
        lines += ["## Engine workers: 1 vs N on one machine (decision 0020)", "",
                  f"N = {wk['n']} ({wk['cores']} cores). The same ramp as callrate: one worker pinned to CPU 0, "
                  f"then N workers on CPUs 0..N-1; SIPp and the stub are on CPU 1, so with N = all cores they "
                  "share the workers' cores. Max = highest step with zero failed calls.", "",
                  "| workers | CPUs | max calls/s | CPU ms/call at max (all workers) | PDD p50 / p99 (ms) at max | "
                  "load |", "|---|---|---|---|---|---|"]
        for run in wk["runs"]:
            b = run.get("best") or {}
            lines.append(f"| {run['workers']} | {run['cpus']} | {run['max']} | "
                         f"{b.get('cpu_ms_per_call', float('nan')):.3f} | {b.get('pdd_p50', float('nan')):.2f} / "
                         f"{b.get('pdd_p99', float('nan')):.2f} | {b.get('load', float('nan')):.2f} |")
        lines += ["", f"N workers / 1 worker = **{wk['ratio']:.2f}**; the target is 0.8 × N = {wk['target']:.1f}.", ""]
    if r.get("journal"):
        lines += ["## Call journal: journal-sync = batch vs strict (decision 0006)", "",
                  "| calls/s | journal-sync | ok / expected | failed | PDD p50 (ms) | PDD p99 (ms) | "
                  "engine CPU per call (ms) | load |", "|---|---|---|---|---|---|---|---|"]
        lines += [f"| {j['rate']} | {j['sync']} | {j['successful']} / {j['expected']} | {j['failed']} | "
                  f"{j['pdd_p50']:.2f} | {j['pdd_p99']:.2f} | {j['cpu_ms_per_call']:.3f} | {j['load']:.2f} |"
                  for j in r["journal"]]
        lines.append("")
    fz = r.get("fuzzsoak")
    if fz:
        after = fz["call_after"] or {"successful": 0, "expected": "?"}
        lines += ["## Fuzz soak: malformed SIP over UDP and TCP (issue 15)", "",
                  f"Seed {fz['seed']}, {fz['seconds']} s at {fz['rate']} messages/s, pike off; RSS and "
                  f"descriptors before / at the end / {fz['settle_s']:.0f} s after.", "",
                  "| UDP sent | TCP sent | TCP refused | TCP closed by the engine | answers | engine | RSS (KiB) | "
                  "descriptors | calls after |",
                  "|---|---|---|---|---|---|---|---|---|",
                  f"| {fz['sent']['udp']} | {fz['sent']['tcp']} | {fz['sent']['tcp_refused']} | "
                  f"{fz['sent']['tcp_closed_by_engine']} | {fz['answers']} | "
                  f"{'alive' if fz['alive'] else '**dead**'} | {' / '.join(str(x) for x in fz['rss_kib'])} | "
                  f"{' / '.join(str(x) for x in fz['fds'])} | {after['successful']} / {after['expected']} |", ""]
    if r.get("media"):
        import media_bench  # bench/media_bench.py: the section renders its own table
        lines += media_bench.markdown(r["media"])
    if r.get("push"):
        import push_bench
        lines += push_bench.markdown(r["push"])
    if r.get("breakdown"):
        lines += ["## Engine CPU by component (perf, 80 % of max rate)", "", "| share | component |", "|---|---|"]
        lines += [f"| {share:.1f} % | {name} |" for share, name in r["breakdown"]]
        lines.append("")
    lines += targets(r)
    return "\n".join(lines) + "\n"


def targets(r):
    out = ["## Against the targets", "", "| target | measured | met |", "|---|---|---|"]
    calls = {e["system"]: e for e in r.get("callrate", [])}
    e = calls.get("engine")
    if e:
        best = next((s for s in reversed(e["steps"]) if s["passed"]), None)
        out.append(f"| ≥ {TARGETS['rate']:,} calls/s sustained (stub) | {e['max']:,} | "
                   f"{met(e['max'] >= TARGETS['rate'])} |")
        if best:
            out.append(f"| ≤ {TARGETS['cpu_ms']} ms engine CPU per call | {f(best['cpu_ms_per_call'], 3)} | "
                       f"{met(best['cpu_ms_per_call'] <= TARGETS['cpu_ms'])} |")
        at80, direct = e.get("at80"), e.get("direct")
        if at80 and direct:
            stub99 = (at80.get("stub") or {}).get("route_us_p99", 0) / 1000.0
            added = at80["pdd_p99"] - direct["pdd_p99"] - stub99
            out.append(f"| ≤ {TARGETS['pdd_p99_ms']} ms PDD added at p99 at 80 % of max (engine p99 − SIPp-direct "
                       f"p99 − stub p99) | {f(added)} | {met(added <= TARGETS['pdd_p99_ms'])} |")
    conc = r.get("concurrency")
    if conc and conc["rows"]:
        worst = max(row["per_call_kib"] for row in conc["rows"])
        after = max(row["after_pct"] for row in conc["rows"])
        out.append(f"| ≤ {TARGETS['kib_per_call']} KiB RSS per held call | {f(worst, 1)} (worst) | "
                   f"{met(worst <= TARGETS['kib_per_call'])} |")
        out.append(f"| RSS within 10 % of baseline after load | {f(after, 0)} % (worst) | "
                   f"{met(after <= TARGETS['after_pct'])} |")
    nums = r.get("numbers")
    if nums:
        biggest = max(n["bindings"] for n in nums)
        for n in nums:
            if n["bindings"] == biggest and n.get("binary", "now") == "now":
                ro = n["route"]
                out.append(f"| ≥ {TARGETS['route_rps']:,} routing answers/s, p99 < {TARGETS['route_p99_ms']} ms "
                           f"({n['backend']} ×{n.get('instances', 1)}, {biggest:,} bindings) | {f(ro['rps'], 0)}/s, p99 {f(ro['p99_ms'])} ms | "
                           f"{met(ro['rps'] >= TARGETS['route_rps'] and ro['p99_ms'] < TARGETS['route_p99_ms'])} |")
    adm = r.get("admin")
    if adm:
        routes = adm["routes"]
        worst = max((routes[k]["p99_ms"] for k in ADMIN_ROUTES if routes[k]["requests"]), default=float("nan"))
        top = max((routes[k]["max_ms"] for k in ADMIN_ROUTES if routes[k]["requests"]), default=float("nan"))
        out.append(f"| admin API answers ≤ {TARGETS['admin_ms']:.0f} ms under call load ({adm['rate']} calls/s, "
                   f"~{routes.get('up_p50', 0):,} calls up; p99 of the slowest route) | p99 {f(worst)} ms, max "
                   f"{f(top)} ms | {met(worst <= TARGETS['admin_ms'])} |")
    return out + [""]


ADMIN_ROUTES = {"status": "GET /v1/status", "calls": "GET /v1/calls", "call": "GET /v1/calls/{uuid}",
                "metrics": "GET /metrics"}


def admin_tables(adm):
    routes, al, po, held = adm["routes"], adm["alone"], adm["polled"], adm["held_calls"]
    steps = [("alone", al), ("admin API polled", po)] + ([("alone again", adm["after"])] if adm.get("after") else [])
    lines = ["## Admin API under call load (ctib-engine on CPU 0, poller on CPU 1)", "",
             f"{adm['held']:,} calls held, then {adm['rate']} calls/s in {adm['seconds']:.0f} s steps: alone, "
             f"with each route asked {adm['rps']:g} times a second, alone again (keep-alive; latency = "
             f"request written → answer read at the poller). `GET /v1/calls"
             f"{'?limit=' + str(adm['limit']) if adm.get('limit') else ''}` listed {routes['listed_p50']:,} "
             f"of {routes.get('up_p50', 0):,} calls up (p50), {routes['listed_max']:,} at most.", "",
             "| route | answers (status: count) | no answer | p50 (ms) | p99 (ms) | max (ms) | body p50 (bytes) |",
             "|---|---|---|---|---|---|---|"]
    for key, name in ADMIN_ROUTES.items():
        x = routes[key]
        statuses = ", ".join(f"{k}: {v}" for k, v in sorted(x["statuses"].items())) or "—"
        lines.append(f"| {name} | {statuses} | {x['errors']} | {f(x['p50_ms'])} | {f(x['p99_ms'])} | "
                     f"{f(x['max_ms'])} | {x['bytes_p50']:,} |")
    lines += ["", "| calls at " + str(adm["rate"]) + " calls/s | ok / expected | failed | PDD p50 / p99 (ms) | "
              "engine CPU ms/call | load |", "|---|---|---|---|---|---|"]
    for name, s in steps:
        lines.append(f"| {name} | {s['successful']:,} / {s['expected']:,} | {s['failed']} | {f(s['pdd_p50'])} / "
                     f"{f(s['pdd_p99'])} | {f(s['cpu_ms_per_call'], 3)} | {f(s['load'])} |")
    lines += ["", f"Held calls: {held['successful']:,} / {held['expected']:,} completed, {held['failed']} failed.", ""]
    return lines


def ran_end_to_end(r, sections):
    """What a smoke run checks: every section produced figures from real
    traffic (calls completed, requests answered) — never a timing."""
    calls = {e["system"]: e for e in r.get("callrate", [])}
    checks = []
    if "callrate" in sections:
        checks += [calls.get(s, {}).get("max", 0) > 0 for s in ("engine", "numbers")]
        checks.append(calls.get("engine", {}).get("exit") == 0)
    if "peer" in sections:
        checks.append(calls.get("kamailio", {}).get("max", 0) > 0)
        notify = calls.get("kamailio-notify", {})
        checks.append(notify.get("max", 0) > 0)
        # The like-for-like variant really sent the notifications.
        best = next((s for s in reversed(notify.get("steps", [])) if s["passed"]), {})
        checks.append(((best.get("stub") or {}).get("notifications", 0)) >= 3 * best.get("successful", 1))
    if "concurrency" in sections:
        rows = (r.get("concurrency") or {}).get("rows", [])
        checks.append(bool(rows) and all(row["successful"] > 0 for row in rows))
    if "slow" in sections:
        s = r.get("slow") or {}
        checks.append(bool(s) and s["alone"]["successful"] > 0 and s["slow"]["successful"] > 0)
    if "instructions" in sections:
        ins = r.get("instructions") or {}
        checks.append(bool(ins) and ins["calls"] > 0 and ins["instructions"] > 0)
    if "numbers" in sections:
        n = r.get("numbers") or []
        checks.append(bool(n) and all(x["route"]["requests"] > 0 and x["route"]["non2xx"] == 0 and
                                      (x.get("bind") is None or x["bind"]["requests"] > 0) for x in n))
        m = r.get("numbers_modes") or []
        checks.append({x["mode"] for x in m} == {"AXE", "AXG"} and
                      all(x["route"]["requests"] > 0 and x["route"]["non2xx"] == 0 for x in m))
    if "journal" in sections:
        rows = r.get("journal") or []
        checks.append(bool(rows) and all(j["successful"] > 0 for j in rows))
    if "workers" in sections:
        wk = r.get("workers") or {}
        checks.append(bool(wk) and len(wk["runs"]) == 2 and
                      all(run["max"] > 0 and run["exit"] == 0 for run in wk["runs"]))
    if "fuzzsoak" in sections:
        fz = r.get("fuzzsoak") or {}
        checks.append(bool(fz) and fz["alive"] and fz["call_after"] is not None and
                      fz["call_after"]["successful"] == fz["call_after"]["expected"])
    if "admin" in sections:
        adm = r.get("admin") or {}
        routes = adm.get("routes") or {}
        checks.append(bool(adm) and all(adm[k]["successful"] > 0 for k in ("alone", "polled", "after")) and
                      all(routes[k]["requests"] > 0 for k in ADMIN_ROUTES) and
                      all(routes[k]["statuses"].get(200, 0) > 0 for k in ("status", "calls", "call")))
    if "media" in sections:
        import media_bench
        checks.append(media_bench.ran(r.get("media")))
    if "push" in sections:
        import push_bench
        checks.append(push_bench.ran(r.get("push")))
    return all(checks)


# ---------------------------------------------------------------- flame graph

# Where the engine's CPU goes, by the first of these frames found in a stack
# (checked in this order): a coarse table to read beside the flame graph.
BREAKDOWN = [
    ("hangup spool writer thread (files only for hangups undelivered after 250 ms)", ["Spool::writer_main"]),
    ("libcurl: routing requests and notifications (4 transfers per call)",
     ["curl_multi_socket_action", "ClientCore::on_curl_timer", "ClientCore::on_curl_socket",
      "ClientCore::drain_completions", "curl_multi_add_handle", "ClientCore::start", "Transfer::~Transfer"]),
    ("sofia-sip: receiving and handling SIP (tport_recv_event)", ["tport_recv_event"]),
    ("sofia-sip: timers", ["su_timer_expire"]),
    ("waiting in epoll_wait (wake-ups)", ["epoll_wait"]),
]


# The same for ctib-numbers under routing load (bench/numbers_bench.py).
NUMBERS_BREAKDOWN = [
    ("record writer thread: inserting records (SQLite b-trees / libpq round trips), commit, WAL",
     ["RecordWriter::run"]),
    ("push outbox sender", ["PushRunner", "push::Sender"]),
    ("routing read: the binding lookup in the database (CallRouter::route)", ["CallRouter::route"]),
    ("queueing the call record for the writer (RecordWriter::push)", ["RecordWriter::push"]),
    ("the cti handler: query parsing, decision, answer JSON (answer_cti, rest)", ["answer_cti"]),
    ("HTTP: reading, parsing, routing, writing (Beast, sockets)", ["http_server::", "boost::beast", "boost::asio"]),
]


def breakdown(folded, table=None):
    """[(share %, category)] of the samples in `folded`."""
    table = table or BREAKDOWN
    total = sum(folded.values()) or 1
    shares = {name: 0 for name, _ in table}
    other = 0
    for stack, n in folded.items():
        for name, keys in table:
            if any(k in stack for k in keys):
                shares[name] += n
                break
        else:
            other += n
    out = [(shares[name] * 100.0 / total, name) for name, _ in table]
    return out + [(other * 100.0 / total, "everything else (allocation, clock reads, call core, encoding, ...)")]

def collapse(perf_script_text):
    """`perf script` output → {"root;caller;callee": samples} (folded stacks)."""
    folded = defaultdict(int)
    stack = []
    for line in perf_script_text.splitlines():
        if not line.strip():
            if stack:
                folded[";".join(reversed(stack))] += 1
                stack = []
            continue
        if line[0] in " \t":
            parts = line.strip().split(None, 1)
            if len(parts) == 2:
                sym = parts[1].rsplit(" (", 1)[0]
                sym = sym.split("+0x")[0]
                stack.append(sym if sym != "[unknown]" else "[unknown]")
    if stack:
        folded[";".join(reversed(stack))] += 1
    return folded


def flamegraph(perf_data, svg_path, width=1200, row=16):
    text = subprocess.run(["perf", "script", "-i", perf_data, "--no-inline"], capture_output=True,
                          text=True).stdout
    folded = collapse(text)
    with open(svg_path.replace(".svg", ".folded"), "w") as fo:
        for k, v in sorted(folded.items()):
            fo.write(f"{k} {v}\n")
    tree = {"n": 0, "c": {}}
    for stack, count in folded.items():
        node = tree
        node["n"] += count
        for frame in stack.split(";"):
            node = node["c"].setdefault(frame, {"n": 0, "c": {}})
            node["n"] += count
    total = max(tree["n"], 1)
    rects = []
    depth_max = [0]

    def walk(node, x, depth):
        for name, child in sorted(node["c"].items()):
            w = child["n"] / total * width
            if w >= 0.3:
                rects.append((x, depth, w, name, child["n"]))
                depth_max[0] = max(depth_max[0], depth)
                walk(child, x, depth + 1)
            x += w
    walk(tree, 0.0, 0)
    height = (depth_max[0] + 2) * row + 30
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="monospace" '
           f'font-size="11">', f'<text x="4" y="16">ctib-engine at 80 % of max rate: {total} samples '
           '(perf record, DWARF stacks); width = share of CPU time</text>']
    for x, depth, w, name, n in rects:
        y = height - (depth + 1) * row
        hue = 10 + sum(name.encode()) % 40
        label = html.escape(name)
        out.append(f'<g><title>{label} ({n} samples, {n / total * 100:.1f} %)</title>'
                   f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{row - 1}" fill="hsl({hue},80%,60%)"/>')
        chars = int(w / 7)
        if chars >= 3:
            short = name if len(name) <= chars else name[:chars - 2] + ".."
            out.append(f'<text x="{x + 2:.1f}" y="{y + row - 4}">{html.escape(short)}</text>')
        out.append("</g>")
    out.append("</svg>")
    with open(svg_path, "w") as fo:
        fo.write("\n".join(out))
    return folded
