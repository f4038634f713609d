#!/usr/bin/env python3
"""The numbers service's admin API end to end (docs/admin-api.md,
docs/metrics.md): the real ctib-numbers with SQLite and an [admin] section
on free ports; management and cti_bridge calls through its API; then
GET /metrics, parsed with prometheus_client's own parser (Debian's
python3-prometheus-client), must show the counters moved by exactly what was
done, GET /v1/status must agree, and a wrong or missing token gets 401.

    python3 tests/numbers_e2e/admin_metrics.py --numbers PATH/ctib-numbers
"""

import argparse
import json
import os
import re
import sys
import tempfile
import traceback
import urllib.error
import urllib.parse
import urllib.request

from prometheus_client.parser import text_string_to_metric_families

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from run import A, B, N, SECRET, X, Numbers, wait_until  # noqa: E402

TOKEN = "e2e-admin-token"
X2 = "17100000002"  # a second middle number, on another gateway, never bound


class AdminNumbers(Numbers):
    """run.py's Numbers with an [admin] listener on an ephemeral port."""

    def __init__(self, binary, workdir):
        super().__init__(binary, workdir, "sqlite:" + os.path.join(workdir, "numbers.db"))
        with open(self.config, "a") as f:
            f.write(f'\n[admin]\naddress = "127.0.0.1:0"\ntoken = "{TOKEN}"\n')
        self.admin_port = None

    def start(self, ready_timeout=20.0):
        super().start(ready_timeout)
        self.admin_port = wait_until(
            lambda: (m := re.search(r"admin API on 127\.0\.0\.1:(\d+)", self.read_log())) and int(m.group(1)),
            ready_timeout, "the admin API address in the log")

    def admin(self, path, token=TOKEN):
        headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
        req = urllib.request.Request(f"http://127.0.0.1:{self.admin_port}{path}", headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=10) as r:
                return r.status, dict(r.headers), r.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, dict(e.headers), e.read().decode()

    def cti(self, **query):
        url = self.cti_url() + "&" + urllib.parse.urlencode(query)
        with urllib.request.urlopen(url, timeout=10) as r:
            return json.loads(r.read())


def scrape(numbers):
    status, headers, body = numbers.admin("/metrics")
    assert status == 200, (status, body)
    assert headers.get("Content-Type", "").startswith("text/plain; version=0.0.4"), headers
    samples = {}
    types = {}
    for family in text_string_to_metric_families(body):
        types[family.name] = family.type
        for s in family.samples:
            samples[(s.name, tuple(sorted(s.labels.items())))] = s.value
    return samples, types


def value(samples, name, **labels):
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def requests(samples, method, route, code="2xx"):
    return value(samples, "ctib_numbers_http_request_duration_seconds_count", method=method, route=route, code=code)


def run_case(numbers):
    before, types = scrape(numbers)
    assert types["ctib_numbers_http_request_duration_seconds"] == "histogram", types
    assert types["ctib_numbers_routing_answers"] == "counter", types  # the parser strips _total
    assert types["ctib_numbers_pool_numbers_free"] == "gauge", types
    assert value(before, "ctib_numbers_database_up") == 1
    assert any(k[0] == "ctib_numbers_build_info" and v == 1 for k, v in before.items()), "build_info missing"
    assert value(before, "ctib_numbers_process_start_time_seconds") > 1.6e9

    numbers.import_pool([X])
    numbers.import_pool([X2], gateway="carrier2")
    numbers.bind("AXB", A, B)
    # Routing: A calls X (bound), a stranger calls X (unbound: no AXN), a
    # caller that is no number (invalid); then a hangup and a ring notification.
    bound = numbers.cti(action="request", uuid="u-1", caller_id_number=A, destination_number=X)
    assert bound["dial"]["type"] == "gateway", bound
    unbound = numbers.cti(action="request", uuid="u-2", caller_id_number="13600000009", destination_number=X)
    assert unbound["dial"]["type"] == "hangup", unbound
    numbers.cti(action="request", uuid="u-3", caller_id_number="anonymous", destination_number=X)
    numbers.cti(action="ring", uuid="u-1", caller_id_number=A, destination_number=X)
    numbers.cti(action="hangup", uuid="u-1", caller_id_number=A, destination_number=X,
                hangup_cause="NORMAL_CLEARING", hangup_by="caller")
    # A management request that fails (404) is counted in its class.
    status, _ = numbers.call("GET", "/v1/bindings/no-such-binding")
    assert status == 404, status

    after, _ = scrape(numbers)
    moved = lambda name, **labels: value(after, name, **labels) - value(before, name, **labels)  # noqa: E731
    assert requests(after, "POST", "/v1/numbers") - requests(before, "POST", "/v1/numbers") == 2
    assert requests(after, "POST", "/v1/bindings") - requests(before, "POST", "/v1/bindings") == 1
    assert requests(after, "GET", "/v1/cti") - requests(before, "GET", "/v1/cti") == 5
    assert requests(after, "GET", "/v1/bindings/{id}", "4xx") == 1
    assert requests(after, "GET", "/v1/bindings/{id}", "2xx") == 0
    # Buckets are cumulative and +Inf equals _count.
    assert value(after, "ctib_numbers_http_request_duration_seconds_bucket", method="GET", route="/v1/cti",
                 code="2xx", le="+Inf") == requests(after, "GET", "/v1/cti")
    assert moved("ctib_numbers_routing_answers_total", outcome="bound") == 1
    assert moved("ctib_numbers_routing_answers_total", outcome="unbound") == 1
    assert moved("ctib_numbers_routing_answers_total", outcome="invalid") == 1
    assert moved("ctib_numbers_routing_answers_total", outcome="refused") == 0
    assert moved("ctib_numbers_routing_answers_total", outcome="error") == 0
    assert moved("ctib_numbers_notifications_total", event="ring") == 1
    assert moved("ctib_numbers_notifications_total", event="hangup") == 1
    assert moved("ctib_numbers_notifications_total", event="answer") == 0
    assert value(after, "ctib_numbers_pool_numbers", gateway="carrier") == 1
    assert value(after, "ctib_numbers_pool_numbers_in_use", gateway="carrier") == 1
    assert value(after, "ctib_numbers_pool_numbers_free", gateway="carrier") == 0
    assert value(after, "ctib_numbers_pool_numbers_free", gateway="carrier2") == 1
    assert value(after, "ctib_numbers_bindings_live", mode="AXB") == 1
    assert value(after, "ctib_numbers_bindings_live", mode="AXN") == 0
    assert value(after, "ctib_numbers_bindings_live", mode="AXYB") == 0
    assert value(after, "ctib_numbers_bindings_live", mode="AXG") == 0
    assert value(after, "ctib_numbers_bindings_live", mode="AXE") == 0
    assert value(after, "ctib_numbers_record_writer_queue_capacity") > 0
    # The three routing requests' records are written by the writer thread.
    wait_until(lambda: value(scrape(numbers)[0], "ctib_numbers_record_writer_written_total") == 3, 10,
               "3 call records written")

    status, headers, body = numbers.admin("/v1/status")
    assert status == 200, (status, body)
    s = json.loads(body)
    assert s["version"] == "0.1.0", s
    assert s["uptime_seconds"] >= 0 and s["started_at"].endswith("Z"), s
    assert s["database"] == {"backend": "sqlite", "ok": True}, s
    assert s["pool"]["total"] == 2 and s["pool"]["free"] == 1 and s["pool"]["in_use"] == 1, s
    assert s["pool"]["by_gateway"]["carrier2"] == {"total": 1, "free": 1, "in_use": 0}, s
    assert s["bindings"] == {"axb": 1, "axn": 0, "axyb": 0, "axg": 0, "axe": 0, "total": 1}, s
    w = s["record_writer"]
    assert w["written_total"] == 3 and w["failed_total"] == 0 and w["queued"] == 0, w
    assert w["capacity"] > 0 and w["last_batch_at"].endswith("Z"), w

    for token in ("wrong-token", None):
        for path in ("/metrics", "/v1/status"):
            status, headers, body = numbers.admin(path, token=token)
            assert status == 401, (path, token, status)
            assert headers.get("WWW-Authenticate", "").startswith("Bearer"), headers
            assert "message" in json.loads(body)["error"], body
    status, _, _ = numbers.admin("/v1/nothing")
    assert status == 404, status


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--numbers", required=True)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ctib-admin-") as workdir:
        numbers = AdminNumbers(os.path.abspath(args.numbers), workdir)
        try:
            numbers.start()
            run_case(numbers)
            assert numbers.stop() == 0, "ctib-numbers did not exit 0 on SIGTERM"
        except Exception:
            traceback.print_exc()
            print(numbers.read_log(), file=sys.stderr)
            numbers.kill()
            return 1
    print("admin_metrics: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
