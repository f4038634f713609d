#!/usr/bin/env python3
"""The cluster topology end to end (docs/cluster.md, decision 0014):

    SIPp caller ─► Kamailio front ─dispatcher─► ctib-engine 1 ─► ctib-numbers 1 ─┐
                   (packaging/kamailio/      └► ctib-engine 2 ─► ctib-numbers 2 ─┴► one PostgreSQL
                    ctibridge-front.cfg)  ◄── B legs to users registered at the front
    SIPp registered user B ◄─────────────┘

    python3 tests/cluster/run.py front_two_engines --engine PATH --numbers PATH --pg-conninfo-file FILE [--keep]
    python3 tests/cluster/run.py user_via_front --engine PATH [--keep]

front_two_engines: everything runs on 127.0.0.1 on free ports below 32768: two ctib-numbers on
a fresh database of the numbers.postgres fixture's server, two ctib-engines
(engine 1 routed by numbers 1 with numbers 2 as its route-fallback, engine 2
the other way round), Kamailio with the shipped front config, a SIPp UAS
playing B, registered through the front by a REGISTER this script sends,
and SIPp UACs playing A. A calls X, the numbers service answers "gateway
front, number B", and the engine's B leg goes back through the front, which
finds B in its location table. Every process is stopped by pid.

Checks, in order:
 1. 20 calls: every one answered, re-INVITEd (hold) and hung up by the
    caller through the front (each in-dialog request must reach the engine
    that owns the call: another would answer 481 and SIPp would fail);
    both engines answered some (their /metrics), so the registered user was
    reached from calls on either engine; both numbers services routed some.
 2. engine 1 is killed (SIGKILL). 4 calls placed at once, before the front
    can know: all succeed (the front's failover on the engine's silence).
 3. once the front logs engine 1 down (the notice window is printed), 10
    more calls: all succeed, all on engine 2.
 4. every call's hangup notification arrived exactly once: the two
    services' hangup counters sum to the number of calls, and PostgreSQL
    holds one released record per call.

user_via_front: the engines are routed by the harness's stub, which answers
`user/B`; B is registered only at the front, and the engines find it through
`user-resolver-gateway = "front"` (docs/cluster.md). Then engine 1 is paused
(503 with Retry-After: the front moves its calls to engine 2), then killed
with no traffic (the probe-only notice window is printed).
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "sipp"))
sys.path.insert(0, os.path.join(ROOT, "tests", "numbers_e2e"))
from harness import Engine, RouteStub, Sipp, Workdir, free_port, wait_bound  # noqa: E402
from case_runner import parse_case_args, run_case, stop_engine  # noqa: E402
from run import A, B, X, Numbers, wait_until  # noqa: E402  (tests/numbers_e2e/run.py)

FRONT_CFG = os.path.join(ROOT, "packaging", "kamailio", "ctibridge-front.cfg")
SCENARIOS = os.path.join(HERE, "scenarios")
TOKEN = "cluster-admin-token"
PING_INTERVAL = 1  # s between the front's OPTIONS probes in this test
ENGINE_FR_MS = 2000  # the config's default: an engine's time to send its first reply


class Front:
    """Kamailio with the shipped config, its settings given as -A defines."""

    def __init__(self, workdir, engine_ports):
        self.dir = workdir
        self.port = free_port()
        ds_list = os.path.join(workdir, "dispatcher.list")
        with open(ds_list, "w") as f:
            for p in engine_ports:
                f.write(f"1 sip:127.0.0.1:{p}\n")
        self.log_path = os.path.join(workdir, "kamailio.log")
        self.ctl = os.path.join(workdir, "kamailio_ctl")
        cmd = ["kamailio", "-f", FRONT_CFG, "-DD", "-E", "-P", os.path.join(workdir, "kamailio.pid"),
               "-w", workdir, "-Y", workdir,
               "-A", f"FRONT_LISTEN=udp:127.0.0.1:{self.port}",
               "-A", f'DS_LIST="{ds_list}"',
               "-A", f"DS_PING_INTERVAL={PING_INTERVAL}",
               "-A", "DS_PROBING_THRESHOLD=1",
               "-A", f'CTL_SOCKET="unix:{self.ctl}"',
               "-A", "CHILDREN=2"]
        self.log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(cmd, stdout=self.log, stderr=subprocess.STDOUT, cwd=workdir,
                                     stdin=subprocess.DEVNULL)

    def wait_ready(self):
        # Its SIP workers fork after the bind; the control socket comes last.
        wait_until(lambda: os.path.exists(self.ctl) or self.proc.poll() is not None, 15, "kamailio's ctl socket")
        if self.proc.poll() is not None:
            raise AssertionError(f"kamailio exited {self.proc.returncode}:\n{self.read_log()}")
        wait_bound(self.port, 15)

    def read_log(self):
        try:
            with open(self.log_path, errors="replace") as f:
                return f.read()
        except FileNotFoundError:
            return ""

    def dispatcher_list(self):
        r = subprocess.run(["kamcmd", "-s", f"unix:{self.ctl}", "dispatcher.list"], capture_output=True, text=True,
                           timeout=10, stdin=subprocess.DEVNULL)
        return r.stdout + r.stderr

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                raise AssertionError("kamailio did not stop on SIGTERM")
        if not self.log.closed:
            self.log.close()


def register(front_port, user, contact_port, expires=3600):
    """REGISTER `user` at the front with Contact sip:user@127.0.0.1:contact_port,
    sent from a socket of its own (the Contact is what the front stores and
    what lookup("location") returns); returns the final response."""
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", 0))
    s.settimeout(2)
    port = s.getsockname()[1]
    msg = (f"REGISTER sip:127.0.0.1:{front_port} SIP/2.0\r\n"
           f"Via: SIP/2.0/UDP 127.0.0.1:{port};branch=z9hG4bK-cluster-{os.getpid()}\r\n"
           f"Max-Forwards: 70\r\n"
           f"From: <sip:{user}@127.0.0.1>;tag=reg{os.getpid()}\r\n"
           f"To: <sip:{user}@127.0.0.1>\r\n"
           f"Call-ID: reg-{os.getpid()}@127.0.0.1\r\n"
           f"CSeq: 1 REGISTER\r\n"
           f"Contact: <sip:{user}@127.0.0.1:{contact_port}>\r\n"
           f"Expires: {expires}\r\n"
           f"Content-Length: 0\r\n\r\n").encode()
    try:
        for _ in range(5):
            s.sendto(msg, ("127.0.0.1", front_port))
            try:
                while True:
                    answer = s.recv(65535).decode(errors="replace")
                    status = answer.split(" ", 2)[1]
                    if not status.startswith("1"):
                        return answer
            except socket.timeout:
                continue
        raise AssertionError("no answer to REGISTER from the front")
    finally:
        s.close()


def engine_config(name, workdir, sip_port, route, front_port, extra_engine=""):
    return f"""
[engine]
spool-dir = "{os.path.join(workdir, name + '-spool')}"
registrations-db = ""
shutdown-grace = 2
min-idle-cpu = 0
pike-rate = 0
{extra_engine}

[logging]
level = "info"

[admin]
address = "127.0.0.1:0"
token = "{TOKEN}"

# Only the front sends calls here (docs/cluster.md).
[acls.front]
allow = ["127.0.0.1/32"]
default = "deny"

[profiles.internal]
sip-ip = "127.0.0.1"
sip-port = {sip_port}
{route}
apply-inbound-acl = ["front"]
route-headers = ["X-AUTH-IP"]

# B legs to users registered at the front leave from the same socket the
# front dispatches to, which is how the front tells an engine's INVITE from
# a caller's (ds_is_from_list).
[gateways.front]
profile = "internal"
proxy = "127.0.0.1:{front_port}"
caller-id-in-from = true
"""


def metric_sum(text, name, **labels):
    total = 0.0
    for line in text.splitlines():
        if not line.startswith(name + "{") and not line.startswith(name + " "):
            continue
        if all(f'{k}="{v}"' in line for k, v in labels.items()):
            total += float(line.rsplit(" ", 1)[1])
    return total


def get(url, token):
    req = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(req, timeout=5) as r:
        return r.read().decode()


class Cluster:
    def __init__(self, args):
        self.args = args
        self.dir = Workdir("cluster-" + args.case).path
        self.numbers, self.engines, self.sipps = [], [], []
        self.front = None
        self.pg_database = None
        self.stubs = []

    # ---------------------------------------------------------------- setup
    def create_pg_database(self):
        with open(self.args.pg_conninfo_file) as f:
            conninfo = f.read().strip()
        name = f"ctib_cluster_{os.getpid()}"
        self.psql(conninfo, f"CREATE DATABASE {name}")
        self.pg_database = (conninfo, name)
        return re.sub(r"dbname=\S+", f"dbname={name}", conninfo)

    @staticmethod
    def psql(conninfo, sql):
        r = subprocess.run(["psql", conninfo, "-v", "ON_ERROR_STOP=1", "-qAtc", sql], capture_output=True,
                           text=True, timeout=60, stdin=subprocess.DEVNULL)
        assert r.returncode == 0, f"psql {sql!r}: {r.stderr}"
        return r.stdout

    def start_numbers(self, db):
        # One after the other: the first applies the migrations.
        for i in (1, 2):
            d = os.path.join(self.dir, f"numbers{i}")
            os.makedirs(d)
            n = Numbers(self.args.numbers, d, "postgres:" + db, dial_format="national",
                        extra=f'\n[admin]\naddress = "127.0.0.1:0"\ntoken = "{TOKEN}"\n')
            self.numbers.append(n)
            n.start()
            m = wait_until(lambda: re.search(r"admin API on 127\.0\.0\.1:(\d+)", n.read_log()), 10,
                           "the numbers admin API")
            n.admin_port = int(m.group(1))

    def numbers_metric(self, name, **labels):
        return sum(metric_sum(get(f"http://127.0.0.1:{n.admin_port}/metrics", TOKEN), name, **labels)
                   for n in self.numbers)

    def start_engines(self, front_port, ports, routes, extra_engine=""):
        for i, port in enumerate(ports):
            name = f"engine{i + 1}"
            cfg = engine_config(name, self.dir, port, routes[i], front_port, extra_engine)
            e = Engine(self.args.engine, self.dir, cfg, name=name)
            self.engines.append(e)
            e.start()
            m = re.search(r"admin API on http://127\.0\.0\.1:(\d+)", e.read_log())
            assert m, f"no admin API line in {name}'s log"
            e.admin_port = int(m.group(1))

    def post(self, engine, path):
        req = urllib.request.Request(f"http://127.0.0.1:{engine.admin_port}{path}", data=b"", method="POST",
                                     headers={"Authorization": f"Bearer {TOKEN}"})
        with urllib.request.urlopen(req, timeout=5) as r:
            assert r.status == 200, r.status

    def answered(self, engine):
        text = get(f"http://127.0.0.1:{engine.admin_port}/metrics", TOKEN)
        return int(metric_sum(text, "ctib_engine_calls_total", result="answered"))

    def scenario(self, name):
        """Our scenario, copied into the work directory: SIPp's files (the
        filled scenario, its logs) are named after the path it is given."""
        path = os.path.join(self.dir, name)
        if not os.path.exists(path):
            shutil.copyfile(os.path.join(SCENARIOS, name), path)
        return path

    def callers(self, calls, rate=10):
        s = Sipp(self.dir, self.scenario("uac_reinvite_bye.xml"), free_port(),
                 remote=f"127.0.0.1:{self.front.port}", calls=calls, rate=rate, service=X, caller=A,
                 timeout=60)
        self.sipps.append(s)
        return s

    def ok(self, sipp, timeout=90):
        rc = sipp.wait(timeout)
        if rc != 0:
            raise AssertionError(f"sipp {sipp.name} exited {rc}\n{sipp.diagnostics()}")

    # ------------------------------------------------------------------ run
    def front_two_engines(self):
        db = self.create_pg_database()
        self.start_numbers(db)
        self.numbers[0].import_pool([X], gateway="front")
        binding = self.numbers[0].bind("AXB", A, B, out_id="cluster-1")

        engine_ports = [free_port(), free_port()]
        # The front first (its port goes into the engines' gateway), with the
        # engines not up yet: the probes find them when they start.
        self.front = Front(self.dir, engine_ports)
        self.front.wait_ready()
        urls = [n.cti_url() for n in self.numbers]
        # Each engine asks its own numbers service, the other one when that fails.
        routes = [f'cti_bridge = "{urls[i]} 3000 5000 1"\nroute-fallback = "{urls[1 - i]} 3000 5000 1"'
                  for i in (0, 1)]
        self.start_engines(self.front.port, engine_ports, routes)
        wait_until(lambda: self.front.dispatcher_list().count("FLAGS: AP") == 2, 20,
                   "the front to see both engines active")

        total = 20 + 4 + 10
        callee_port = free_port()
        callee = Sipp(self.dir, self.scenario("uas_registered_user.xml"), callee_port, calls=total,
                      service=B, timeout=120)
        self.sipps.append(callee)
        answer = register(self.front.port, B, callee_port)
        assert answer.startswith("SIP/2.0 200"), f"REGISTER at the front: {answer}"

        # 1. spread, in-dialog routing, the registered user from both engines
        self.ok(self.callers(20))
        per_engine = [self.answered(e) for e in self.engines]
        print(f"phase 1: answered per engine {per_engine}")
        assert sum(per_engine) == 20, per_engine
        assert all(n > 0 for n in per_engine), f"the calls did not spread: {per_engine}"
        self.numbers[0].released_records(20, timeout=30, binding_id=binding["id"])
        routed = [metric_sum(get(f"http://127.0.0.1:{n.admin_port}/metrics", TOKEN),
                             "ctib_numbers_routing_answers_total") for n in self.numbers]
        print(f"phase 1: routing answers per numbers service {routed}")
        assert all(r > 0 for r in routed), f"a numbers service routed nothing: {routed}"

        # 2. engine 1 dies; calls placed at once still succeed
        killed_at = time.time()
        self.engines[0].kill()
        self.ok(self.callers(4, rate=20))
        # 3. after the front's notice, every call goes to engine 2
        down = re.escape(f"sip:127.0.0.1:{engine_ports[0]} is down")
        wait_until(lambda: re.search(down, self.front.read_log()), 30, "the front to mark engine 1 down")
        noticed = time.time() - killed_at
        how = re.search(down + r" \(noticed on (\w+)\)", self.front.read_log()).group(1)
        print(f"phase 2: the front logged engine 1 down within {noticed:.2f} s of the kill, noticed on {how} "
              f"(INVITE: a call's {ENGINE_FR_MS} ms failover timer; OPTIONS: a probe, every {PING_INTERVAL} s)")
        before = self.answered(self.engines[1])
        self.ok(self.callers(10))
        after = self.answered(self.engines[1])
        print(f"phase 3: engine 2 answered {before} -> {after}")
        assert after - before == 10, (before, after)
        assert before == per_engine[1] + 4, (per_engine, before)
        self.ok(callee, timeout=60)

        # 4. exactly one hangup notification per call, one record per call
        conninfo, name = self.pg_database
        dbinfo = re.sub(r"dbname=\S+", f"dbname={name}", conninfo)
        released = "SELECT count(*) FROM call_records WHERE release_time IS NOT NULL"
        wait_until(lambda: self.psql(dbinfo, released).strip() == str(total), 30, f"{total} released records")
        wait_until(lambda: self.numbers_metric("ctib_numbers_notifications_total", event="hangup") >= total, 20,
                   "hangup notifications")
        time.sleep(1)  # a duplicate would be a retry, sent within the spool's delay
        hangups = self.numbers_metric("ctib_numbers_notifications_total", event="hangup")
        assert hangups == total, f"{hangups} hangup notifications for {total} calls"
        rows = self.psql(dbinfo, "SELECT count(*), count(release_time), count(*) FILTER (WHERE seen & 16 = 16) FROM call_records")
        print(f"records (count, released, hangup merged): {rows.strip()}")
        assert rows.strip() == f"{total}|{total}|{total}", rows

    def user_via_front(self):
        """`user/B` dialled on either engine reaches B, registered only at
        the front: the engines have no registration of B (nor a directory
        entry) and resolve it through `user-resolver-gateway = "front"`."""
        calls = 10
        stub = RouteStub(lambda params: (200, {"dial": {"type": "user", "user": B}}, 0))
        self.stubs.append(stub)
        engine_ports = [free_port(), free_port()]
        self.front = Front(self.dir, engine_ports)
        self.front.wait_ready()
        route = f'cti_bridge = "{stub.url()} 3000 5000 1"'
        self.start_engines(self.front.port, engine_ports, [route, route],
                           extra_engine='user-resolver-gateway = "front"')
        wait_until(lambda: self.front.dispatcher_list().count("FLAGS: AP") == 2, 20,
                   "the front to see both engines active")
        callee_port = free_port()
        callee = Sipp(self.dir, self.scenario("uas_registered_user.xml"), callee_port, calls=calls, service=B,
                      timeout=60)
        self.sipps.append(callee)
        answer = register(self.front.port, B, callee_port)
        assert answer.startswith("SIP/2.0 200"), f"REGISTER at the front: {answer}"
        self.ok(self.callers(calls))
        self.ok(callee, timeout=30)
        per_engine = [self.answered(e) for e in self.engines]
        print(f"answered per engine {per_engine}")
        assert sum(per_engine) == calls and all(n > 0 for n in per_engine), per_engine
        stub.wait_action("hangup", count=calls, timeout=20)
        time.sleep(1)  # a duplicate would be a retry, sent within the spool's delay
        hangups = {}
        for r in stub.of("hangup"):
            hangups[r["uuid"]] = hangups.get(r["uuid"], 0) + 1
        assert sorted(hangups) == sorted(stub.uuids()), (hangups, stub.uuids())
        assert set(hangups.values()) == {1}, hangups
        dialed = {r.get("dialed") for r in stub.of("hangup")}
        assert dialed == {f"user/{B}"}, dialed

        # Engine 1 paused (it refuses new INVITEs 503 with Retry-After, as
        # when draining or over max-calls) but answers its probes: the front
        # moves each call hashed to it to engine 2 at once; none fails.
        self.post(self.engines[0], "/v1/pause")
        before = [self.answered(e) for e in self.engines]
        callee2 = Sipp(self.dir, self.scenario("uas_registered_user.xml"), callee_port, calls=calls, service=B,
                       timeout=60)
        self.sipps.append(callee2)
        self.ok(self.callers(calls))
        self.ok(callee2, timeout=30)
        after = [self.answered(e) for e in self.engines]
        print(f"engine 1 paused: answered per engine {before} -> {after}")
        assert after[0] == before[0] and after[1] == before[1] + calls, (before, after)
        refused = re.findall(r"INVITE \S+ from \S+ on internal refused 503", self.engines[0].read_log())
        print(f"engine 1 refused {len(refused)} INVITE(s) while paused, each moved to engine 2 by the front")
        assert refused, "no call was hashed to the paused engine: the 503 failover was not exercised"

        # The probes alone, no call: how long until the front notices a dead engine.
        killed_at = time.time()
        self.engines[0].kill()
        down = re.escape(f"sip:127.0.0.1:{engine_ports[0]} is down (noticed on OPTIONS)")
        wait_until(lambda: re.search(down, self.front.read_log()), 30, "the probes to mark engine 1 down")
        print(f"probes: the front logged engine 1 down {time.time() - killed_at:.2f} s after the kill "
              f"(probe interval {PING_INTERVAL} s, threshold 1)")

    # --------------------------------------------------------------- finish
    def finish(self):
        problems = []
        for s in self.sipps:
            s.kill()
        for stub in self.stubs:
            stub.close()
        for e in self.engines:
            stop_engine(e, problems, dead_ok=True)
        if self.front:
            try:
                self.front.stop()
            except AssertionError as err:
                problems.append(str(err))
        for n in self.numbers:
            try:
                rc = n.stop()
                if rc not in (0, None):
                    problems.append(f"{n.log_path}: ctib-numbers exited {rc}")
            except AssertionError as err:
                n.kill()
                problems.append(f"{n.log_path}: {err}")
        if self.pg_database:
            conninfo, name = self.pg_database
            try:
                self.psql(conninfo, f"DROP DATABASE IF EXISTS {name}")
            except (AssertionError, subprocess.TimeoutExpired) as err:
                problems.append(f"dropping {name}: {err}")
        return problems


CASES = ("front_two_engines", "user_via_front")


def cluster_arguments(ap):
    ap.add_argument("--numbers", help="ctib-numbers (front_two_engines)")
    ap.add_argument("--pg-conninfo-file", help="the numbers.postgres fixture's conninfo (front_two_engines)")


def main():
    args, code = parse_case_args(__doc__, CASES, add_arguments=cluster_arguments)
    if args is None:
        return code
    c = Cluster(args)
    return run_case(args.case, c, getattr(c, args.case), args.keep,
                    lambda: [(e.log_path, e.read_log, 40) for e in c.engines] +
                    ([(c.front.log_path, c.front.read_log, 40)] if c.front else []))


if __name__ == "__main__":
    sys.exit(main())
