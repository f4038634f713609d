#!/usr/bin/env python3
"""The `ctib` CLI against the real programs (docs/admin-api.md "ctib"): the
real ctib-engine with [admin] on an ephemeral port, a call held by SIPp and
the routing stub, as in admin.py; and a real ctib-numbers with [admin]. The
CLI's own unit tests and cli/tests/e2e.py use canned answers; these cases
catch a CLI and an API that disagree (field names, state names, exit codes).

    python3 tests/sipp/ctib_cli.py <case> --engine PATH/ctib-engine --ctib PATH/ctib
        [--numbers PATH/ctib-numbers]

Cases share run.py's Case (processes started and stopped by pid)."""

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import re

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import run  # noqa: E402
from admin import TOKEN, admin_engine, wait_until  # noqa: E402
from harness import answer_gateway, free_port  # noqa: E402

ZERO_UUID = "00000000-0000-0000-0000-000000000000"
# Set by main() from --ctib / --numbers before run.main() sees the rest.
BINARIES = {}


def ctib(url, *args, token=TOKEN):
    """One run of the real `ctib --url URL --token T ARGS...`."""
    return subprocess.run([BINARIES["ctib"], "--url", url, "--token", token, *args],
                          capture_output=True, text=True, timeout=20)


def ctib_ok(url, *args):
    r = ctib(url, *args)
    assert r.returncode == 0, f"ctib {' '.join(args)} exited {r.returncode}: {r.stderr}"
    assert r.stderr == "", r.stderr
    return r.stdout


def ctib_json(url, *args):
    return json.loads(ctib_ok(url, *args, "--json"))


def ctib_fails(url, *args, status, token=TOKEN):
    """ctib exits 1 (the API answered an error), prints nothing on stdout and
    names the HTTP status on stderr; stderr is returned."""
    r = ctib(url, *args, token=token)
    assert r.returncode == 1, f"ctib {' '.join(args)} exited {r.returncode}, not 1: {r.stdout} {r.stderr}"
    assert r.stdout == "", r.stdout
    assert f": {status} " in r.stderr, r.stderr
    return r.stderr


@run.case
def ctib_engine(c):
    """Every ctib command against the real engine: status and show calls with
    a call held up, uuid_dump's timeline, uuid_kill with a cause (both legs get
    BYE, the notification carries it), sofia status, fsctl pause/resume with
    INVITEs refused and admitted, reload of a good (new gateway) and a broken
    file, and the exit status of an unknown uuid and a wrong token."""
    stub = c.stub(lambda p: (200, answer_gateway("carrier", "139"), 0))
    eng, api = admin_engine(c, stub.url())
    url = api.base

    callee = c.uas("uas_answer.xml")
    caller = c.uac("uac_callee_hangs_up.xml")  # held until the engine's BYE
    calls = wait_until("ctib to show the call answered", lambda: [
        x for x in ctib_json(url, "show", "calls")["calls"] if x["state"] == "answered"])
    uuid = run.one_call(stub)
    assert [x["uuid"] for x in calls] == [uuid], (calls, uuid)

    out = ctib_ok(url, "status")
    assert out.startswith("UP 0 years, 0 days, 0 hours, "), out
    assert "is ready" in out, out
    assert "1 session(s) since startup" in out and "1 session(s) - peak 1" in out, out
    # The rates are flat keys of `calls` (per_second_1s...): a name the CLI
    # got wrong would print "-".
    rates = re.search(r"^(\S+) session\(s\) per Sec, last 10s (\S+), last 60s (\S+)$", out, re.M)
    assert rates and "-" not in rates.groups(), out

    out = ctib_ok(url, "show", "calls")
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["uuid", "created", "state"], out
    row = [line for line in lines if line.startswith(uuid)]
    assert len(row) == 1, out
    assert "answered" in row[0].split() and "sofia/gateway/carrier/139" in row[0].split(), row
    assert lines[-1] == "1 total.", out

    dump = ctib_json(url, "uuid_dump", uuid)
    assert dump["uuid"] == uuid and dump["state"] == "answered", dump
    kinds = [e["kind"] for e in dump["timeline"]]
    for kind in ("sip_in", "route_request", "route_answer", "leg", "sip_out"):
        assert kind in kinds, f"no {kind} in {dump['timeline']}"
    out = ctib_ok(url, "show", "call", uuid)
    assert re.search(rf"^uuid:\s+{uuid}$", out, re.M), out
    assert re.search(r"^\d+\s+route_answer\s+\S", out, re.M), out  # the timeline table

    out = ctib_ok(url, "sofia", "status")
    names = [line.split()[0] for line in out.splitlines()[2:-2]]
    assert sorted(names) == ["external", "external::carrier", "internal"], out
    assert re.search(rf"^internal\s+profile\s+sip:127\.0\.0\.1:{c.pi}\s+RUNNING \(1\)$", out, re.M), out
    assert re.search(rf"^external::carrier\s+gateway\s+127\.0\.0\.1:{c.pc}\s+NOREG$", out, re.M), out
    assert out.splitlines()[-1] == "2 profiles, 1 gateway.", out
    both = ctib_json(url, "sofia", "status")
    assert {p["name"] for p in both["profiles"]} == {"internal", "external"}, both
    assert [g["name"] for g in both["gateways"]] == ["carrier"], both

    out = ctib_ok(url, "uuid_kill", uuid, "USER_BUSY")
    assert out == f"+OK {uuid} USER_BUSY\n", out
    c.ok(caller, callee)
    assert run.first(caller, "BYE") and run.first(callee, "BYE")
    h = run.check_notifications(stub, uuid)
    assert h["hangup_cause"] == "USER_BUSY" and h["hangup_by"] == "system", h

    # The killed call is gone from the list; killing it again, or a uuid that
    # never was, is the API's 404: exit 1.
    wait_until("the call gone from show calls", lambda: ctib_json(url, "show", "calls")["count"] == 0)
    ctib_fails(url, "uuid_kill", uuid, status=404)
    ctib_fails(url, "uuid_kill", ZERO_UUID, status=404)
    # A bad cause is the engine's 400 (checked before the uuid), its message shown.
    assert "NOT_A_CAUSE" in ctib_fails(url, "uuid_kill", ZERO_UUID, "NOT_A_CAUSE", status=400)
    stderr = ctib_fails(url, "status", status=401, token="wrong-token")
    assert "wrong-token" not in stderr and TOKEN not in stderr, stderr  # never printed

    out = ctib_ok(url, "fsctl", "pause")
    assert re.search(r"^paused:\s+true$", out, re.M) and re.search(r"^accepting:\s+false$", out, re.M), out
    c.ok(c.uac("uac_rejected.xml", subst={"STATUS": 503}))
    assert len(stub.uuids()) == 1, "a paused engine asked for routing"
    out = ctib_ok(url, "fsctl", "resume")
    assert re.search(r"^paused:\s+false$", out, re.M) and re.search(r"^accepting:\s+true$", out, re.M), out
    callee2 = c.uas("uas_answer.xml")
    caller2 = c.uac("uac_answered.xml")
    c.ok(caller2, callee2)
    assert len(stub.uuids()) == 2

    # reload: a gateway added to the file is there afterwards.
    with open(eng.config) as f:
        good = f.read()
    new_port = free_port()
    with open(eng.config, "w") as f:
        f.write(good + f'\n[gateways.carrier2]\nprofile = "external"\nproxy = "127.0.0.1:{new_port}"\n')
    out = ctib_ok(url, "reload")
    assert out.startswith("+OK [reloaded]\n") and "carrier2" in out, out
    out = ctib_ok(url, "sofia", "status", "gateway", "carrier2")
    assert re.search(r"^name\s+carrier2$", out, re.M), out
    assert re.search(rf"^proxy\s+127\.0\.0\.1:{new_port}$", out, re.M), out
    assert ctib_json(url, "status")["gateways"] == 2

    # reload of a broken file: exit 1, the file:line on stderr, nothing changes.
    with open(eng.config, "a") as f:
        f.write("\n[profiles.internal\n")
    stderr = ctib_fails(url, "reload", status=422)
    assert re.search(rf"{re.escape(os.path.basename(eng.config))}:\d+", stderr), stderr
    assert ctib_json(url, "status")["gateways"] == 2
    with open(eng.config, "w") as f:
        f.write(good)


def numbers_module():
    """tests/numbers_e2e/run.py under another name (this folder has a run.py too)."""
    spec = importlib.util.spec_from_file_location(
        "numbers_e2e_run", os.path.join(HERE, "..", "numbers_e2e", "run.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@run.case
def ctib_numbers_status(c):
    """`ctib numbers status` against a real ctib-numbers with [admin] on port 0
    (started as tests/numbers_e2e/admin_metrics.py does): the table shows the
    pool per gateway and the live bindings made through the service's API."""
    assert BINARIES.get("numbers"), "--numbers must name the ctib-numbers binary"
    nr = numbers_module()
    with tempfile.TemporaryDirectory(prefix="ctib-cli-numbers-") as work:
        numbers = nr.Numbers(BINARIES["numbers"], work, "sqlite:" + os.path.join(work, "numbers.db"))
        with open(numbers.config, "a") as f:
            f.write(f'\n[admin]\naddress = "127.0.0.1:0"\ntoken = "{TOKEN}"\n')
        try:
            numbers.start()
            port = nr.wait_until(lambda: (m := re.search(r"admin API on 127\.0\.0\.1:(\d+)", numbers.read_log()))
                                 and m.group(1), 10, "the admin API address in the log")
            url = f"http://127.0.0.1:{port}"
            numbers.import_pool([nr.X, "17100000002"])
            numbers.import_pool(["17100000003"], gateway="carrier2")
            numbers.bind("AXB", nr.A, nr.B)
            # AXG on carrier2's number: the modes are counted apart.
            group = numbers.ok("POST", "/v1/groups", {"name": "g", "numbers": [nr.N]})
            numbers.bind("AXG", nr.A, x="17100000003", group_id=group["id"])

            out = ctib_ok(url, "numbers", "status")
            assert re.search(r"^database:\s+sqlite \(ok: true\)$", out, re.M), out
            assert re.search(r"^bindings:\s+2 \(axb 1, axn 0, axyb 0, axg 1, axe 0\)$", out, re.M), out
            assert re.search(r"^pool:\s+3 numbers, 1 free, 2 in use$", out, re.M), out
            # by_gateway holds {total, free, in_use} per gateway: one row each.
            assert re.search(r"^carrier\s+2\s+1\s+1$", out, re.M), out
            assert re.search(r"^carrier2\s+1\s+0\s+1$", out, re.M), out
            s = ctib_json(url, "numbers", "status")
            assert s["pool"]["by_gateway"]["carrier"] == {"total": 2, "free": 1, "in_use": 1}, s
            ctib_fails(url, "numbers", "status", status=401, token="wrong-token")
            assert numbers.stop() == 0, "ctib-numbers did not exit 0 on SIGTERM"
        finally:
            numbers.kill()


def main():
    ap = argparse.ArgumentParser(add_help=False)
    ap.add_argument("--ctib")
    ap.add_argument("--numbers")
    ours, rest = ap.parse_known_args()
    if ours.ctib is None and "--list" not in rest:
        print("--ctib must name the ctib binary", file=sys.stderr)
        return 2
    BINARIES["ctib"] = ours.ctib and os.path.abspath(ours.ctib)
    BINARIES["numbers"] = ours.numbers and os.path.abspath(ours.numbers)
    sys.argv = [sys.argv[0], *rest]
    return run.main()


if __name__ == "__main__":
    sys.exit(main())
