"""End-to-end cases for the registrar, users, gateways and the inbound
policy: the real ctib-engine, SIPp phones/carriers over loopback, and a
routing-interface stub. Reuses tests/sipp/harness.py (imported, not edited);
scenario files live in tests/registrar/scenarios.

Run one case:  python3 regtest.py CASE --engine /path/to/ctib-engine
"""

import argparse
import os
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


class Sipp(harness.Sipp):
    """harness.Sipp playing a scenario from tests/registrar/scenarios."""

    SCENARIOS = SCENARIOS


def config(route_url, internal, external, db, profile_extra="", external_extra="", extra=""):
    return f"""
[engine]
spool-dir = "spool"
shutdown-grace = 1
domain = "example.com"
registrations-db = "{db}"

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

{extra}
"""


class Case:
    """Everything one case starts, stopped by pid in close()."""

    def __init__(self, name, engine_binary):
        self.name = name
        self.binary = engine_binary
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

    def wait_log(self, text, timeout=15):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if text in self.engine.read_log():
                return
            time.sleep(0.05)
        raise AssertionError(f"engine log never said {text!r}:\n{self.engine.read_log()[-4000:]}")

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
    args = parser.parse_args()
    case = Case(args.case, os.path.abspath(args.engine))
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
