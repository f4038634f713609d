"""The admin API under call load (issue 11: it answers within 10 ms under
full call load, beside the call loop, without stalling it).

One engine with an `[admin]` section (127.0.0.1, port 0: the port is read
from its log line `admin API on http://127.0.0.1:PORT`), the C++ routing
stub and a SIPp callee. Held calls are set up first (so that `GET /v1/calls`
lists hundreds of them), then three steps at the same call rate on the same
engine: calls alone, calls while a poller asks the admin API
(keep-alive HTTP, its own thread pinned to the load CPU) for `GET
/v1/status`, `GET /v1/calls`, `GET /v1/calls/{uuid}` and `GET /metrics`, a
few times a second each, and calls alone again. The figures: each route's latency (request written
→ whole answer read, at the poller), and the calls' PDD, failures and CPU
per call with and without the polling.

The engine starts at log level info (the only level that prints the admin
address) and is switched to the suite's `warn` through the admin API's own
`POST /v1/reload` before any measured call (`[logging] level` is
reloadable: docs/configuration.md "Reload")."""

import http.client
import json
import os
import re
import threading
import time

from benchlib import percentile, tail, wait_until
from sip_bench import LOAD_CPU, CallerRun, Callee, Engine, RouteStub, rate_step

TOKEN = "bench-admin-token"
ROUTES = ["status", "calls", "call", "metrics"]
PATHS = {"status": "/v1/status", "calls": "/v1/calls", "metrics": "/metrics"}
ADMIN_LINE = re.compile(r"admin API on http://127\.0\.0\.1:(\d+)")


def admin_port(engine, timeout=20.0):
    found = {}

    def seen():
        if engine.proc.poll() is not None:
            raise RuntimeError(f"engine exited with {engine.proc.returncode}: {tail(engine.proc.log_path)}")
        m = ADMIN_LINE.search(tail(engine.proc.log_path, 200000))
        if m:
            found["port"] = int(m.group(1))
        return bool(found)
    wait_until(seen, timeout, "the engine's 'admin API on' line")
    return found["port"]


class AdminClient:
    """One keep-alive HTTP/1.1 connection to the admin API."""

    def __init__(self, port, timeout=5.0):
        self.port, self.timeout = port, timeout
        self.conn = None

    def request(self, method, path):
        """(status, body bytes, seconds from writing the request to the last
        byte of the answer). Reconnects once if the server closed the
        connection; the connect itself is not timed."""
        for attempt in (0, 1):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
                self.conn.connect()
            try:
                t0 = time.perf_counter()
                self.conn.request(method, path, headers={"Authorization": f"Bearer {TOKEN}"})
                resp = self.conn.getresponse()
                body = resp.read()
                elapsed = time.perf_counter() - t0
                if resp.getheader("Connection", "").lower() == "close":
                    self.close()
                return resp.status, body, elapsed
            except (http.client.HTTPException, ConnectionError):
                self.close()
                if attempt:
                    raise
        raise AssertionError("unreachable")

    def close(self):
        if self.conn:
            self.conn.close()
            self.conn = None


class Poller(threading.Thread):
    """Asks each route `rps` times a second, in turn, on its own keep-alive
    connection, until stop() or the bounds (`seconds`, `max_requests`). A
    request that overruns its slot delays the next ones (no catching up):
    the rates are a ceiling."""

    def __init__(self, port, rps, seconds, limit=None):
        super().__init__(daemon=True)
        self.paths = dict(PATHS, calls=f"/v1/calls?limit={limit}" if limit else "/v1/calls")
        self.port, self.interval = port, 1.0 / (rps * len(ROUTES))
        self.deadline_s = seconds
        self.max_requests = int(rps * len(ROUTES) * seconds) + len(ROUTES)
        self.stopping = threading.Event()
        self.samples = {r: [] for r in ROUTES}    # ms, 2xx and 404 answers alike
        self.statuses = {r: {} for r in ROUTES}   # status -> count
        self.errors = {r: 0 for r in ROUTES}      # no answer (timeout, reset)
        self.bytes = {r: [] for r in ROUTES}
        self.listed = []                          # `count` of each GET /v1/calls
        self.up = []                              # its `total` (calls up; absent before ?limit=)
        self.uuid = None

    def run(self):
        try:
            os.sched_setaffinity(0, {int(LOAD_CPU)})  # this thread only: beside SIPp, off the engine's CPU
        except OSError:
            pass
        clients = {r: AdminClient(self.port) for r in ROUTES}
        started, sent, i = time.monotonic(), 0, 0
        try:
            while not self.stopping.is_set() and sent < self.max_requests and \
                    time.monotonic() - started < self.deadline_s:
                route = ROUTES[i % len(ROUTES)]
                i += 1
                if route == "call" and not self.uuid:
                    continue
                path = self.paths.get(route) or f"/v1/calls/{self.uuid}"
                try:
                    status, body, elapsed = clients[route].request("GET", path)
                except (OSError, http.client.HTTPException):
                    clients[route].close()
                    self.errors[route] += 1
                    status = None
                sent += 1
                if status is not None:
                    self.samples[route].append(elapsed * 1000.0)
                    self.statuses[route][status] = self.statuses[route].get(status, 0) + 1
                    self.bytes[route].append(len(body))
                    if route == "calls" and status == 200:
                        calls = json.loads(body)
                        self.listed.append(calls["count"])
                        self.up.append(calls.get("total", calls["count"]))
                        live = [c["uuid"] for c in calls["calls"] if c["state"] == "answered"]
                        if live:
                            self.uuid = live[0]  # the oldest: a held call, up until the end
                self.stopping.wait(max(0.0, started + sent * self.interval - time.monotonic()))
        finally:
            for c in clients.values():
                c.close()

    def stop(self):
        self.stopping.set()
        self.join(30)

    def figures(self):
        out = {}
        for r in ROUTES:
            s = self.samples[r]
            out[r] = {"requests": len(s), "p50_ms": percentile(s, .5), "p99_ms": percentile(s, .99),
                      "max_ms": max(s) if s else float("nan"), "statuses": self.statuses[r],
                      "errors": self.errors[r], "bytes_p50": int(percentile(self.bytes[r], .5)) if s else 0}
        out["listed_p50"] = int(percentile(self.listed, .5)) if self.listed else 0
        out["listed_max"] = max(self.listed) if self.listed else 0
        out["up_p50"] = int(percentile(self.up, .5)) if self.up else 0
        return out


def section(ctx, a, results):
    callee = Callee(ctx, "callee-admin")
    stub = RouteStub(ctx, "stub-admin")
    engine = Engine(ctx, callee.port, stub.url(), name="engine-admin", admin_token=TOKEN, level="info")
    held = None
    try:
        port = admin_port(engine)
        # Back to the suite's log level before any measured call, through the API itself.
        with open(engine.config) as f:
            text = f.read()
        with open(engine.config, "w") as f:
            f.write(text.replace('level = "info"', 'level = "warn"', 1))
        client = AdminClient(port)
        status, body, _ = client.request("POST", "/v1/reload")
        client.close()
        if status != 200:
            raise RuntimeError(f"POST /v1/reload: {status} {body[:300]!r}")
        ctx.log(f"  admin API on 127.0.0.1:{port}; reload to level warn: {json.loads(body).get('changed')}")

        CallerRun(ctx, engine.port, 20, 20, 0, "admin-warmup").finish()
        rate, seconds = a.admin_rate, a.step_seconds
        # Held calls: up through both steps (and the pauses between them).
        build_s = a.admin_held / a.hold_rate
        hold_ms = int((build_s + 3 * (seconds + 3) + 10) * 1000)
        held = CallerRun(ctx, engine.port, a.hold_rate, a.admin_held, hold_ms, "admin-held")
        time.sleep(build_s + 1.0)

        alone = rate_step(ctx, engine, engine.port, rate, seconds, a.hold_ms, "admin-calls-alone", stub)
        time.sleep(0.5)
        poller = Poller(port, a.admin_rps, seconds + 10, a.admin_limit)
        poller.start()
        polled = rate_step(ctx, engine, engine.port, rate, seconds, a.hold_ms, "admin-calls-polled", stub)
        poller.stop()
        routes = poller.figures()
        time.sleep(0.5)
        # Alone again: the second step runs beside the first one's lingering
        # transactions (64xT1 = 32 s); a third step tells that apart from the
        # polling's own cost.
        after = rate_step(ctx, engine, engine.port, rate, seconds, a.hold_ms, "admin-calls-alone-after", stub)
        held_result = held.finish()
        held = None
        held_result.pop("pdd_ms", None)
        load = max(alone["load"], polled["load"], after["load"], os.getloadavg()[0])
        for r in ROUTES:
            x = routes[r]
            ctx.log(f"  {r}: {x['requests']} answers {x['statuses']} errors {x['errors']} "
                    f"p50 {x['p50_ms']:.2f} p99 {x['p99_ms']:.2f} max {x['max_ms']:.2f} ms, "
                    f"{x['bytes_p50']} bytes")
        ctx.log(f"  GET /v1/calls listed {routes['listed_p50']} of {routes['up_p50']} calls up (p50), "
                f"{routes['listed_max']} at most; "
                f"held calls ok {held_result['successful']}/{held_result['expected']} failed {held_result['failed']}")
        results["admin"] = {"rate": rate, "seconds": seconds, "rps": a.admin_rps, "held": a.admin_held,
                            "limit": a.admin_limit,
                            "alone": alone, "polled": polled, "after": after, "routes": routes, "held_calls": held_result,
                            "load": load, "engine_exit": ctx.procs.stop(engine.proc)}
    finally:
        if held:
            ctx.procs.stop(held.proc)
            ctx.procs.stop(held.capture)
        for p in (engine.proc, callee.proc, stub.proc):
            ctx.procs.stop(p)
