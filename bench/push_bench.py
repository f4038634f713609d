"""The push section (issue 12): pushed call events through the outbox
(docs/push.md, decision 0011) at the rate the numbers service answers.

ctib-numbers on SQLite with `--push-bindings` bindings is loaded with wrk's
routing requests (bench/wrk/route.lua), once without `[push]` and once with
it, pointed at a receiver that answers 200 at once (the suite's C++ stub).
Every routing request for a bound X is a call-in event, one outbox item.
Reported: routing answers/s and latency with and without push (a push must
never slow a routing answer), items delivered while the load ran, the queue
left when it stopped and how long it took to drain, hence items/s pushed
over the whole run, and the POSTs the receiver counted (batches)."""

import os
import re
import shutil
import time
import urllib.request

from benchlib import free_port, wait_until
import numbers_bench
from sip_bench import RouteStub

ADMIN_TOKEN = "bench-admin-token"


def metric(numbers, name):
    req = urllib.request.Request(f"http://127.0.0.1:{numbers.admin_port}/metrics",
                                 headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})
    text = urllib.request.urlopen(req, timeout=5).read().decode()
    m = re.search(rf"^{name}(?:{{[^}}]*}})? ([0-9.e+]+)$", text, re.MULTILINE)
    return float(m.group(1)) if m else 0.0


def start_numbers(ctx, name, db, push_url=None, batch_size=50):
    """A seeded copy of the bench's numbers service, with an admin API (for
    /metrics) and, with push_url, a [push] section."""
    n = numbers_bench.Numbers(ctx, "sqlite", db, name=name, cpus="1")
    n.admin_port = free_port()
    with open(n.config, "a") as f:
        f.write(f'\n[admin]\naddress = "127.0.0.1:{n.admin_port}"\ntoken = "{ADMIN_TOKEN}"\n')
        if push_url:
            f.write(f'\n[push]\nurls = ["{push_url}"]\nkey_id = "bench"\nkey = "bench-push-key-0123456789"\n'
                    f"batch_size = {batch_size}\nmax_delay_ms = 100\n")
    return n


def section(ctx, a, results):
    size = a.push_bindings
    db = os.path.join(ctx.dir, "push-numbers.db")
    seeder = numbers_bench.Numbers(ctx, "sqlite", db, name="numbers-push-seed")
    took = numbers_bench.seed(ctx, seeder, None, size)
    ctx.log(f"  seeded {size} bindings in {took:.0f} s")
    receiver = RouteStub(ctx, "push-receiver")
    rows = []
    try:
        for mode in ("off", "on"):
            # A copy of the seeded database each: wrk's request uuids repeat
            # from run to run, and a uuid already recorded is no new call.
            copy = os.path.join(ctx.dir, f"push-{mode}.db")
            shutil.copy(db, copy)
            shutil.copy(db + "-records", copy + "-records")  # the call records' own file belongs with it
            n = start_numbers(ctx, f"numbers-push-{mode}", copy, receiver.url("/push") if mode == "on" else None)
            n.start()
            try:
                receiver.snapshot()
                started = time.time()
                route = numbers_bench.wrk(ctx, n, "route.lua", a.wrk_seconds, 16, numbers_bench.routing_env(size),
                                          f"push-{mode}-route")
                row = {"push": mode, "route": route}
                if mode == "on":
                    delivered_at_stop = metric(n, "ctib_numbers_push_delivered_total")
                    queued_at_stop = metric(n, "ctib_numbers_push_queue_depth")
                    stop = time.time()
                    wait_until(lambda: metric(n, "ctib_numbers_push_queue_depth") == 0, a.push_drain_s,
                               "the push queue to drain")
                    drained = time.time()
                    delivered = metric(n, "ctib_numbers_push_delivered_total")
                    posts = receiver.snapshot()["notifications"]
                    row.update(delivered_during_load=delivered_at_stop, queued_at_stop=queued_at_stop,
                               drain_s=drained - stop, delivered=delivered, posts=posts,
                               items_per_s=delivered / (drained - started),
                               drain_items_per_s=queued_at_stop / max(drained - stop, 1e-3),
                               failed=metric(n, "ctib_numbers_push_failed_total"),
                               dead=metric(n, "ctib_numbers_push_dead_total"))
                    ctx.log(f"  push: {delivered:.0f} items in {posts} POSTs, {queued_at_stop:.0f} queued when the "
                            f"load stopped, drained in {row['drain_s']:.1f} s: {row['items_per_s']:.0f} items/s; "
                            f"failed {row['failed']:.0f} dead {row['dead']:.0f}")
                rows.append(row)
            finally:
                n.stop()
    finally:
        ctx.procs.stop(receiver.proc)
    results["push"] = {"bindings": size, "rows": rows}


def markdown(p):
    lines = ["## Pushed call events (issue 12)", "",
             f"ctib-numbers on SQLite, {p['bindings']} bindings, wrk routing requests (16 connections) without and "
             "with `[push]` to a receiver answering 200 at once; each routing request is one call-in item.", "",
             "| push | answers/s | p50 (ms) | p99 (ms) | items delivered | POSTs | queued when the load stopped | "
             "drain (s) | items/s while draining | items/s over the run | failed | dead |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in p["rows"]:
        q = r["route"]
        if r["push"] == "on":
            lines.append(f"| on | {q['rps']:.0f} | {q['p50_ms']:.2f} | {q['p99_ms']:.2f} | {r['delivered']:.0f} | "
                         f"{r['posts']} | {r['queued_at_stop']:.0f} | {r['drain_s']:.1f} | {r['drain_items_per_s']:.0f} | "
                         f"{r['items_per_s']:.0f} | "
                         f"{r['failed']:.0f} | {r['dead']:.0f} |")
        else:
            lines.append(f"| off | {q['rps']:.0f} | {q['p50_ms']:.2f} | {q['p99_ms']:.2f} | — | — | — | — | — | — | — | — |")
    return lines + [""]


def ran(p):
    """The smoke check: routing answered under both modes, every item was
    delivered (none failed for good) and the receiver got them."""
    if not p or len(p.get("rows", [])) != 2:
        return False
    on = next(r for r in p["rows"] if r["push"] == "on")
    return (all(r["route"]["requests"] > 0 and r["route"]["non2xx"] == 0 for r in p["rows"]) and
            on["delivered"] > 0 and on["posts"] > 0 and on["dead"] == 0)
