"""End-to-end cases for the registrar, users, gateways and the inbound
policy: the real ctib-engine, SIPp phones/carriers over loopback, and a
routing-interface stub. Reuses tests/sipp/harness.py (imported, not edited);
scenario files live in tests/registrar/scenarios.

Run one case:  python3 regtest.py CASE --engine /path/to/ctib-engine
"""

import argparse
import os
import re
import shutil
import subprocess
import socket
import sys
import threading
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "sipp"))
import harness  # noqa: E402  (tests/sipp/harness.py)

SCENARIOS = os.path.join(HERE, "scenarios")


class Sipp:
    """One SIPp process playing a scenario from tests/registrar/scenarios.
    A copy of harness.Sipp's essentials (that file is being reworked by its
    owner): @NAME@ placeholders filled into a copy in the work dir, -cp/-mp
    on free ports below 32768, messages traced, stopped by pid."""

    def __init__(self, workdir, scenario, port, remote=None, calls=1, service="95000", timeout=30,
                 subst=None, caller="13800000001", extra=None):
        self.workdir = workdir
        self.port = port
        self.name = f"{os.path.splitext(scenario)[0]}-{port}"
        with open(os.path.join(SCENARIOS, scenario)) as f:
            text = f.read()
        values = {"RING_MS": "200", "STATUS": "486"}
        values.update(subst or {})
        for k, v in values.items():
            text = text.replace(f"@{k}@", str(v))
        path = os.path.join(workdir, f"{self.name}.xml")
        with open(path, "w") as f:
            f.write(text)
        self.msg_file = os.path.join(workdir, f"{self.name}-messages.log")
        self.err_file = os.path.join(workdir, f"{self.name}-errors.log")
        self.cmd = ["sipp", "-sf", path, "-i", "127.0.0.1", "-p", str(port), "-cp", str(harness.free_port()),
                    "-mp", str(harness.free_media_port()), "-m", str(calls), "-s", service, "-timeout", f"{timeout}s",
                    "-timeout_error", "-nostdin", "-trace_msg", "-message_file", self.msg_file, "-trace_err",
                    "-error_file", self.err_file, "-max_recv_loops", "1000", "-key", "caller", caller]
        self.cmd += extra or []
        if remote:
            self.cmd.append(remote)
        self.out = open(os.path.join(workdir, f"{self.name}.out"), "wb")
        self.proc = subprocess.Popen(self.cmd, stdout=self.out, stderr=subprocess.STDOUT, cwd=workdir,
                                     stdin=subprocess.DEVNULL)
        if not remote:
            wait_bound(port, self)

    def wait(self, timeout=60):
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise AssertionError(f"sipp {self.name} did not finish")

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        if not self.out.closed:
            self.out.close()

    def messages(self):
        try:
            with open(self.msg_file, errors="replace") as f:
                return f.read()
        except FileNotFoundError:
            return ""

    def received(self, first_line_start):
        """Messages SIPp received whose first line starts with the text
        ("INVITE", "SIP/2.0 200")."""
        out = []
        for block in re.split(r"-{10,}[^\n]*\n", self.messages()):
            if "message received" not in block:
                continue
            lines = block.split("\n")
            start = next((i for i, line in enumerate(lines) if line.strip() and "message received" not in line
                          and not line.startswith("UDP") and not line.startswith("TCP")), None)
            if start is not None and lines[start].startswith(first_line_start):
                out.append("\n".join(lines[start:]))
        return out

    def diagnostics(self):
        parts = []
        for path in (os.path.join(self.workdir, f"{self.name}.out"), self.err_file):
            try:
                with open(path, errors="replace") as f:
                    parts.append(f.read()[-3000:])
            except FileNotFoundError:
                pass
        return f"--- {self.name}: {' '.join(self.cmd)}\n" + "\n".join(parts)


def wait_bound(port, sipp, timeout=10.0):
    """Until SIPp has bound UDP `port` (a UAS ready to be called)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return
        finally:
            s.close()
        if sipp.proc.poll() is not None:
            break
        time.sleep(0.02)
    raise AssertionError(f"sipp not listening on UDP {port}:\n{sipp.diagnostics()}")


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
