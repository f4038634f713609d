#!/usr/bin/env python3
"""The engine's admin API end to end (docs/admin-api.md): the real ctib-engine
with [admin] on an ephemeral port, the routing stub and SIPp, as in run.py.

    python3 tests/sipp/admin.py <case> --engine build/dev/engine/app/ctib-engine

Cases share run.py's Case (processes started and stopped by pid)."""

import json
import os
import re
import sys
import time
import urllib.error
import urllib.request

from prometheus_client.parser import text_string_to_metric_families

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run  # noqa: E402
from harness import Engine, Sipp, answer_gateway, engine_config, free_port  # noqa: E402

REGISTRAR_SCENARIOS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "registrar", "scenarios")
TOKEN = "test-admin-token"
ADMIN = f"""
[admin]
address = "127.0.0.1:0"
token = "{TOKEN}"
keep-finished-calls = 10
"""


class Admin:
    """A client of one engine's admin API; the port comes from its log line."""

    def __init__(self, engine):
        m = re.search(r"admin API on http://127\.0\.0\.1:(\d+)", engine.read_log())
        assert m, f"no admin API line in the log:\n{engine.read_log()}"
        self.base = f"http://127.0.0.1:{m.group(1)}"

    def call(self, method, path, body=None, token=TOKEN):
        """(status, parsed JSON body)."""
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.base + path, data=data, method=method)
        if token is not None:
            req.add_header("Authorization", f"Bearer {token}")
        if data is not None:
            req.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(req, timeout=5) as r:
                return r.status, json.loads(r.read() or b"null")
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read() or b"null")

    def get(self, path, **kw):
        return self.call("GET", path, **kw)

    def post(self, path, body=None, **kw):
        return self.call("POST", path, body, **kw)


def admin_engine(c, url, extra_config=""):
    text = engine_config(url, c.pi, c.pe, c.pc, c.spool) + ADMIN + extra_config
    e = Engine(c.binary, c.dir, text)
    c.engines.append(e)
    e.start()
    return e, Admin(e)


def wait_until(what, predicate, timeout=10.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


@run.case
def admin_calls(c):
    """A held call is listed, explained (timeline), killed with a cause (both
    legs get BYE, the hangup notification carries it) and still readable once
    ended; pause refuses INVITEs 503 until resume; wrong token 401, unknown
    uuid 404, bad cause 400; status counts the calls."""
    stub = c.stub(lambda p: (200, answer_gateway("carrier", "139"), 0))
    eng, api = admin_engine(c, stub.url())

    assert api.get("/v1/status", token="wrong")[0] == 401
    assert api.get("/v1/calls", token=None)[0] == 401
    status, body = api.get("/v1/status")
    assert status == 200 and body["calls"]["total"] == 0 and body["accepting"], body

    # A call held up: SIPp waits for the engine's BYE on both sides.
    callee = c.uas("uas_answer.xml")
    caller = c.uac("uac_callee_hangs_up.xml")
    calls = wait_until("the call answered",
                       lambda: [x for x in api.get("/v1/calls")[1]["calls"] if x["state"] == "answered"])
    assert len(calls) == 1, calls
    call = calls[0]
    uuid = run.one_call(stub)
    assert call["uuid"] == uuid, (call, uuid)
    assert call["caller"] == run.CALLER and call["callee"] == run.SERVICE, call
    assert call["profile"] == "internal" and call["caller_ip"] == "127.0.0.1", call
    assert call["target"] == "sofia/gateway/carrier/139", call
    assert call["answered_at"] and isinstance(call["routing_ms"], int), call
    assert api.get("/v1/calls")[1]["count"] == 1
    listed = api.get("/v1/calls?limit=1")[1]
    assert listed["count"] == 1 and listed["total"] == 1 and listed["calls"][0]["uuid"] == call["uuid"], listed
    for bad in ("0", "x", "100001", "-1", ""):
        assert api.get(f"/v1/calls?limit={bad}")[0] == 400, bad

    status, detail = api.get(f"/v1/calls/{uuid}")
    assert status == 200, detail
    kinds = [e["kind"] for e in detail["timeline"]]
    for kind in ("sip_in", "route_request", "route_answer", "leg", "sip_out", "notify"):
        assert kind in kinds, f"no {kind} in {detail['timeline']}"
    assert kinds.index("route_request") < kinds.index("route_answer") < kinds.index("leg"), kinds
    assert "hangup_cause" not in detail, detail

    # Errors before the kill: unknown uuid, bad cause (the call stays up).
    assert api.get("/v1/calls/00000000-0000-0000-0000-000000000000")[0] == 404
    assert api.post("/v1/calls/nope/kill")[0] == 404
    status, body = api.post(f"/v1/calls/{uuid}/kill", {"cause": "NO_SUCH_CAUSE"})
    assert status == 400 and "cause" in body["error"]["message"], body
    assert api.post(f"/v1/calls/{uuid}/kill", {"cause": [1]})[0] == 400

    status, body = api.post(f"/v1/calls/{uuid}/kill", {"cause": "CALL_REJECTED"})
    assert status == 200 and body == {"uuid": uuid, "cause": "CALL_REJECTED"}, body
    c.ok(caller, callee)
    assert run.first(caller, "BYE") and run.first(callee, "BYE")
    h = run.check_notifications(stub, uuid)
    assert h["hangup_cause"] == "CALL_REJECTED" and h["hangup_by"] == "system", h

    def ended():
        s, d = api.get(f"/v1/calls/{uuid}")
        return d if s == 200 and d["state"] == "ended" else None
    detail = wait_until("the call ended", ended)
    assert detail["hangup_cause"] == "CALL_REJECTED" and detail["sip_status"] == 200, detail
    kinds = [e["kind"] for e in detail["timeline"]]
    assert "hangup" in kinds, kinds
    wait_until("the hangup delivery on the timeline", lambda: any(
        e["kind"] == "notify_result" and e["detail"].startswith("hangup delivered")
        for e in api.get(f"/v1/calls/{uuid}")[1]["timeline"]))
    assert api.get("/v1/calls")[1]["count"] == 0
    assert api.post(f"/v1/calls/{uuid}/kill")[0] == 404  # already ended

    # Pause: a new INVITE gets 503; the status says so.
    status, body = api.post("/v1/pause")
    assert status == 200 and body["paused"] and not body["accepting"], body
    refused = c.uac("uac_rejected.xml", subst={"STATUS": 503})
    c.ok(refused)
    assert len(stub.uuids()) == 1, "a paused engine asked for routing"

    # Resume: calls go through again.
    status, body = api.post("/v1/resume")
    assert status == 200 and not body["paused"] and body["accepting"], body
    callee2 = c.uas("uas_answer.xml")
    caller2 = c.uac("uac_answered.xml")
    c.ok(caller2, callee2)
    assert len(stub.uuids()) == 2

    status, body = api.get("/v1/status")
    assert status == 200, body
    calls = body["calls"]
    assert calls["total"] == 2 and calls["peak"] == 1, body
    assert calls["up"] == 0 or calls["up"] == 1, body  # the second may still be ending
    assert body["profiles"] == 2 and body["gateways"] == 1, body
    assert body["version"] and body["uptime_seconds"] >= 0 and body["started_at"].endswith("Z"), body
    # A total of 2 over the last 60 s: the 60 s average is 2/60 once both are whole seconds ago.
    assert 0 <= calls["per_second_60s"] <= 2 / 60 + 1e-9, calls

    assert api.get("/v1/nowhere")[0] == 404
    assert api.call("DELETE", "/v1/status")[0] == 405
    # POST /v1/reload: the unchanged file reloads with nothing changed; an
    # invalid one is refused 422 with its file:line and changes nothing.
    status, body = api.post("/v1/reload")
    assert status == 200 and body["reloaded"] is True and body["changed"] == [], body
    with open(eng.config) as f:
        good = f.read()
    with open(eng.config, "w") as f:
        f.write(good + "\n[profiles.internal\n")
    status, body = api.post("/v1/reload")
    assert status == 422 and os.path.basename(eng.config) in body["error"]["message"], body
    with open(eng.config, "w") as f:
        f.write(good)
    assert api.get("/v1/status")[0] == 200  # still serving on the old configuration


class RegistrarSipp(Sipp):
    SCENARIOS = REGISTRAR_SCENARIOS


@run.case
def admin_registrations_gateways(c):
    """A user REGISTERs: it is listed under its profile; the gateways list
    shows the configured gateway's state; drain stops admitting for good."""
    stub = c.stub(lambda p: (200, answer_gateway("carrier", "139"), 0))
    users = '\n[users.1000]\npassword = "secret"\n'
    eng, api = admin_engine(c, stub.url(), users)

    reg = RegistrarSipp(c.dir, "uac_register.xml", free_port(), remote=f"127.0.0.1:{c.pi}",
                        subst={"USER": "1000", "PASSWORD": "secret", "CONTACT_PORT": 5999, "EXPIRES": 120,
                               "FINAL": 200})
    c.sipps.append(reg)
    c.ok(reg)
    status, body = api.get("/v1/profiles/internal/registrations")
    assert status == 200, body
    regs = body["registrations"]
    assert len(regs) == 1, regs
    r = regs[0]
    assert r["user"] == "1000" and ":5999" in r["contact"] and r["domain"], r
    assert r["network_ip"] == "127.0.0.1" and r["user_agent"] == "sipp-phone", r
    assert 100 <= r["expires_in"] <= 120, r
    assert api.get("/v1/profiles/external/registrations")[1]["registrations"] == []
    assert api.get("/v1/profiles/nope/registrations")[0] == 404

    status, body = api.get("/v1/profiles")
    assert status == 200, body
    internal = [p for p in body["profiles"] if p["name"] == "internal"][0]
    assert internal["registrations"] == 1 and internal["sip_port"] == c.pi, internal
    assert internal["route"] == stub.url(), internal

    status, body = api.get("/v1/gateways")
    assert status == 200 and len(body["gateways"]) == 1, body
    gw = body["gateways"][0]
    assert gw["name"] == "carrier" and gw["profile"] == "external", gw
    assert gw["state"] == "NOREG" and gw["status"] == "UP" and gw["register"] is False, gw
    assert gw["proxy"] == f"127.0.0.1:{c.pc}" and gw["calls_out"] == 0, gw
    status, one = api.get("/v1/gateways/carrier")
    assert status == 200 and one == gw, one
    assert api.get("/v1/gateways/nope")[0] == 404

    # A call through the gateway counts as a call out.
    callee = c.uas("uas_answer.xml")
    caller = c.uac("uac_answered.xml")
    c.ok(caller, callee)
    assert api.get("/v1/gateways/carrier")[1]["calls_out"] == 1

    status, body = api.post("/v1/drain")
    assert status == 200 and body["draining"] and not body["accepting"], body
    assert api.post("/v1/resume")[1]["draining"], "resume must not undo drain"
    refused = c.uac("uac_rejected.xml", subst={"STATUS": 503})
    c.ok(refused)
    assert len(stub.uuids()) == 1


def scrape(api, token=TOKEN):
    """(status, {(sample name, frozenset of labels): value}) of GET /metrics,
    parsed by the Prometheus client library's own text-format parser."""
    req = urllib.request.Request(api.base + "/metrics")
    if token is not None:
        req.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(req, timeout=5) as r:
            assert r.headers["Content-Type"].startswith("text/plain; version=0.0.4"), r.headers["Content-Type"]
            text = r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, {}
    samples = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            samples[(sample.name, frozenset(sample.labels.items()))] = sample.value
    return 200, samples


def metric(samples, name, **labels):
    return samples.get((name, frozenset(labels.items())))


@run.case
def admin_metrics(c):
    """GET /metrics (docs/metrics.md): after one answered call, one refused by
    the interface (hangup USER_BUSY), one routing failure (HTTP 500) and one
    INVITE refused while paused, the counters say exactly that; without the
    token 401."""
    answers = [(200, answer_gateway("carrier", "139"), 0),
               (200, {"dial": {"type": "hangup", "cause": "USER_BUSY"}}, 0),
               (500, "interface broken", 0)]
    stub = c.stub(lambda p: answers[min(len(stub.uuids()), 3) - 1])
    _, api = admin_engine(c, stub.url())

    assert scrape(api, token=None)[0] == 401
    assert scrape(api, token="wrong")[0] == 401
    status, m = scrape(api)
    assert status == 200 and metric(m, "ctib_engine_build_info", version=metric_version(m)) == 1, m
    assert metric(m, "ctib_engine_invites_total", profile="internal") == 0, m
    assert metric(m, "ctib_engine_process_start_time_seconds") > 1.6e9, m

    callee = c.uas("uas_answer.xml")
    c.ok(c.uac("uac_answered.xml"), callee)
    c.ok(c.uac("uac_rejected.xml", subst={"STATUS": 486}))
    c.ok(c.uac("uac_rejected.xml", subst={"STATUS": 503}))
    answered, busy, broken = stub.uuids()
    assert run.hangup_of(stub, answered)["hangup_cause"] == "NORMAL_CLEARING"
    assert run.hangup_of(stub, busy)["hangup_cause"] == "USER_BUSY"
    assert run.hangup_of(stub, broken)["hangup_cause"] == "NORMAL_TEMPORARY_FAILURE"
    assert api.post("/v1/pause")[0] == 200
    c.ok(c.uac("uac_rejected.xml", subst={"STATUS": 503}))
    assert api.post("/v1/resume")[0] == 200

    # The engine counts a delivery once the interface's answer is back: wait
    # for the third delivered hangup, then every value is final.
    wait_until("three hangups counted as delivered", lambda: metric(
        scrape(api)[1], "ctib_engine_notifications_total", action="hangup", result="delivered") == 3)
    _, m = scrape(api)
    expected = [
        ("ctib_engine_calls_total", {"result": "answered", "hangup_cause": "NORMAL_CLEARING"}, 1),
        ("ctib_engine_calls_total", {"result": "failed", "hangup_cause": "USER_BUSY"}, 1),
        ("ctib_engine_calls_total", {"result": "failed", "hangup_cause": "NORMAL_TEMPORARY_FAILURE"}, 1),
        ("ctib_engine_calls_up", {}, 0),
        ("ctib_engine_invites_total", {"profile": "internal"}, 4),
        ("ctib_engine_invites_total", {"profile": "external"}, 0),
        ("ctib_engine_refused_total", {"reason": "paused"}, 1),
        ("ctib_engine_refused_total", {"reason": "load"}, 0),
        ("ctib_engine_refused_total", {"reason": "max_calls"}, 0),
        ("ctib_engine_routing_failures_total", {"reason": "http_status"}, 1),
        ("ctib_engine_routing_failures_total", {"reason": "timeout"}, 0),
        ("ctib_engine_routing_failures_total", {"reason": "bad_answer"}, 0),
        ("ctib_engine_routing_request_duration_seconds_count", {}, 3),
        ("ctib_engine_routing_request_duration_seconds_bucket", {"le": "+Inf"}, 3),
        ("ctib_engine_notification_retries_total", {}, 0),
        ("ctib_engine_notifications_total", {"action": "hangup", "result": "failed"}, 0),
        ("ctib_engine_notifications_total", {"action": "answer", "result": "delivered"}, 1),
    ]
    wrong = [(n, l, metric(m, n, **l), v) for n, l, v in expected if metric(m, n, **l) != v]
    assert not wrong, "metric, labels, got, expected: " + repr(wrong)
    calls = sum(v for (n, _), v in m.items() if n == "ctib_engine_calls_total")
    assert calls == 3, calls
    assert metric(m, "ctib_engine_routing_request_duration_seconds_sum") > 0, m
    # Loop-owned values arrive within the sampler's second.
    wait_until("the gateway and the load guard sampled", lambda: (
        lambda s: metric(s, "ctib_engine_load_guard_shedding") == 0
        and metric(s, "ctib_engine_gateway_up", gateway="carrier") is not None
        and metric(s, "ctib_engine_notifications_pending") == 0
        and metric(s, "ctib_engine_calls_active") == 0)(scrape(api)[1]))


def metric_version(samples):
    """The version label of build_info, whatever the build's version."""
    versions = [dict(l)["version"] for (n, l) in samples if n == "ctib_engine_build_info"]
    assert len(versions) == 1, versions
    return versions[0]


if __name__ == "__main__":
    sys.exit(run.main())
