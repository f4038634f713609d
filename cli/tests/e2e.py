#!/usr/bin/env python3
"""End-to-end cases of the real `ctib` binary against a stand-in admin API.

The stand-in is python's http.server on a loopback ephemeral port, in a
thread of this process: it checks the bearer token, records every request
(method, path, headers, body) and answers the contract's shapes
(docs/admin-api.md) or its errors. Each case runs ctib as a subprocess
(which always ends by itself, bounded by a timeout) and checks its exit
status, stdout, stderr and the requests the stand-in saw.

    e2e.py CASE --ctib path/to/ctib
"""
import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TOKEN = "s3cret-t0ken"
UUID = "5f0c8c6e-2a55-4c1e-9d7e-1b2f0c3d4e5f"

CALL = {"uuid": UUID, "state": "answered", "direction": "inbound", "profile": "internal",
        "caller": "1000", "callee": "13800138000", "caller_ip": "10.0.0.5", "sip_call_id": "c1@x",
        "target": "sofia/gateway/carrier1/139", "created_at": "2024-05-01T10:00:00Z",
        "answered_at": "2024-05-01T10:00:03Z", "routing_ms": 12}
CALL2 = dict(CALL, uuid="0a0b0c0d-0000-4000-8000-000000000002", state="routing", target=None,
             answered_at=None, routing_ms=None, caller="1001")
STATUS = {"version": "0.1.0", "uptime_seconds": 3725, "started_at": "2024-05-01T09:00:00Z",
          "calls": {"up": 2, "peak": 5, "total": 40, "per_second_1s": 1, "per_second_10s": 0.4,
                    "per_second_60s": 0.1, "max": 1000},
          "accepting": True, "paused": False, "draining": False,
          "load_guard": {"shedding": False, "idle_percent": 90, "min_idle_cpu": 10, "shed_total": 0},
          "profiles": 1, "gateways": 1}
GATEWAY = {"name": "carrier1", "profile": "internal", "proxy": "10.1.1.1:5060", "state": "REGED",
           "status": "UP", "register": True, "ping": 30, "ping_count": 3, "last_ping_at": None,
           "last_registration_at": "2024-05-01T09:00:01Z", "failures": 0, "calls_in": 4, "calls_out": 7}
PROFILE = {"name": "internal", "sip_ip": "10.0.0.1", "sip_port": 5060, "ext_sip_ip": "",
           "route": "http://127.0.0.1:8080/route?key=REDACTED", "calls": 2, "registrations": 1,
           "state": "RUNNING"}
REGISTRATION = {"user": "1000", "domain": "example.com", "contact": "sip:1000@10.0.0.5:5062",
                "expires_at": "2024-05-01T11:00:00Z", "expires_in": 3540, "network_ip": "10.0.0.5",
                "network_port": 5062, "transport": "udp", "user_agent": "Linphone", "call_id": "r1"}
NUMBERS_STATUS = {"version": "0.1.0", "uptime_seconds": 5, "started_at": "2024-05-01T10:00:00Z",
                  "database": {"backend": "sqlite", "ok": True},
                  "pool": {"total": 100, "free": 60, "in_use": 40,
                           "by_gateway": {"carrier1": {"total": 100, "free": 60, "in_use": 40}}},
                  "bindings": {"axb": 30, "axn": 10, "axyb": 4, "axg": 2, "axe": 3, "total": 49},
                  "record_writer": {"queued": 0, "capacity": 4096, "written_total": 77,
                                    "failed_total": 0, "last_batch_at": None}}
METRICS = "# HELP ctib_calls_up Calls up.\n# TYPE ctib_calls_up gauge\nctib_calls_up 2\n"


def error(status, message):
    return status, {"error": {"message": message}}


def route(method, path, body):
    """(status, JSON object or text) for one request; the admin API's table."""
    calls_prefix = "/v1/calls/"
    if (method, path) == ("GET", "/v1/status"):
        return 200, STATUS
    if (method, path) == ("GET", "/v1/calls"):
        return 200, {"calls": [CALL, CALL2], "count": 2, "total": 2}
    if (method, path) == ("GET", "/v1/calls?limit=1"):
        return 200, {"calls": [CALL], "count": 1, "total": 2}
    if method == "GET" and path == calls_prefix + UUID:
        return 200, dict(CALL, timeline=[{"at_ms": 0, "kind": "sip_in", "detail": "INVITE"},
                                         {"at_ms": 12, "kind": "route_answer", "detail": "bridge in 12 ms"}])
    if method == "POST" and path == calls_prefix + UUID + "/kill":
        cause = json.loads(body)["cause"] if body else "NORMAL_CLEARING"
        if cause not in ("NORMAL_CLEARING", "USER_BUSY", "17"):
            return error(400, f"unknown cause {cause}")
        return 200, {"uuid": UUID, "cause": cause}
    if path.startswith(calls_prefix):
        return error(404, "no call " + path[len(calls_prefix):].split("/")[0])
    if (method, path) == ("GET", "/v1/profiles"):
        return 200, {"profiles": [PROFILE]}
    if (method, path) == ("GET", "/v1/profiles/internal/registrations"):
        return 200, {"registrations": [REGISTRATION]}
    if (method, path) == ("GET", "/v1/gateways"):
        return 200, {"gateways": [GATEWAY]}
    if (method, path) == ("GET", "/v1/gateways/carrier1"):
        return 200, GATEWAY
    if method == "GET" and path.startswith("/v1/gateways/"):
        return error(404, "no gateway " + path.rsplit("/", 1)[1])
    if (method, path) == ("POST", "/v1/reload"):
        if Api.reload_error:
            return error(422, Api.reload_error)
        return 200, {"reloaded": True, "changed": ["gateway carrier1 added"], "pending": ["profiles.internal"],
                     "needs_restart": ["spool-dir"]}
    if method == "POST" and path in ("/v1/pause", "/v1/resume", "/v1/drain"):
        verb = path.rsplit("/", 1)[1]
        return 200, dict(STATUS, paused=verb == "pause", draining=verb == "drain",
                         accepting=verb == "resume")
    if (method, path) == ("GET", "/metrics"):
        return 200, METRICS
    return error(404 if method == "GET" else 405, f"no route {method} {path}")


class Api(BaseHTTPRequestHandler):
    seen = []          # (method, path, headers, body), in arrival order
    reload_error = None
    status_body = None  # the numbers service plays its own status

    def log_message(self, *args):
        pass

    def handle_any(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode() if length else ""
        Api.seen.append((self.command, self.path, dict(self.headers), body))
        if self.headers.get("Authorization") != "Bearer " + TOKEN:
            status, answer = error(401, "missing or wrong admin token")
        elif Api.status_body is not None and self.path == "/v1/status":
            status, answer = 200, Api.status_body
        else:
            status, answer = route(self.command, self.path, body)
        text = answer if isinstance(answer, str) else json.dumps(answer)
        payload = text.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; version=0.0.4" if isinstance(answer, str)
                         else "application/json")
        if status == 401:
            self.send_header("WWW-Authenticate", "Bearer")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = handle_any
    do_POST = handle_any


class Case:
    def __init__(self, ctib):
        self.ctib = ctib
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Api)
        self.url = "http://127.0.0.1:%d" % self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def run(self, *args, env=None, token=TOKEN, url=True):
        base = [self.ctib]
        if url:
            base += ["--url", self.url]
        if token is not None:
            base += ["--token", token]
        clean = {k: v for k, v in os.environ.items() if not k.startswith("CTIB_ADMIN_")}
        clean.update(env or {})
        Api.seen.clear()
        p = subprocess.run(base + list(args), capture_output=True, text=True, timeout=20, env=clean)
        for stream in (p.stdout, p.stderr):
            check(TOKEN not in stream, "the token was printed")
        return p

    def seen(self):
        return [(m, path, body) for (m, path, _, body) in Api.seen]


def check(condition, what):
    if not condition:
        raise AssertionError(what)


def expect(p, code, out=None, err=None):
    check(p.returncode == code,
          f"exit {p.returncode}, expected {code}\nstdout:\n{p.stdout}\nstderr:\n{p.stderr}")
    for needle in out or []:
        check(needle in p.stdout, f"stdout lacks {needle!r}:\n{p.stdout}")
    for needle in err or []:
        check(needle in p.stderr, f"stderr lacks {needle!r}:\n{p.stderr}")


def case_status(c):
    p = c.run("status")
    expect(p, 0, out=["UP 0 years, 0 days, 1 hour, 2 minutes, 5 seconds", "is ready",
                      "40 session(s) since startup", "2 session(s) - peak 5"])
    check(c.seen() == [("GET", "/v1/status", "")], c.seen())
    headers = Api.seen[0][2]
    check(headers.get("Authorization") == "Bearer " + TOKEN, headers)


def case_show_calls(c):
    p = c.run("show", "calls")
    expect(p, 0, out=[UUID, "answered", "sofia/gateway/carrier1/139", "routing", "2 total."])
    lines = p.stdout.splitlines()
    check(lines[0].split() == ["uuid", "created", "state", "profile", "caller", "caller_ip", "callee",
                               "target", "answered", "routing_ms"], lines[0])
    # Columns aligned: "state" starts at the same offset in the header and each row.
    col = lines[0].index("state")
    check(lines[2][col:].startswith("answered") and lines[3][col:].startswith("routing"), p.stdout)
    check(c.seen() == [("GET", "/v1/calls", "")], c.seen())


def case_show_calls_limit(c):
    p = c.run("show", "calls", "limit", "1")
    expect(p, 0, out=[UUID, "1 of 2 total."])
    check(c.seen() == [("GET", "/v1/calls?limit=1", "")], c.seen())
    p = c.run("show", "calls", "limit", "0")
    check(p.returncode != 0 and "from 1 to 100000" in p.stderr, (p.returncode, p.stderr))


def case_show_call(c):
    p = c.run("show", "call", UUID)
    expect(p, 0, out=["uuid:", UUID, "route_answer", "bridge", "2 total."])
    check(c.seen() == [("GET", "/v1/calls/" + UUID, "")], c.seen())


def case_uuid_dump(c):
    p = c.run("uuid_dump", UUID)
    expect(p, 0, out=["sip_call_id:", "c1@x", "sip_in"])
    check(c.seen() == [("GET", "/v1/calls/" + UUID, "")], c.seen())


def case_uuid_kill(c):
    p = c.run("uuid_kill", UUID, "USER_BUSY")
    expect(p, 0, out=["+OK " + UUID + " USER_BUSY"])
    check(c.seen() == [("POST", "/v1/calls/" + UUID + "/kill", '{"cause":"USER_BUSY"}')], c.seen())
    check(Api.seen[0][2].get("Content-Type") == "application/json", Api.seen[0][2])
    p = c.run("uuid_kill", UUID)
    expect(p, 0, out=["+OK " + UUID + " NORMAL_CLEARING"])
    check(c.seen() == [("POST", "/v1/calls/" + UUID + "/kill", "")], c.seen())
    p = c.run("uuid_kill", UUID, "NOT_A_CAUSE")
    expect(p, 1, err=["400", "unknown cause NOT_A_CAUSE"])


def case_sofia_status(c):
    p = c.run("sofia", "status")
    expect(p, 0, out=["internal", "profile", "sip:10.0.0.1:5060", "RUNNING (2)",
                      "internal::carrier1", "gateway", "REGED", "1 profile, 1 gateway."])
    check(c.seen() == [("GET", "/v1/profiles", ""), ("GET", "/v1/gateways", "")], c.seen())


def case_sofia_gateways(c):
    p = c.run("sofia", "status", "gateway")
    expect(p, 0, out=["Profile::Gateway-Name", "internal::carrier1", "10.1.1.1:5060", "REGED", "1 total."])
    check(c.seen() == [("GET", "/v1/gateways", "")], c.seen())


def case_sofia_gateway(c):
    p = c.run("sofia", "status", "gateway", "carrier1")
    expect(p, 0, out=["name", "carrier1", "last_registration_at", "2024-05-01T09:00:01Z"])
    check(c.seen() == [("GET", "/v1/gateways/carrier1", "")], c.seen())
    p = c.run("sofia", "status", "gateway", "nope")
    expect(p, 1, err=["404", "no gateway nope"])


def case_sofia_profile_reg(c):
    p = c.run("sofia", "status", "profile", "internal", "reg")
    expect(p, 0, out=["1000@example.com", "sip:1000@10.0.0.5:5062", "10.0.0.5:5062", "Linphone", "1 total."])
    check(c.seen() == [("GET", "/v1/profiles/internal/registrations", "")], c.seen())


def case_reload(c):
    for word in ("reload", "reloadxml"):
        p = c.run(word)
        expect(p, 0, out=["+OK [reloaded]", "gateway carrier1 added", "profiles.internal", "spool-dir"])
        check(c.seen() == [("POST", "/v1/reload", "")], c.seen())


def control(c, words, path, flag):
    p = c.run(*words)
    expect(p, 0, out=["+OK"])
    line = next(l for l in p.stdout.splitlines() if l.startswith(flag + ":"))
    check(line.split()[-1] == "true", p.stdout)
    check(c.seen() == [("POST", path, "")], c.seen())


def case_pause(c):
    control(c, ["pause"], "/v1/pause", "paused")
    control(c, ["fsctl", "pause"], "/v1/pause", "paused")


def case_resume(c):
    control(c, ["resume"], "/v1/resume", "accepting")
    control(c, ["fsctl", "resume"], "/v1/resume", "accepting")


def case_drain(c):
    control(c, ["drain"], "/v1/drain", "draining")


def case_metrics(c):
    for extra in ([], ["--json"]):
        p = c.run(*extra, "metrics")
        expect(p, 0)
        check(p.stdout == METRICS, repr(p.stdout))
        check(c.seen() == [("GET", "/metrics", "")], c.seen())


def case_numbers_status(c):
    Api.status_body = NUMBERS_STATUS
    # Address and token from the environment this time.
    p = c.run("numbers", "status", url=False, token=None,
              env={"CTIB_ADMIN_URL": c.url, "CTIB_ADMIN_TOKEN": TOKEN})
    expect(p, 0, out=["sqlite (ok: true)", "49 (axb 30, axn 10, axyb 4, axg 2, axe 3)", "100 numbers, 60 free, 40 in use",
                      "carrier1"])
    # by_gateway's counts, one column each.
    check(["carrier1", "100", "60", "40"] in [l.split() for l in p.stdout.splitlines()], p.stdout)
    check(c.seen() == [("GET", "/v1/status", "")], c.seen())


def case_json(c):
    p = c.run("--json", "show", "calls")
    expect(p, 0)
    check(json.loads(p.stdout) == {"calls": [CALL, CALL2], "count": 2, "total": 2}, p.stdout)
    p = c.run("uuid_dump", UUID, "--json")
    expect(p, 0)
    check(json.loads(p.stdout)["timeline"][1]["kind"] == "route_answer", p.stdout)
    p = c.run("--json", "sofia", "status")
    expect(p, 0)
    check(json.loads(p.stdout) == {"profiles": [PROFILE], "gateways": [GATEWAY]}, p.stdout)


def case_config_file(c):
    port = c.server.server_address[1]
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "engine.toml")
        with open(path, "w") as f:
            f.write(f'[engine]\nmax-calls = 10\n\n[admin]\naddress = "127.0.0.1:{port}"\ntoken = "{TOKEN}"\n')
        p = c.run("--config", path, "status", url=False, token=None)
        expect(p, 0, out=["is ready"])
        # --token beats the file's token: a wrong one on the command line fails.
        p = c.run("--config", path, "status", url=False, token="wrong")
        expect(p, 1, err=["401"])
        # The environment beats the file too.
        p = c.run("--config", path, "status", url=False, token=None, env={"CTIB_ADMIN_TOKEN": "wrong"})
        expect(p, 1, err=["401"])


def case_unauthorized(c):
    p = c.run("show", "calls", token="not-the-token")
    expect(p, 1, err=["401", "missing or wrong admin token"])
    check(p.stdout == "", p.stdout)
    check("not-the-token" not in p.stderr, p.stderr)


def case_unknown_uuid(c):
    p = c.run("uuid_dump", "no-such-uuid")
    expect(p, 1, err=["404", "no call no-such-uuid"])
    check(p.stdout == "", p.stdout)
    p = c.run("uuid_kill", "no-such-uuid")
    expect(p, 1, err=["no call no-such-uuid"])


def case_bad_reload(c):
    Api.reload_error = "/etc/ctibridge/engine.toml:12: gateways.carrier1.proxy: not a SIP URI"
    p = c.run("reloadxml")
    expect(p, 1, err=["422", "engine.toml:12: gateways.carrier1.proxy: not a SIP URI"])


def case_not_listening(c):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # nothing listens there now
    p = c.run("--url", f"http://127.0.0.1:{port}", "status", url=False)
    expect(p, 3, err=[f"127.0.0.1:{port}"])
    check(c.seen() == [], c.seen())


def case_usage(c):
    for args, needle in ((["frobnicate"], "unknown command"),
                         ([], "no command"),
                         (["show", "call"], "UUID"),
                         (["sofia", "status", "profile", "internal"], "reg"),
                         (["--bogus-option", "status"], "bogus"),
                         (["status", "extra"], "unexpected")):
        p = c.run(*args)
        expect(p, 2, err=[needle])
    p = c.run("status", token=None)  # no token anywhere
    expect(p, 2, err=["no admin token"])
    check(c.seen() == [], c.seen())
    p = c.run("--help", url=False, token=None)
    expect(p, 0, out=["uuid_kill UUID [CAUSE]", "Exit status"])


def main():
    cases = {name[len("case_"):]: f for name, f in globals().items() if name.startswith("case_")}
    parser = argparse.ArgumentParser()
    parser.add_argument("case", choices=sorted(cases))
    parser.add_argument("--ctib", required=True)
    args = parser.parse_args()
    c = Case(args.ctib)
    try:
        cases[args.case](c)
    finally:
        c.stop()
    print(f"{args.case}: ok")


if __name__ == "__main__":
    sys.exit(main())
