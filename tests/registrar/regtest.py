"""End-to-end cases for the registrar, users, gateways and the inbound
policy: the real ctib-engine, SIPp phones/carriers over loopback, and a
routing-interface stub. Reuses tests/sipp/harness.py (imported, not edited);
scenario files live in tests/registrar/scenarios.

State the engine's admin API exposes (registrations, gateway states) is
read with the `ctib` CLI (`Case.ctib`), as an operator would, not from the
log or the registrations database.

Run one case:  python3 cases.py CASE --engine /path/to/ctib-engine --ctib /path/to/ctib
"""

import argparse
import json
import os
import re
import subprocess
import shutil
import socket
import sys
import threading
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "sipp"))
import harness  # noqa: E402  (tests/sipp/harness.py)

SCENARIOS = os.path.join(HERE, "scenarios")
ADMIN_TOKEN = "registrar-admin-token"


class Sipp(harness.Sipp):
    """harness.Sipp playing a scenario from tests/registrar/scenarios."""

    SCENARIOS = SCENARIOS


def config(route_url, internal, external, db, profile_extra="", external_extra="", extra="", engine_extra=""):
    return f"""
[engine]
spool-dir = "spool"
shutdown-grace = 1
domain = "example.com"
registrations-db = "{db}"
{engine_extra}

[logging]
level = "debug"

[profiles.internal]
sip-ip = "127.0.0.1"
sip-port = {internal}
cti_bridge = "{route_url} 1000 1500 1"
register-min-expires = 1
{profile_extra}

[profiles.external]
sip-ip = "127.0.0.1"
sip-port = {external}
{external_extra}

[users.1000]
password = "secret"
[users.1001]
password = "other"
[users.1001.variables]
origination_caller_id_number = "8001"

[admin]
address = "127.0.0.1:0"
token = "{ADMIN_TOKEN}"

{extra}
"""


class Case:
    """Everything one case starts, stopped by pid in close()."""

    def __init__(self, name, engine_binary, ctib_binary):
        self.name = name
        self.binary = engine_binary
        self.ctib_binary = ctib_binary
        self.work = harness.Workdir(name).path
        self.procs = []
        self.engine = None
        self.stub = None
        self.internal = harness.free_port()
        self.external = harness.free_port()

    def start_stub(self, answer):
        self.stub = harness.RouteStub(lambda params: (200, answer(params) if callable(answer) else answer, 0))
        return self.stub

    def start_engine(self, text, name="engine"):
        self.engine = harness.Engine(self.binary, self.work, text, name)
        self.engine.start()
        return self.engine

    def sipp(self, scenario, port=None, remote=None, **kw):
        p = Sipp(self.work, scenario, port or harness.free_port(), remote=remote, **kw)
        self.procs.append(p)
        return p

    def expect_ok(self, p, timeout=40):
        rc = p.wait(timeout)
        if rc != 0:
            raise AssertionError(f"sipp {p.name} exited {rc}\n{p.diagnostics()}\n--- engine log tail\n"
                                 f"{self.engine.read_log()[-4000:] if self.engine else ''}")

    def admin_url(self):
        """The running engine's admin API: port 0 in the file, the port it
        got is in its log line (each engine, restarts included, has its own)."""
        m = re.search(r"admin API on (http://127\.0\.0\.1:\d+)", self.engine.read_log())
        assert m, f"no admin API line in the engine log:\n{self.engine.read_log()[-3000:]}"
        return m.group(1)

    def ctib(self, *args):
        """Runs `ctib --json ARGS...` against the running engine; the parsed
        answer. Any exit but 0 fails the case with ctib's stderr."""
        cmd = [self.ctib_binary, "--url", self.admin_url(), "--token", ADMIN_TOKEN, "--json", *args]
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=15)
        if r.returncode != 0:
            raise AssertionError(f"ctib {' '.join(args)} exited {r.returncode}: {r.stderr.strip()}")
        return json.loads(r.stdout)

    def metric(self, name):
        """The value of sample NAME in `ctib metrics` (Prometheus text,
        parsed with prometheus_client), or None when absent."""
        from prometheus_client.parser import text_string_to_metric_families
        cmd = [self.ctib_binary, "--url", self.admin_url(), "--token", ADMIN_TOKEN, "metrics"]
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=15)
        if r.returncode != 0:
            raise AssertionError(f"ctib metrics exited {r.returncode}: {r.stderr.strip()}")
        for family in text_string_to_metric_families(r.stdout):
            for sample in family.samples:
                if sample.name == name and not sample.labels:
                    return sample.value
        return None

    def wait_metric(self, name, predicate, timeout=5):
        """Polls `ctib metrics` (the engine samples loop state once a
        second) until predicate(value of NAME) holds; the value."""
        deadline = time.time() + timeout
        value = None
        while time.time() < deadline:
            value = self.metric(name)
            if value is not None and predicate(value):
                return value
            time.sleep(0.2)
        raise AssertionError(f"metric {name} never matched; last value {value}")

    def wait_ctib(self, what, predicate, *args, timeout=15):
        """Polls `ctib ARGS...` until predicate(answer) holds; the answer."""
        deadline = time.time() + timeout
        answer = None
        while time.time() < deadline:
            answer = self.ctib(*args)
            if predicate(answer):
                return answer
            time.sleep(0.1)
        raise AssertionError(f"ctib {' '.join(args)} never showed {what}; last answer: {answer}")

    def registrations(self, profile="internal"):
        return self.ctib("sofia", "status", "profile", profile, "reg")["registrations"]

    def wait_registered(self, user, registered=True, profile="internal", timeout=15):
        """Waits until `ctib sofia status profile P reg` lists (or no longer
        lists) USER; its registrations then."""
        return self.wait_ctib(f"user {user} {'registered' if registered else 'gone'}",
                              lambda a: any(r["user"] == user for r in a["registrations"]) == registered,
                              "sofia", "status", "profile", profile, "reg", timeout=timeout)["registrations"]

    def wait_gateway(self, name, state=None, status=None, timeout=15):
        """Waits until `ctib sofia status gateway NAME` shows STATE and/or
        STATUS; the gateway then."""
        return self.wait_ctib(f"gateway {name} {state or ''} {status or ''}",
                              lambda g: (state is None or g["state"] == state)
                              and (status is None or g["status"] == status),
                              "sofia", "status", "gateway", name, timeout=timeout)

    def close(self, ok):
        for p in self.procs:
            p.kill()
        if self.engine:
            try:
                self.engine.stop()
            finally:
                self.engine.kill()
        if self.stub:
            self.stub.close()
        if ok and not os.environ.get("CTIB_KEEP_SIPP_LOGS"):
            shutil.rmtree(self.work, ignore_errors=True)
        else:
            print(f"logs kept in {self.work}")


class SilentPeer:
    """A UDP socket that receives and never answers: a dead carrier."""

    def __init__(self):
        self.port = harness.free_port()
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", self.port))
        self.sock.settimeout(0.2)
        self.received = []
        self.stop = False
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        while not self.stop:
            try:
                data, _ = self.sock.recvfrom(65535)
                self.received.append(data.decode(errors="replace"))
            except socket.timeout:
                continue
            except OSError:
                return

    def methods(self):
        return [m.split(" ", 1)[0] for m in self.received]

    def close(self):
        self.stop = True
        self.thread.join()
        self.sock.close()


def main(cases):
    parser = argparse.ArgumentParser()
    parser.add_argument("case", choices=sorted(cases))
    parser.add_argument("--engine", required=True)
    parser.add_argument("--ctib", required=True, help="the ctib CLI binary")
    args = parser.parse_args()
    case = Case(args.case, os.path.abspath(args.engine), os.path.abspath(args.ctib))
    ok = False
    try:
        cases[args.case](case)
        ok = True
        print(f"{args.case}: OK")
    except Exception:
        traceback.print_exc()
    finally:
        case.close(ok)
    return 0 if ok else 1
