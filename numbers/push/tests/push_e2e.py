#!/usr/bin/env python3
"""Pushed call events and records (docs/push.md) end to end: the real
ctib-numbers with a [push] section, python HTTP receivers on 127.0.0.1, and
the engine's notifications posted to /v1/cti the way the engine sends them
(GET with the query parameters of cti-bridge-protocol §2/§5).

    python3 numbers/push/tests/push_e2e.py <case> --numbers PATH/ctib-numbers [--keep]
    python3 numbers/push/tests/push_e2e.py --list

Every received POST has its signature checked (HMAC-SHA256 over
"<X-CTIB-Timestamp>.<body>" with the push key, as docs/push.md tells a
receiver to) and its Idempotency-Key header compared with the items' keys.
Cases wait on events (a POST arriving, an API answer), never assert on time.
"""

import argparse
import hashlib
import hmac
import importlib.util
import http.server
import json
import os
import shutil
import sqlite3
import sys
import threading
import time
import re
import traceback
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
sys.path.insert(0, os.path.join(ROOT, "tests", "numbers_e2e"))
sys.path.insert(0, os.path.join(ROOT, "tests", "sipp"))
from harness import Workdir  # noqa: E402
# tests/numbers_e2e/run.py by path: tests/sipp has a run.py too.
_spec = importlib.util.spec_from_file_location("numbers_e2e_run", os.path.join(ROOT, "tests", "numbers_e2e", "run.py"))
_run = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_run)
A, B, X, E164, SECRET, Numbers, wait_until = (_run.A, _run.B, _run.X, _run.E164, _run.SECRET, _run.Numbers,
                                              _run.wait_until)

KEY_ID = "push-e2e"
KEY = "push-e2e-secret-0123456789"
X2 = "17100000002"
ALL_FIVE = ["callin", "alerting", "answer", "disconnect", "record"]


class Receiver:
    """A callback URL. mode: "ok" answers 200, "down" 503, "hang" holds
    each request until release() (or the client gives up)."""

    def __init__(self, key_id=KEY_ID, key=KEY):
        self.key_id, self.key = key_id, key
        self.lock = threading.Condition()
        self.mode = "ok"
        self.posts = []      # every POST: {"status", "keys_header", "items", "timestamp"}
        self.forged = []     # POSTs whose key id or signature was not this receiver's (answered 401)
        self.hanging = 0     # requests held right now
        self.released = threading.Event()
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                receiver.take(self, body)

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_port}/ctib/events?tenant=7"

    def take(self, handler, body):
        # What a receiver must do first: the signature over timestamp + body.
        ts = handler.headers.get("X-CTIB-Timestamp", "")
        mac = hmac.new(self.key.encode(), ts.encode() + b"." + body, hashlib.sha256).hexdigest()
        if handler.headers.get("X-CTIB-Key-Id") != self.key_id or \
                not hmac.compare_digest(handler.headers.get("X-CTIB-Signature", ""), "v1=" + mac):
            with self.lock:
                self.forged.append((handler.headers.get("X-CTIB-Key-Id"), body))
            handler.send_response(401)
            handler.send_header("Content-Length", "0")
            handler.end_headers()
            return
        assert handler.path == "/ctib/events?tenant=7", handler.path
        items = json.loads(body)["items"]
        keys = ", ".join(i["idempotency_key"] for i in items)
        assert handler.headers.get("Idempotency-Key") == keys, (handler.headers.get("Idempotency-Key"), keys)
        with self.lock:
            mode = self.mode
            if mode == "hang":
                self.hanging += 1
                self.lock.notify_all()
        if mode == "hang":
            self.released.wait(60)
            with self.lock:
                self.hanging -= 1
            mode = "ok"
        status = 200 if mode == "ok" else 503
        with self.lock:
            self.posts.append({"status": status, "keys_header": keys, "items": items, "timestamp": int(ts)})
            self.lock.notify_all()
        answer = b'{"ok":true}'
        try:
            handler.send_response(status)
            handler.send_header("Content-Type", "application/json")
            handler.send_header("Content-Length", str(len(answer)))
            handler.end_headers()
            handler.wfile.write(answer)
        except OSError:
            pass  # the sender gave up on a held request

    def set_mode(self, mode):
        with self.lock:
            self.mode = mode

    def delivered(self):
        """Items of POSTs answered 200, by idempotency key (a re-delivery
        keeps the first)."""
        with self.lock:
            out = {}
            for p in self.posts:
                if p["status"] == 200:
                    for i in p["items"]:
                        out.setdefault(i["idempotency_key"], i)
            return out

    def refused_keys(self):
        with self.lock:
            return {i["idempotency_key"] for p in self.posts if p["status"] != 200 for i in p["items"]}

    def wait_delivered(self, keys, timeout=30):
        return wait_until(lambda: (lambda d: d if all(k in d for k in keys) else None)(self.delivered()),
                          timeout, f"delivery of {keys}")

    def close(self):
        self.released.set()
        self.server.shutdown()
        self.server.server_close()


class PushNumbers(Numbers):
    """ctib-numbers with a [push] section (and an admin API for /metrics)."""

    def __init__(self, binary, workdir, db, urls, extra_auth="", tenants="", **push):
        super().__init__(binary, workdir, db, dial_format="e164", extra_auth=extra_auth)
        settings = {"batch_size": 10, "max_delay_ms": 100, "max_attempts": 12, "backoff_initial": 1,
                    "backoff_max": 2, "timeout_ms": 2000, "max_in_flight": 2, **push}
        with open(self.config, "a") as f:
            f.write("\n[push]\n")
            f.write("urls = [" + ", ".join(json.dumps(u) for u in urls) + "]\n")
            f.write(f'key_id = "{KEY_ID}"\nkey = "{KEY}"\n')
            for k, v in settings.items():
                f.write(f"{k} = {v}\n")
            f.write(tenants)
            f.write('\n[admin]\naddress = "127.0.0.1:0"\ntoken = "push-admin"\n')

    def metrics(self):
        """/metrics of the admin API as {name: value} (unlabelled samples)."""
        port = wait_until(lambda: (m := re.findall(r"admin API on 127\.0\.0\.1:(\d+)", self.read_log()))
                          and int(m[-1]), 10, "the admin API")
        req = urllib.request.Request(f"http://127.0.0.1:{port}/metrics",
                                     headers={"Authorization": "Bearer push-admin"})
        with urllib.request.urlopen(req, timeout=10) as r:
            text = r.read().decode()
        out = {}
        for line in text.splitlines():
            m = re.match(r"^(ctib_numbers_push_\w+) (\S+)$", line)
            if m:
                out[m.group(1)] = float(m.group(2))
        return out

    def cti(self, action, uuid, caller, x=X, **params):
        query = {"secret": SECRET, "action": action, "uuid": uuid, "caller_id_number": caller,
                 "destination_number": x, **params}
        status, answer = self.call("GET", "/v1/cti", query=query)
        assert status == 200, (action, status, answer)
        return answer

    def whole_call(self, uuid, caller=A, x=X):
        """The engine's notifications of an answered call, in order."""
        answer = self.cti("request", uuid, caller, x)
        assert answer["dial"]["type"] == "gateway", answer
        self.cti("ring", uuid, caller, x)
        self.cti("answer", uuid, caller, x)
        now = int(time.time())
        self.cti("hangup", uuid, caller, x, hangup_cause="NORMAL_CLEARING", hangup_cause_q850=16,
                 sip_term_status=200, start_epoch=now - 70, answer_epoch=now - 65, end_epoch=now,
                 duration=70, billsec=65, hangup_by="callee")
        return answer


def keys(uuid, names=ALL_FIVE):
    return [f"{uuid}:{n}" for n in names]


class Case:
    def __init__(self, name, args):
        self.args = args
        self.dir = Workdir(name).path
        self.db = "sqlite:" + os.path.join(self.dir, "numbers.db")
        self.receivers = []
        self.numbers = None

    def receiver(self, **key):
        r = Receiver(**key)
        self.receivers.append(r)
        return r

    def start(self, urls, extra_auth="", tenants="", **push):
        self.numbers = PushNumbers(self.args.numbers, self.dir, self.db, urls, extra_auth, tenants, **push)
        self.numbers.start()
        return self.numbers

    def restart(self):
        assert self.numbers.stop() == 0, "ctib-numbers did not exit 0 on SIGTERM"
        self.numbers.start()

    def outbox(self):
        """The outbox rows as the SQLite records file holds them."""
        path = os.path.join(self.dir, "numbers.db-records")
        with sqlite3.connect(path) as db:
            return db.execute("SELECT idempotency_key, dead FROM push_outbox ORDER BY id").fetchall()

    def finish(self, failed):
        if self.numbers:
            code = self.numbers.stop()
            if not failed:
                assert code == 0, f"ctib-numbers exited {code}"
        for r in self.receivers:
            r.close()
            if not failed:
                assert not r.forged, f"a receiver got POSTs not signed with its key: {r.forged[:2]}"
        if failed or self.args.keep:
            print(f"work directory kept: {self.dir}")
            if self.numbers:
                print(self.numbers.read_log()[-4000:])
        else:
            shutil.rmtree(self.dir, ignore_errors=True)


CASES = {}


def case(fn):
    CASES[fn.__name__] = fn
    return fn


def setup_pair(n, **binding):
    n.import_pool([X])
    return n.bind("AXB", A, B, **binding)


@case
def events_and_record(c):
    """One answered call: callin, alerting, answer, disconnect (Huawei's
    events) and the record (SecretReport), signed, with their keys; a
    binding with a callback_url goes there and only there."""
    service = c.receiver()
    own = c.receiver()
    n = c.start([service.url])
    binding = setup_pair(n)
    n.whole_call("call-1")
    got = service.wait_delivered(keys("call-1"))
    for name in ALL_FIVE[:4]:
        item = got[f"call-1:{name}"]
        assert item["type"] == "event" and item["event"] == name, item
        assert item["uuid"] == "call-1" and item["binding_id"] == binding["id"], item
        assert item["a"] == E164[A] and item["x"] == E164[X] and item["peer"] == E164[B], item
    disconnect = got["call-1:disconnect"]
    assert disconnect["release_cause"] == {"name": "NORMAL_CLEARING", "q850": 16}, disconnect
    assert disconnect["release_direction"] == "callee" and disconnect["billsec"] == 65, disconnect
    record = got["call-1:record"]
    assert record["type"] == "record" and record["direction"] == "a_to_peer", record
    assert record["duration"] == 70 and record["billsec"] == 65 and record["callee"] == E164[B], record
    # The record as pushed is the record as the API answers it.
    api = n.ok("GET", "/v1/records/call-1")
    for field, value in api.items():
        assert record[field] == value, (field, record[field], value)
    # A repeated ring merges again but was pushed already: nothing new.
    posts = len(service.posts)
    n.cti("ring", "call-1", A)

    # A binding with its own callback_url: its calls go there, not to the service's URL.
    n.import_pool([X2])
    mine = n.bind("AXB", A, B, x=X2, callback_url=own.url)
    assert mine["callback_url"] == own.url, mine
    n.whole_call("call-2", x=X2)
    own.wait_delivered(keys("call-2"))
    assert not any(k.startswith("call-2:") for k in service.delivered()), "call-2 reached the service URL"
    assert not any(k.startswith("call-1:") for k in own.delivered())
    # A delivered item leaves the outbox once its 2xx is in (just after the
    # receiver logged it). call-2's items came after the ring above: with
    # the outbox empty, a pushed ring would have been delivered already.
    wait_until(lambda: c.outbox() == [], 10, "the outbox to empty")
    assert all(i["uuid"] != "call-1" for p in service.posts[posts:] for i in p["items"]), service.posts[posts:]
    # Cleared with PATCH: the binding's next calls go to the service's URL again.
    cleared = n.ok("PATCH", f"/v1/bindings/{mine['id']}", {"callback_url": None})
    assert cleared["callback_url"] is None, cleared
    n.whole_call("call-3", x=X2)
    service.wait_delivered(keys("call-3"))
    assert not any(k.startswith("call-3:") for k in own.delivered())
    status, answer = n.call("PATCH", f"/v1/bindings/{mine['id']}", {"callback_url": "http://"})
    assert status == 400 and answer["error"]["field"] == "callback_url", (status, answer)
    now = int(time.time())
    status, answer = n.call("POST", "/v1/bindings", {"mode": "AXB", "a": A, "b": "13600000001", "x": X,
                                                     "expiration": now + 3600, "callback_url": "ftp://x/"})
    assert status == 400 and answer["error"]["field"] == "callback_url", (status, answer)


@case
def receiver_down_then_up(c):
    """503s are retried with back-off, with the same idempotency keys,
    until the receiver takes them."""
    r = c.receiver()
    r.set_mode("down")
    n = c.start([r.url])
    setup_pair(n)
    n.whole_call("call-d")
    wait_until(lambda: set(keys("call-d")) <= r.refused_keys() and
               sum(1 for p in r.posts if p["status"] == 503) >= 2, 30, "two refused attempts")
    assert r.delivered() == {}
    r.set_mode("ok")
    r.wait_delivered(keys("call-d"))
    wait_until(lambda: c.outbox() == [], 10, "the outbox to empty")


@case
def restart_with_undelivered(c):
    """Items not delivered when ctib-numbers stops are in the outbox file,
    and the next start delivers them with their keys unchanged."""
    r = c.receiver()
    r.set_mode("down")
    n = c.start([r.url], backoff_initial=1, backoff_max=1)
    setup_pair(n)
    n.whole_call("call-r")
    wait_until(lambda: set(keys("call-r")) <= r.refused_keys(), 30, "a refused attempt of every item")
    c.numbers.stop()
    rows = c.outbox()
    assert sorted(k for k, _ in rows) == sorted(keys("call-r")), rows
    refused = r.refused_keys()
    r.set_mode("ok")
    c.numbers.start()
    got = r.wait_delivered(keys("call-r"))
    assert set(got) == refused, (set(got), refused)  # the same keys as before the restart
    wait_until(lambda: c.outbox() == [], 10, "the outbox to empty")


@case
def dead_letter_and_resend(c):
    """After max_attempts the items are dead: listed by GET /v1/push/failed
    and counted in /metrics; POST .../resend delivers them."""
    r = c.receiver()
    r.set_mode("down")
    n = c.start([r.url], max_attempts=2)
    setup_pair(n)
    n.whole_call("call-x")
    failed = wait_until(lambda: (lambda p: p if p["total"] == 5 else None)(n.ok("GET", "/v1/push/failed")),
                        30, "five dead items")
    assert sorted(i["idempotency_key"] for i in failed["items"]) == sorted(keys("call-x")), failed
    for i in failed["items"]:
        assert i["attempts"] == 2 and i["last_error"] == "HTTP 503" and i["url"] == r.url, i
        assert i["item"]["idempotency_key"] == i["idempotency_key"], i
    assert all(dead == 1 for _, dead in c.outbox())
    m = n.metrics()
    assert m["ctib_numbers_push_dead_items"] == 5 and m["ctib_numbers_push_queue_depth"] == 0, m
    assert m["ctib_numbers_push_dead_total"] == 5 and m["ctib_numbers_push_failed_total"] == 10, m
    assert m["ctib_numbers_push_delivered_total"] == 0, m
    attempts = len(r.posts)
    r.set_mode("ok")
    status, _ = n.call("POST", "/v1/push/failed/999/resend")
    assert status == 404, status
    for i in failed["items"]:
        answer = n.ok("POST", f"/v1/push/failed/{i['id']}/resend", expect=(202,))
        assert answer["id"] == i["id"] and answer["state"] == "pending", answer
    status, _ = n.call("POST", f"/v1/push/failed/{failed['items'][0]['id']}/resend")
    assert status in (404,), status  # no longer dead
    r.wait_delivered(keys("call-x"))
    assert len(r.posts) > attempts
    wait_until(lambda: n.ok("GET", "/v1/push/failed")["total"] == 0 and c.outbox() == [], 10, "an empty outbox")
    m = n.metrics()
    assert m["ctib_numbers_push_dead_items"] == 0 and m["ctib_numbers_push_queue_depth"] == 0, m
    assert m["ctib_numbers_push_delivered_total"] == 5, m


@case
def hanging_callback_does_not_delay_routing(c):
    """A callback that never answers holds the sender's only request; the
    routing answers are given all the same, and right (assertions on the
    answers and on the held request, not on durations)."""
    r = c.receiver()
    r.set_mode("hang")
    n = c.start([r.url], timeout_ms=60000, max_in_flight=1, batch_size=1)
    setup_pair(n)
    first = n.cti("request", "call-h1", A)
    assert first["dial"]["number"] == E164[B], first
    wait_until(lambda: r.hanging >= 1, 20, "the receiver to hold a push")
    for i in range(5):
        answer = n.cti("request", f"call-h{i + 2}", B)
        assert answer["dial"]["type"] == "gateway" and answer["dial"]["number"] == E164[A], answer
        assert answer["variables"]["origination_caller_id_number"] == E164[X], answer
    with r.lock:
        assert r.hanging >= 1 and r.delivered() == {}, "the push was answered meanwhile: the case proves nothing"
    r.released.set()
    r.set_mode("ok")
    r.wait_delivered([f"call-h{i}:callin" for i in range(1, 7)])

# Decision 0027: two tenants, each with its own URL and key ([[push.tenants]]).
ACME_KEY = {"key_id": "acme-1", "key": "acme-secret-0123456789"}
GLOBEX_KEY = {"key_id": "globex-1", "key": "globex-secret-0123456789"}
TENANT_AUTH = """
[[auth.keys]]
id = "acme"
secret = "acme-api-key"
tenant = "acme"

[[auth.keys]]
id = "globex"
secret = "globex-api-key"
tenant = "globex"
"""


def tenant_push(tenant, url, key):
    urls = f'urls = ["{url}"]\n' if url else ""
    return f'\n[[push.tenants]]\ntenant = "{tenant}"\n{urls}key_id = "{key["key_id"]}"\nkey = "{key["key"]}"\n'


@case
def tenants_have_their_own_urls_and_keys(c):
    """Each tenant's calls go to its own URL signed with its own key (each
    receiver verifies its key and gets only its tenant's items); a tenant's
    intercepted call goes to its URL; a binding's callback_url still wins,
    signed with its tenant's key; a tenant without an entry uses [push]."""
    service, acme, globex = c.receiver(), c.receiver(**ACME_KEY), c.receiver(**GLOBEX_KEY)
    acme_binding_url = c.receiver(**ACME_KEY)
    n = c.start([service.url], extra_auth=TENANT_AUTH,
                tenants=tenant_push("acme", acme.url, ACME_KEY) + tenant_push("globex", globex.url, GLOBEX_KEY))
    X3, X4 = "17100000003", "17100000004"
    n.import_pool([X, X4], key="acme-api-key")
    n.import_pool([X2], key="globex-api-key")
    n.import_pool([X3])  # the default tenant's
    n.bind("AXB", A, B, x=X, key="acme-api-key")
    n.bind("AXB", A, B, x=X4, key="acme-api-key", callback_url=acme_binding_url.url)
    n.bind("AXB", A, B, x=X2, key="globex-api-key")
    n.bind("AXB", A, B, x=X3)
    n.whole_call("acme-1", x=X)
    n.whole_call("acme-own", x=X4)
    n.whole_call("globex-1", x=X2)
    n.whole_call("default-1", x=X3)
    # Intercepted: no binding routes 13300000001 on acme's X; the engine
    # still reports the refused call's hangup.
    refused = n.cti("request", "acme-x", "13300000001", X)
    assert refused["dial"]["type"] == "hangup", refused
    n.cti("hangup", "acme-x", "13300000001", X, hangup_cause="UNALLOCATED_NUMBER", hangup_cause_q850=1,
          sip_term_status=404, start_epoch=int(time.time()), end_epoch=int(time.time()), duration=0, billsec=0,
          hangup_by="system")
    intercepted = ["callin", "disconnect", "record"]
    acme.wait_delivered(keys("acme-1") + keys("acme-x", intercepted))
    acme_binding_url.wait_delivered(keys("acme-own"))
    globex.wait_delivered(keys("globex-1"))
    service.wait_delivered(keys("default-1"))
    wait_until(lambda: c.outbox() == [], 10, "the outbox to empty")
    # Only its own: nothing of another tenant, nothing twice across URLs.
    assert set(acme.delivered()) == set(keys("acme-1") + keys("acme-x", intercepted)), acme.delivered().keys()
    assert set(acme_binding_url.delivered()) == set(keys("acme-own")), acme_binding_url.delivered().keys()
    assert set(globex.delivered()) == set(keys("globex-1")), globex.delivered().keys()
    assert set(service.delivered()) == set(keys("default-1")), service.delivered().keys()
    assert all(i["tenant"] == "acme" for i in acme.delivered().values() if i["type"] == "record")
    assert acme.delivered()["acme-x:record"]["direction"] == "intercepted", acme.delivered()["acme-x:record"]


@case
def tenants_failed_items_are_their_own(c):
    """Dead items are listed and re-sent by their own tenant only: another
    tenant's id is a 404, as an unknown one; an operator key sees all."""
    acme, globex = c.receiver(**ACME_KEY), c.receiver(**GLOBEX_KEY)
    acme.set_mode("down")
    globex.set_mode("down")
    auth = TENANT_AUTH + '\n[[auth.keys]]\nid = "ops"\nsecret = "ops-api-key"\nall_tenants = true\n'
    n = c.start([], extra_auth=auth, max_attempts=1,
                tenants=tenant_push("acme", acme.url, ACME_KEY) + tenant_push("globex", globex.url, GLOBEX_KEY))
    n.import_pool([X], key="acme-api-key")
    n.import_pool([X2], key="globex-api-key")
    n.bind("AXB", A, B, x=X, key="acme-api-key")
    n.bind("AXB", A, B, x=X2, key="globex-api-key")
    n.whole_call("acme-d", x=X)
    n.whole_call("globex-d", x=X2)
    dead = lambda key, total: (lambda p: p if p["total"] == total else None)(  # noqa: E731
        n.ok("GET", "/v1/push/failed", key=key))
    mine = wait_until(lambda: dead("acme-api-key", 5), 30, "acme's five dead items")
    theirs = wait_until(lambda: dead("globex-api-key", 5), 30, "globex's five dead items")
    assert sorted(i["idempotency_key"] for i in mine["items"]) == sorted(keys("acme-d")), mine
    assert sorted(i["idempotency_key"] for i in theirs["items"]) == sorted(keys("globex-d")), theirs
    assert n.ok("GET", "/v1/push/failed", key="ops-api-key")["total"] == 10
    assert n.ok("GET", "/v1/push/failed")["total"] == 0  # the default tenant's key: none of theirs
    status, answer = n.call("POST", f"/v1/push/failed/{theirs['items'][0]['id']}/resend", key="acme-api-key")
    assert status == 404 and answer["error"]["field"] == "id", (status, answer)
    acme.set_mode("ok")
    for i in mine["items"]:
        n.ok("POST", f"/v1/push/failed/{i['id']}/resend", key="acme-api-key", expect=(202,))
    acme.wait_delivered(keys("acme-d"))
    assert n.ok("GET", "/v1/push/failed", key="globex-api-key")["total"] == 5  # untouched
    assert not any(k.startswith("globex-d") for k in acme.delivered())



def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("case", nargs="?")
    parser.add_argument("--numbers")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--list", action="store_true")
    args = parser.parse_args()
    if args.list:
        print("\n".join(CASES))
        return 0
    if args.case not in CASES or not args.numbers:
        parser.error(f"need --numbers and one of: {', '.join(CASES)}")
    c = Case(args.case, args)
    failed = True
    try:
        CASES[args.case](c)
        failed = False
    except Exception:
        traceback.print_exc()
    finally:
        try:
            c.finish(failed)
        except AssertionError as e:
            print(e)
            failed = True
    print(("FAIL " if failed else "PASS ") + args.case)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
