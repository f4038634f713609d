#!/usr/bin/env python3
"""End-to-end cases of the numbers service with the real engine and SIPp.
One case per invocation:

    python3 tests/numbers_e2e/run.py <case> --engine PATH/ctib-engine --numbers PATH/ctib-numbers
        [--pg-conninfo-file FILE] [--keep]
    python3 tests/numbers_e2e/run.py --list

Each case starts ctib-numbers (SQLite in the case's temp dir, or a fresh
database on the PostgreSQL server of the numbers.postgres CTest fixture) on a
free port with a config it writes, and ctib-engine whose internal profile's
cti_bridge URL is the service's /v1/cti?secret=..., with a gateway `carrier`
whose proxy is a SIPp UAS playing the carrier. It imports the pool and
creates bindings through the REST API (X-API-Key), places calls with a SIPp
UAC playing the caller (From user and display name = the caller's real
number, Request-URI user = X), and asserts on what the carrier received and
on the call records (GET /v1/records). Every process it starts is stopped by
pid, also on failure; the engine and the service must exit 0 on SIGTERM.

Numbers: the service runs with numbers.dial_format = "national" (country
code 86), so the carrier sees national numbers (13900000001, From
17100000001; a fixed-line X with its trunk prefix, 01095013001); the
PostgreSQL case uses "e164" (+8613900000001).
"""

import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SCENARIOS = os.path.join(HERE, "scenarios")
sys.path.insert(0, os.path.join(ROOT, "tests", "sipp"))
from harness import Engine, Rtpengine, Sipp, Workdir, engine_config, free_port, header  # noqa: E402
from case_runner import parse_case_args, run_case, stop_engine  # noqa: E402

API_KEY = "e2e-key"
SECRET = "e2e-secret"

# The parties (national numbers as the callers present them) and the X.
A, B, N, X = "13800000001", "13900000001", "13700000001", "17100000001"
Y = "17100000002"  # AXYB's second middle number
E164 = {n: "+86" + n for n in (A, B, N, X, Y)}


def wait_until(predicate, timeout, what):
    """Polls `predicate` until it returns a true value (returned) or the
    deadline passes (an AssertionError naming `what`). A bound on waiting for
    an event, never an assertion on how long it took."""
    deadline = time.time() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


class Numbers:
    """The real ctib-numbers with a generated config, stopped by pid."""

    def __init__(self, binary, workdir, db, dial_format="national", extra_auth="", extra=""):
        self.binary = binary
        self.workdir = workdir
        self.config = os.path.join(workdir, "numbers.toml")
        self.log_path = os.path.join(workdir, "numbers.log")
        self.db = db
        with open(self.config, "w") as f:
            f.write(f"""
[server]
listen = "127.0.0.1"
port = 0
worker_threads = 2

[database]
pool_size = 2

[auth]
api_keys = ["{API_KEY}"]
routing_secret = "{SECRET}"
{extra_auth}

[numbers]
country_code = "86"
dial_format = "{dial_format}"

[bindings]
sweep_interval = 3600
{extra}
""")
        self.proc = None
        self.log = None
        self.port = None

    def start(self, ready_timeout=20.0):
        self.log = open(self.log_path, "ab")
        # The log is appended to across restarts: only this run's lines count
        # (a restarted service on port 0 listens on a new port).
        since = self.log.tell()
        self.proc = subprocess.Popen([self.binary, "--config", self.config, "--db", self.db],
                                     stdout=self.log, stderr=subprocess.STDOUT, cwd=self.workdir,
                                     stdin=subprocess.DEVNULL)

        def listening():
            if self.proc.poll() is not None:
                raise AssertionError(f"ctib-numbers exited {self.proc.returncode}:\n{self.read_log()}")
            m = re.search(r"listening on 127\.0\.0\.1:(\d+)", self.read_log(since))
            return int(m.group(1)) if m else None

        self.port = wait_until(listening, ready_timeout, "ctib-numbers to listen")

    def read_log(self, since=0):
        """The log from byte offset `since` (0: all of it)."""
        try:
            with open(self.log_path, "rb") as f:
                f.seek(since)
                return f.read().decode(errors="replace")
        except FileNotFoundError:
            return ""

    def stop(self, timeout=15.0):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                raise AssertionError("ctib-numbers did not stop on SIGTERM")
        if self.log and not self.log.closed:
            self.log.close()
        return self.proc.returncode if self.proc else None

    def kill(self):
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        if self.log and not self.log.closed:
            self.log.close()

    # ------------------------------------------------------------- REST API
    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def cti_url(self):
        return self.url(f"/v1/cti?secret={SECRET}")

    def call(self, method, path, body=None, query=None, key=API_KEY):
        url = self.url(path)
        if query:
            url += "?" + urllib.parse.urlencode(query)
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(url, data=data, method=method,
                                     headers={"X-API-Key": key, "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=10) as r:
                return r.status, json.loads(r.read() or b"null")
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read() or b"null")

    def ok(self, method, path, body=None, query=None, expect=(200, 201), key=API_KEY):
        status, answer = self.call(method, path, body, query, key)
        assert status in expect, f"{method} {path} {body or query or ''}: {status} {answer}"
        return answer

    def import_pool(self, numbers, gateway="carrier", area="010", key=API_KEY):
        return self.ok("POST", "/v1/numbers",
                       {"numbers": [{"number": n, "gateway": gateway, "area_code": area} for n in numbers]},
                       key=key)

    def bind(self, mode, a, b=None, x=X, key=API_KEY, **fields):
        body = {"mode": mode, "a": a, "x": x, "expiration": int(time.time()) + 3600, **fields}
        if b is not None:
            body["b"] = b
        return self.ok("POST", "/v1/bindings", body, key=key)

    def records(self, key=API_KEY, **query):
        return self.ok("GET", "/v1/records", query=query, key=key)

    def released_records(self, count, timeout=20.0, key=API_KEY, **query):
        """Waits until `count` records matching `query` exist and every one
        has its release (the engine's hangup notification arrived)."""
        def done():
            page = self.records(key=key, **query)
            items = page["items"]
            if page["total"] == count and len(items) == count and all(r["release_time"] for r in items):
                return items
            return None
        return wait_until(done, timeout, f"{count} released record(s) for {query}")


class UdpSink:
    """A bare UDP socket on the carrier's port: proves no INVITE left."""

    def __init__(self, port):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", port))
        self.sock.setblocking(False)

    def received(self):
        out = []
        while True:
            try:
                out.append(self.sock.recv(65535).decode(errors="replace"))
            except BlockingIOError:
                return out

    def close(self):
        self.sock.close()


class Case:
    """One case's processes and ports; finish() stops them all."""

    def __init__(self, name, args):
        self.name = name
        self.args = args
        self.dir = Workdir(name).path
        self.spool = os.path.join(self.dir, "spool")
        self.pi, self.pe, self.pc = free_port(), free_port(), free_port()
        self.numbers = None
        self.engines, self.sipps, self.sinks = [], [], []
        self.pg_database = None

    # ------------------------------------------------------------ processes
    def start(self, backend="sqlite", dial_format="national", pool=(X,), numbers_auth="", engine_profile="",
              engine_extra="", numbers_extra=""):
        """ctib-numbers, then the engine pointed at it; imports the pool.
        `numbers_auth` is added to the service's [auth], `numbers_extra`
        after its tables; `engine_profile` to the engine's internal profile,
        `engine_extra` after its tables."""
        if backend == "sqlite":
            db = "sqlite:" + os.path.join(self.dir, "numbers.db")
        else:
            db = "postgres:" + self.create_pg_database()
        self.numbers = Numbers(self.args.numbers, self.dir, db, dial_format, numbers_auth, numbers_extra)
        self.numbers.start()
        config = engine_config(self.numbers.cti_url(), self.pi, self.pe, self.pc, self.spool,
                               timeouts="3000 5000", extra_profile=engine_profile, extra=engine_extra)
        engine = Engine(self.args.engine, self.dir, config)
        self.engines.append(engine)
        engine.start()
        if pool:
            self.numbers.import_pool(pool)
        return self.numbers

    def create_pg_database(self):
        if not self.args.pg_conninfo_file:
            raise AssertionError("this case needs --pg-conninfo-file (the numbers.postgres fixture)")
        with open(self.args.pg_conninfo_file) as f:
            conninfo = f.read().strip()
        name = f"ctib_e2e_{os.getpid()}"
        self.psql(conninfo, f"CREATE DATABASE {name}")
        self.pg_database = (conninfo, name)
        return re.sub(r"dbname=\S+", f"dbname={name}", conninfo)

    @staticmethod
    def psql(conninfo, sql):
        r = subprocess.run(["psql", conninfo, "-v", "ON_ERROR_STOP=1", "-qc", sql], capture_output=True,
                           text=True, timeout=60, stdin=subprocess.DEVNULL)
        assert r.returncode == 0, f"psql {sql!r}: {r.stderr}"

    def scenario(self, name):
        """Our scenario, copied into the work directory: the harness names
        SIPp's files (filled scenario, message log) after the path it is
        given, so everything SIPp writes stays in the work directory."""
        path = os.path.join(self.dir, name)
        if not os.path.exists(path):
            shutil.copyfile(os.path.join(SCENARIOS, name), path)
        return path

    def carrier(self, scenario="uas_carrier.xml", **kw):
        s = Sipp(self.dir, self.scenario(scenario), self.pc, subst={"RING_MS": 100}, **kw)
        self.sipps.append(s)
        return s

    def sink(self):
        s = UdpSink(self.pc)
        self.sinks.append(s)
        return s

    def caller(self, caller, x=X, scenario="uac_call.xml", **kw):
        s = Sipp(self.dir, self.scenario(scenario), free_port(), remote=f"127.0.0.1:{self.pi}",
                 service=x, caller=caller, **kw)
        self.sipps.append(s)
        return s

    def ok(self, *sipps, timeout=40):
        for s in sipps:
            rc = s.wait(timeout)
            if rc != 0:
                raise AssertionError(f"sipp {s.name} exited {rc}\n{s.diagnostics()}")

    def finish(self):
        problems = []
        for s in self.sipps:
            s.kill()
        for s in self.sinks:
            s.close()
        for e in self.engines:
            stop_engine(e, problems)
        if self.numbers:
            try:
                rc = self.numbers.stop()
                if rc not in (0, None):
                    problems.append(f"{self.numbers.log_path}: ctib-numbers exited {rc}")
            except AssertionError as err:
                self.numbers.kill()
                problems.append(f"{self.numbers.log_path}: {err}")
        if self.pg_database:
            conninfo, name = self.pg_database
            try:
                self.psql(conninfo, f"DROP DATABASE IF EXISTS {name}")
            except (AssertionError, subprocess.TimeoutExpired) as err:
                problems.append(f"dropping {name}: {err}")
        return problems


# ------------------------------------------------------------------ checks --

def the_invite(carrier):
    invites = carrier.received("INVITE")
    assert len(invites) == 1, f"expected one INVITE at the carrier, got {len(invites)}\n{carrier.messages()}"
    return invites[0]


def uri_user(value):
    m = re.search(r"sips?:([^@;>]+)@", value or "")
    return m.group(1) if m else None


def display_name(value):
    m = re.match(r'\s*"([^"]*)"', value or "")
    return m.group(1) if m else None


def check_masked(invite, callee, x, hidden):
    """The carrier's INVITE goes to `callee` and shows X as the caller: From
    user and display name; no form of a `hidden` real number anywhere."""
    first = invite.split("\n", 1)[0]
    assert uri_user(first) == callee, f"Request-URI user is not {callee}: {first}"
    assert uri_user(header(invite, "To")) == callee, f"To: {header(invite, 'To')}"
    frm = header(invite, "From")
    assert uri_user(frm) == x, f"From user is not X {x}: {frm}"
    name = display_name(frm)
    assert name in (None, x), f"From display name shows {name!r}, not X {x}"
    for number in hidden:
        national = number[-11:]
        for form in {number, national, "86" + national, "+86" + national}:
            assert form not in invite, f"the carrier INVITE shows the real number {form}:\n{invite}"


def check_answered_record(r, *, binding, direction, a, x, peer, caller, callee, by="caller",
                          cause=("NORMAL_CLEARING", 16)):
    """One answered call's record (numbers in canonical E.164)."""
    assert r["binding_id"] == binding["id"], r
    assert r["out_id"] == binding.get("out_id"), r
    assert r["user_data"] == binding.get("user_data"), r
    assert (r["a"], r["x"], r["peer"]) == (a, x, peer), r
    assert (r["caller"], r["callee"]) == (caller, callee), r
    assert r["direction"] == direction, r
    for t in ("call_time", "ring_time", "answer_time", "release_time"):
        assert r[t], f"{t} missing: {r}"
    assert r["call_time"] <= r["ring_time"] <= r["answer_time"] <= r["release_time"], r
    assert isinstance(r["duration"], int) and isinstance(r["billsec"], int), r
    assert r["duration"] >= r["billsec"] >= 0, r
    assert r["release_direction"] == by, r
    assert (r["release_cause"]["name"], r["release_cause"]["q850"]) == cause, r
    assert r["sip_status"] == 200, r
    assert r["record"] == binding.get("record", False), r


def by_direction(records):
    """The records of one call each way, keyed by direction. Listings are
    newest first, but two calls may start within the same second and call
    times have one-second resolution, so order alone cannot tell them apart."""
    keyed = {r["direction"]: r for r in records}
    assert sorted(keyed) == ["a_to_peer", "peer_to_a"], records
    assert records[0]["call_time"] >= records[1]["call_time"], records
    return keyed


def check_intercepted_record(r, *, caller, x, binding_id=None):
    assert r["direction"] == "intercepted", r
    assert r["binding_id"] == binding_id, r
    assert r["caller"] == caller and r["x"] == x, r
    assert r["callee"] is None, r
    assert r["answer_time"] is None and r["billsec"] == 0, r
    assert (r["release_cause"]["name"], r["release_cause"]["q850"]) == ("UNALLOCATED_NUMBER", 1), r
    assert r["sip_status"] == 404, r
    assert r["release_direction"] == "platform", r


def one(items):
    assert len(items) == 1, f"expected one record, got {items}"
    return items[0]


def masked_call(c, caller, callee_seen, x_seen=X, hidden=(), **caller_kw):
    """A call from `caller` to X answered by the carrier; checks the masking."""
    carrier = c.carrier()
    uac = c.caller(caller, **caller_kw)
    c.ok(uac, carrier)
    check_masked(the_invite(carrier), callee_seen, x_seen, hidden or (caller,))
    return carrier


def refused_call(c, caller, x=X):
    """A call the service refuses: the caller gets 404 and nothing reaches the
    carrier."""
    sink = c.sink()
    uac = c.caller(caller, x=x, scenario="uac_refused.xml", subst={"STATUS": 404})
    c.ok(uac)
    return sink


def nothing_left(c, sink, **record_query):
    """After the refused call's record is released (the engine is done with
    the call), the carrier port has seen no datagram."""
    items = c.numbers.released_records(1, **record_query)
    got = sink.received()
    assert not got, f"the carrier received {got}"
    return items


# ------------------------------------------------------------------- cases --

CASES = {}


def case(fn):
    CASES[fn.__name__] = fn
    return fn


@case
def axb_a_to_x(c):
    """A→X reaches B; the carrier sees X as the caller, never A."""
    n = c.start()
    bnd = n.bind("AXB", A, B, out_id="order-1001", user_data="courier 7")
    masked_call(c, A, B, hidden=(A,))
    r = one(n.released_records(1, binding_id=bnd["id"]))
    check_answered_record(r, binding=bnd, direction="a_to_peer", a=E164[A], x=E164[X], peer=E164[B],
                          caller=E164[A], callee=E164[B])


@case
def landline_x_national(c):
    """Issue 12: a Beijing landline X imported as 01095013001 reaches the
    carrier as From 01095013001, trunk prefix kept, because the gateway
    `carrier` is "national" ([numbers.gateway_formats]) although the
    fallback is "e164"; B's and A's mobiles go out without one."""
    landline = "01095013001"
    n = c.start(dial_format="e164", pool=(landline,),
                numbers_extra='[numbers.gateway_formats]\ncarrier = "national"')
    bnd = n.bind("AXB", A, B, x=landline, out_id="landline-1")
    masked_call(c, A, B, x=landline, x_seen=landline, hidden=(A,))
    masked_call(c, B, A, x=landline, x_seen=landline, hidden=(B,))
    each_way = by_direction(n.released_records(2, binding_id=bnd["id"]))
    assert each_way["a_to_peer"]["x"] == "+861095013001", each_way


@case
def axyb_both_ways(c):
    """AXYB (A sees B as Y, B sees A as X): A dials Y and the carrier shows
    B the call from X; B dials X and the carrier shows A the call from Y.
    A dialling X reaches nobody: 404, nothing leaves, recorded intercepted
    with the binding."""
    n = c.start(pool=(X, Y))
    bnd = n.bind("AXYB", A, B, x=X, y=Y, out_id="axyb-1")
    assert (bnd["x"], bnd["y"]) == (E164[X], E164[Y]), bnd
    masked_call(c, A, B, x=Y, x_seen=X, hidden=(A,))
    masked_call(c, B, A, x=X, x_seen=Y, hidden=(B,))
    each_way = by_direction(n.released_records(2, binding_id=bnd["id"]))
    check_answered_record(each_way["a_to_peer"], binding=bnd, direction="a_to_peer", a=E164[A], x=E164[Y],
                          peer=E164[B], caller=E164[A], callee=E164[B])
    check_answered_record(each_way["peer_to_a"], binding=bnd, direction="peer_to_a", a=E164[A], x=E164[X],
                          peer=E164[B], caller=E164[B], callee=E164[A])
    sink = refused_call(c, A, x=X)
    records = n.released_records(3, binding_id=bnd["id"])
    intercepted = [r for r in records if r["direction"] == "intercepted"]
    assert len(intercepted) == 1, records
    check_intercepted_record(intercepted[0], caller=E164[A], x=E164[X], binding_id=bnd["id"])
    got = sink.received()
    assert not got, f"the carrier received {got}"


@case
def axg_member_and_stranger(c):
    """AXG: a member of the group calling X reaches A showing X; a caller
    outside the group is refused as on an unbound X (404, nothing leaves)
    and recorded intercepted with the binding."""
    stranger = "13600000001"
    n = c.start()
    group = n.ok("POST", "/v1/groups", {"name": "couriers", "numbers": [N]})
    bnd = n.bind("AXG", A, B, group_id=group["id"], out_id="axg-1")
    masked_call(c, N, A, hidden=(N,))
    r = one(n.released_records(1, binding_id=bnd["id"]))
    check_answered_record(r, binding=bnd, direction="peer_to_a", a=E164[A], x=E164[X], peer=E164[N],
                          caller=E164[N], callee=E164[A])
    sink = refused_call(c, stranger)
    records = n.released_records(2, binding_id=bnd["id"])
    intercepted = [r for r in records if r["direction"] == "intercepted"]
    assert len(intercepted) == 1, records
    check_intercepted_record(intercepted[0], caller="+86" + stranger, x=E164[X], binding_id=bnd["id"])
    got = sink.received()
    assert not got, f"the carrier received {got}"


@case
def axe_extension(c):
    """AXE through the real engine's digit collection: N dials X, keys the
    extension of A's binding and reaches A showing X (never N); the record
    carries the extension. A caller who keys a wrong extension every round
    is hung up by the engine (UNALLOCATED_NUMBER after the last round),
    nothing reaches the carrier, and the call is recorded intercepted. The
    prompt needs the media anchored: a real rtpengine; the keys come as SIP
    INFO in the early dialog of the prompt's 183."""
    rtp = Rtpengine(c.dir)
    try:
        n = c.start(numbers_extra="\n[axe]\nretries = 1\ntimeout = 3000\ndigit_timeout = 1000\n",
                    engine_extra=f'[media]\nrtpengine = ["{rtp.address}"]\n')
        bnd = n.bind("AXE", A, extension="0427", out_id="axe-1")
        assert bnd["extension"] == "0427", bnd
        digits = {f"ext{i + 1}": d for i, d in enumerate("0427")}
        masked_call(c, N, A, hidden=(N,), scenario="uac_axe.xml", keys=digits)
        r = one(n.released_records(1, binding_id=bnd["id"]))
        check_answered_record(r, binding=bnd, direction="peer_to_a", a=E164[A], x=E164[X], peer=E164[N],
                              caller=E164[N], callee=E164[A])
        assert r["extension"] == "0427", r

        sink = c.sink()
        wrong = {f"ext{i + 1}": d for i, d in enumerate("9999")}
        uac = c.caller(N, scenario="uac_axe_refused.xml", keys=wrong)
        c.ok(uac)
        records = n.released_records(2, number=E164[X])
        intercepted = [r for r in records if r["direction"] == "intercepted"]
        assert len(intercepted) == 1 and intercepted[0]["extension"] is None, records
        assert intercepted[0]["caller"] == E164[N] and intercepted[0]["callee"] is None, intercepted
        got = sink.received()
        assert not got, f"the carrier received {got}"
    finally:
        rtp.stop()


ACME_KEY, GLOBEX_KEY = "acme-e2e-key", "globex-e2e-key"
TENANT_KEYS = f"""
[[auth.keys]]
id = "acme"
secret = "{ACME_KEY}"
tenant = "acme"

[[auth.keys]]
id = "globex"
secret = "{GLOBEX_KEY}"
tenant = "globex"
"""


@case
def two_tenants(c):
    """Decision 0016: two tenants, each with its own X, bind through their
    own keys; each one's call routes through its own binding and the
    carrier sees its X; each tenant's key finds its own record and not the
    other's; acme's A calling globex's X is refused and recorded for
    globex (X's tenant), not visible to acme."""
    n = c.start(pool=(), numbers_auth=TENANT_KEYS)
    n.import_pool([X], key=ACME_KEY)
    n.import_pool([Y], key=GLOBEX_KEY)
    acme = n.bind("AXB", A, B, x=X, key=ACME_KEY, out_id="same-ref")
    globex = n.bind("AXB", N, B, x=Y, key=GLOBEX_KEY, out_id="same-ref")
    assert (acme["tenant"], globex["tenant"]) == ("acme", "globex"), (acme, globex)
    masked_call(c, A, B, hidden=(A,))
    masked_call(c, N, B, x=Y, x_seen=Y, hidden=(N,))
    mine = one(n.released_records(1, binding_id=acme["id"], key=ACME_KEY))
    check_answered_record(mine, binding=acme, direction="a_to_peer", a=E164[A], x=E164[X], peer=E164[B],
                          caller=E164[A], callee=E164[B])
    assert mine["tenant"] == "acme", mine
    theirs = one(n.released_records(1, binding_id=globex["id"], key=GLOBEX_KEY))
    assert theirs["tenant"] == "globex" and theirs["x"] == E164[Y], theirs
    # Each key sees exactly its own call, and the other's is a missing one.
    assert n.records(key=ACME_KEY)["total"] == 1
    status, _ = n.call("GET", "/v1/records/" + theirs["uuid"], key=ACME_KEY)
    assert status == 404, status
    status, _ = n.call("GET", "/v1/bindings/" + acme["id"], key=GLOBEX_KEY)
    assert status == 404, status
    # acme's A on globex's X: refused, nothing leaves, globex's record.
    sink = refused_call(c, A, x=Y)
    records = n.released_records(2, key=GLOBEX_KEY)
    intercepted = [r for r in records if r["direction"] == "intercepted"]
    assert len(intercepted) == 1 and intercepted[0]["tenant"] == "globex", records
    check_intercepted_record(intercepted[0], caller=E164[A], x=E164[Y])
    assert n.records(key=ACME_KEY)["total"] == 1
    got = sink.received()
    assert not got, f"the carrier received {got}"


@case
def axb_b_to_x(c):
    """B→X reaches A showing X."""
    n = c.start()
    bnd = n.bind("AXB", A, B, out_id="order-1002")
    masked_call(c, B, A, hidden=(B,))
    r = one(n.released_records(1, binding_id=bnd["id"]))
    check_answered_record(r, binding=bnd, direction="peer_to_a", a=E164[A], x=E164[X], peer=E164[B],
                          caller=E164[B], callee=E164[A])


@case
def axn_stranger_to_a(c):
    """AXN: a stranger N calling X reaches A showing X."""
    n = c.start()
    bnd = n.bind("AXN", A, B, out_id="shop-1")
    masked_call(c, N, A, hidden=(N,))
    r = one(n.released_records(1, binding_id=bnd["id"]))
    check_answered_record(r, binding=bnd, direction="peer_to_a", a=E164[A], x=E164[X], peer=E164[N],
                          caller=E164[N], callee=E164[A])


@case
def axn_a_to_default_b(c):
    """AXN: A calling X reaches the default B showing X."""
    n = c.start()
    bnd = n.bind("AXN", A, B)
    masked_call(c, A, B, hidden=(A,))
    r = one(n.released_records(1, binding_id=bnd["id"]))
    check_answered_record(r, binding=bnd, direction="a_to_peer", a=E164[A], x=E164[X], peer=E164[B],
                          caller=E164[A], callee=E164[B])


@case
def unbound_x(c):
    """X in the pool with no binding (and a number not in the pool): 404
    UNALLOCATED_NUMBER, no INVITE leaves, recorded as intercepted."""
    n = c.start()
    sink = refused_call(c, A)
    r = one(nothing_left(c, sink, number=X))
    check_intercepted_record(r, caller=E164[A], x=E164[X])
    sink.close()
    c.sinks.remove(sink)
    other = "17100000099"
    sink = refused_call(c, A, x=other)
    r = one(nothing_left(c, sink, number=other))
    check_intercepted_record(r, caller=E164[A], x="+86" + other)
    assert n.records(number=A)["total"] == 2


@case
def expired_binding(c):
    """A binding past its expiry stops routing at once (before any sweep).
    The API refuses an expiration less than 60 s ahead and the service has no
    clock override, so the test moves the binding's expires_at into the past
    in the service's SQLite database (WAL; the service keeps running)."""
    n = c.start()
    bnd = n.bind("AXB", A, B)
    db = sqlite3.connect(os.path.join(c.dir, "numbers.db"), timeout=10)
    try:
        with db:
            cur = db.execute("UPDATE bindings SET expires_at = ? WHERE id = ?", (int(time.time()) - 5, bnd["id"]))
            assert cur.rowcount == 1
    finally:
        db.close()
    assert n.ok("GET", f"/v1/bindings/{bnd['id']}")["state"] == "expired"
    sink = refused_call(c, A)
    r = one(nothing_left(c, sink, number=X))
    check_intercepted_record(r, caller=E164[A], x=E164[X])


@case
def unbound_binding(c):
    """After DELETE /v1/bindings/{id} (unbind) the pair no longer routes."""
    n = c.start()
    bnd = n.bind("AXB", A, B)
    assert n.ok("DELETE", f"/v1/bindings/{bnd['id']}")["state"] == "released"
    sink = refused_call(c, B)
    r = one(nothing_left(c, sink, number=X))
    check_intercepted_record(r, caller=E164[B], x=E164[X])


@case
def barred_direction(c):
    """call_restrict = a_to_x_barred: A→X is refused (404, nothing leaves),
    B→X still reaches A."""
    n = c.start()
    bnd = n.bind("AXB", A, B, call_restrict="a_to_x_barred", out_id="order-1003")
    sink = refused_call(c, A)
    r = one(nothing_left(c, sink, number=A))
    # the binding was consulted: the refused call is recorded against it
    check_intercepted_record(r, caller=E164[A], x=E164[X], binding_id=bnd["id"])
    assert r["out_id"] == "order-1003" and r["peer"] == E164[B], r
    sink.close()
    c.sinks.remove(sink)
    masked_call(c, B, A, hidden=(B,))
    answered = [x for x in n.released_records(2, number=X) if x["direction"] != "intercepted"]
    check_answered_record(one(answered), binding=bnd, direction="peer_to_a", a=E164[A], x=E164[X],
                          peer=E164[B], caller=E164[B], callee=E164[A])


@case
def call_records(c):
    """Two calls on one binding (A→X, B→X) and a refused one: one record per
    call uuid, found by binding, by number (A, B, X) and by uuid."""
    n = c.start()
    bnd = n.bind("AXB", A, B, out_id="order-2001", user_data="u-2001", record=True)
    masked_call(c, A, B, hidden=(A,))
    masked_call(c, B, A, hidden=(B,))
    sink = refused_call(c, N)
    c.numbers.released_records(1, number=N)
    assert not sink.received()
    by_binding = n.released_records(2, binding_id=bnd["id"])
    uuids = [r["uuid"] for r in by_binding]
    assert len(set(uuids)) == 2, uuids
    each_way = by_direction(by_binding)
    check_answered_record(each_way["a_to_peer"], binding=bnd, direction="a_to_peer", a=E164[A], x=E164[X],
                          peer=E164[B], caller=E164[A], callee=E164[B])
    check_answered_record(each_way["peer_to_a"], binding=bnd, direction="peer_to_a", a=E164[A], x=E164[X],
                          peer=E164[B], caller=E164[B], callee=E164[A])
    for number, expected in ((A, 2), (B, 2), (X, 3), (E164[X], 3), (N, 1)):
        page = n.records(number=number)
        assert page["total"] == expected, (number, page)
    for r in by_binding:
        assert n.ok("GET", f"/v1/records/{r['uuid']}") == r
    status, _ = n.call("GET", "/v1/records/no-such-call")
    assert status == 404


@case
def max_duration(c):
    """max_duration = 2: the engine ends the answered call itself (BYE to
    the caller and to the carrier); the record says ALLOTTED_TIMEOUT, released
    by the platform."""
    n = c.start()
    bnd = n.bind("AXB", A, B, max_duration=2)
    carrier = c.carrier()
    uac = c.caller(A, scenario="uac_cut.xml")
    c.ok(uac, carrier)
    check_masked(the_invite(carrier), B, X, (A,))
    bye_to_caller = uac.received("BYE")
    assert len(bye_to_caller) == 1, uac.messages()
    assert "ALLOTTED_TIMEOUT" in (header(bye_to_caller[0], "Reason") or ""), bye_to_caller[0]
    assert len(carrier.received("BYE")) == 1
    r = one(n.released_records(1, binding_id=bnd["id"]))
    check_answered_record(r, binding=bnd, direction="a_to_peer", a=E164[A], x=E164[X], peer=E164[B],
                          caller=E164[A], callee=E164[B], by="platform", cause=("ALLOTTED_TIMEOUT", 16))


@case
def recorded_binding(c):
    """A binding with record=true, the engine anchored through a real
    rtpengine that records (pcap) and both parties talking (sip-tester's
    g711a.pcap) for 2 s: the record holds the recording's file name and
    length and links it; GET /v1/records/{uuid}/recording gives the owner
    the WAV the engine wrote, byte for byte; another tenant gets 404
    (decision 0023)."""
    spool = os.path.join(c.dir, "rtpengine-recording")
    recordings = os.path.join(c.dir, "recordings")
    rtp = Rtpengine(c.dir, extra=["--recording-method=pcap", f"--recording-dir={spool}",
                                  "--recording-format=raw"])
    try:
        media = (f'[media]\nrtpengine = ["{rtp.address}"]\nrecordings-dir = "{recordings}"\n'
                 f'rtpengine-recording-dir = "{spool}"\n')
        n = c.start(engine_extra=media, numbers_extra=f'[records]\nrecordings_dir = "{recordings}"',
                    numbers_auth='[[auth.keys]]\nid = "other"\nsecret = "other-tenant-key"\ntenant = "other"')
        bnd = n.bind("AXB", A, B, record=True)
        sipp_scenarios = os.path.join(ROOT, "tests", "sipp", "scenarios")
        for name in ("uac_media_pcma.xml", "uas_media_record.xml"):
            shutil.copyfile(os.path.join(sipp_scenarios, name), os.path.join(c.dir, name))
        carrier = Sipp(c.dir, os.path.join(c.dir, "uas_media_record.xml"), c.pc)
        c.sipps.append(carrier)
        uac = Sipp(c.dir, os.path.join(c.dir, "uac_media_pcma.xml"), free_port(), remote=f"127.0.0.1:{c.pi}",
                   service=X, caller=A, subst={"HOLD_MS": 2000})
        c.sipps.append(uac)
        c.ok(uac, carrier)
        r = one(n.released_records(1, binding_id=bnd["id"]))
        # The talking callee answers without ringing: no ring_time, so not
        # check_answered_record.
        assert (r["binding_id"], r["direction"], r["record"]) == (bnd["id"], "a_to_peer", True), r
        assert (r["a"], r["x"], r["peer"], r["callee"]) == (E164[A], E164[X], E164[B], E164[B]), r
        assert r["answer_time"] and r["release_cause"]["name"] == "NORMAL_CLEARING", r
        assert r["recording"] == f"{r['uuid']}.wav", r
        assert 1500 <= r["recording_ms"] <= 2500, r
        assert r["recording_url"] == f"/v1/records/{r['uuid']}/recording", r
        req = urllib.request.Request(n.url(r["recording_url"]), headers={"X-API-Key": API_KEY})
        with urllib.request.urlopen(req, timeout=10) as got:
            assert got.headers.get("Content-Type") == "audio/wav", got.headers
            wav = got.read()
        with open(os.path.join(recordings, r["recording"]), "rb") as f:
            assert wav == f.read()
        assert wav[:4] == b"RIFF" and wav[8:12] == b"WAVE", wav[:16]
        # record_ms is the whole milliseconds of the samples (8 a ms, 2 bytes each).
        assert (len(wav) - 44) // 16 == r["recording_ms"], (len(wav), r["recording_ms"])
        status, _ = n.call("GET", r["recording_url"], key="other-tenant-key")
        assert status == 404, status
    finally:
        rtp.stop()


ROUTE_KEY = "e2e-route-key-0001"
SIGNED_SERVICE = f'routing_keys = [{{id = "e2e-k", secret = "{ROUTE_KEY}"}}]\nrequire_signature = true'


def signed_engine(secret):
    return dict(engine_profile='cti_bridge_key = "e2e-k"\nroute-failure-cause = "USER_BUSY"',
                engine_extra=f'[route-keys.e2e-k]\nsecret = "{secret}"')


@case
def signed_routing(c):
    """The engine signs with its route key and the service requires
    signatures: the call goes through and every notification is accepted
    (the record is released complete)."""
    n = c.start(numbers_auth=SIGNED_SERVICE, **signed_engine(ROUTE_KEY))
    bnd = n.bind("AXB", A, B)
    masked_call(c, A, B, hidden=(A,))
    r = one(n.released_records(1, binding_id=bnd["id"]))
    check_answered_record(r, binding=bnd, direction="a_to_peer", a=E164[A], x=E164[X], peer=E164[B],
                          caller=E164[A], callee=E164[B])
    log = n.read_log()
    assert "refused" not in log, log


@case
def signed_routing_wrong_key(c):
    """The engine signs with a wrong secret: the routing request is refused
    (401), and the call ends with the profile's route-failure cause
    (USER_BUSY, 486); nothing reaches the carrier."""
    n = c.start(numbers_auth=SIGNED_SERVICE, **signed_engine("not-the-service-key-01"))
    n.bind("AXB", A, B)
    sink = c.sink()
    uac = c.caller(A, scenario="uac_refused.xml", subst={"STATUS": 486})
    c.ok(uac)
    assert not sink.received(), "the carrier received an INVITE"
    wait_until(lambda: "bad_signature" in n.read_log(), 10, "the service logs the bad signature")
    assert ROUTE_KEY not in n.read_log() and "v1=" not in n.read_log()


@case
def postgres_axb_a_to_x(c):
    """The AXB A→X flow against PostgreSQL, with dial_format = "e164": the
    carrier sees +86 numbers."""
    n = c.start(backend="postgres", dial_format="e164")
    bnd = n.bind("AXB", A, B, out_id="pg-1")
    masked_call(c, A, E164[B], x_seen=E164[X], hidden=(A,))
    masked_call(c, B, E164[A], x_seen=E164[X], hidden=(B,))
    each_way = by_direction(n.released_records(2, binding_id=bnd["id"]))
    check_answered_record(each_way["a_to_peer"], binding=bnd, direction="a_to_peer", a=E164[A], x=E164[X], peer=E164[B],
                          caller=E164[A], callee=E164[B])
    check_answered_record(each_way["peer_to_a"], binding=bnd, direction="peer_to_a", a=E164[A], x=E164[X], peer=E164[B],
                          caller=E164[B], callee=E164[A])


# ------------------------------------------------------------------- main --

def main():
    args, code = parse_case_args(
        __doc__, CASES, binaries=("engine", "numbers"),
        add_arguments=lambda ap: ap.add_argument("--pg-conninfo-file",
                                                 help="conninfo of a running PostgreSQL (postgres cases)"))
    if args is None:
        return code
    c = Case(args.case, args)
    return run_case(args.case, c, lambda: CASES[args.case](c), args.keep,
                    lambda: [(e.log_path, e.read_log, 60) for e in c.engines] +
                    ([(c.numbers.log_path, c.numbers.read_log, 30)] if c.numbers else []))


if __name__ == "__main__":
    sys.exit(main())
