"""Reload end-to-end cases (docs/configuration.md "Reload"): the real engine
with SIPp calls up while its configuration file is rewritten and SIGHUP is
sent. Same runner, options and rules as run.py:

    python3 tests/sipp/reload_cases.py <case> --engine build/dev/engine/app/ctib-engine
"""

import os
import signal
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run  # noqa: E402
from harness import answer_gateway, engine_config, free_port  # noqa: E402
from run import case, hangup_of  # noqa: E402


def rewrite(c, eng, url, **config):
    with open(eng.config, "w") as f:
        f.write(engine_config(url, c.pi, c.pe, c.pc, c.spool, **config))


def sighup(eng, expect, timeout=10.0):
    """Sends SIGHUP and waits for the reload's log line; returns it."""
    before = eng.read_log().count("reload: ")
    os.kill(eng.pid, signal.SIGHUP)
    deadline = time.time() + timeout
    while time.time() < deadline:
        lines = [ln for ln in eng.read_log().splitlines() if "reload: " in ln]
        if len(lines) > before:
            assert expect in lines[-1], f"expected {expect!r} in {lines[-1]!r}"
            return lines[-1]
        time.sleep(0.05)
    raise AssertionError("no reload line in the log")


def wait_log(eng, text, timeout=10.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if text in eng.read_log():
            return
        time.sleep(0.05)
    raise AssertionError(f"{text!r} not in the log")


def uuid_other_than(stub, known):
    new = [u for u in stub.uuids() if u not in known]
    assert len(new) == 1, f"expected one new call on {stub.url()}, got {new}"
    return new[0]


@case
def reload_route_with_call_up(c):
    """A call held across a reload that moves the route to a second stub:
    the next call asks the new stub; the held call ends with BYE both ways
    and its hangup goes to the stub it started with."""
    old = c.stub(lambda p: (200, answer_gateway("carrier", "139"), 0))
    new = c.stub(lambda p: (200, answer_gateway("carrier", "139"), 0))
    eng = c.engine(old.url())
    callee = c.uas("uas_answer.xml", calls=2)
    held = c.uac("uac_answered.xml", extra=["-d", "3000"])
    old.wait_action("answer")
    first = old.uuids()[0]
    rewrite(c, eng, new.url())
    sighup(eng, "profile internal: route")
    c.ok(c.uac("uac_answered.xml"))
    second = uuid_other_than(new, [])
    assert hangup_of(new, second)["hangup_cause"] == "NORMAL_CLEARING"
    c.ok(held, callee)
    assert hangup_of(old, first)["hangup_cause"] == "NORMAL_CLEARING"
    assert old.uuids() == [first], old.uuids()
    assert first not in new.uuids()


@case
def reload_invalid_file(c):
    """An invalid file: the error names file:line, nothing changes."""
    old = c.stub(lambda p: (200, answer_gateway("carrier", "139"), 0))
    new = c.stub(lambda p: (200, answer_gateway("carrier", "139"), 0))
    eng = c.engine(old.url())
    text = engine_config(new.url(), c.pi, c.pe, c.pc, c.spool).replace(f"sip-port = {c.pe}", "sip-port = 70000")
    with open(eng.config, "w") as f:
        f.write(text)
    line = text.splitlines().index("sip-port = 70000") + 1
    got = sighup(eng, f"{eng.config}:{line}: profiles.external.sip-port")
    assert "[error]" in got, got
    callee = c.uas("uas_answer.xml")
    c.ok(c.uac("uac_answered.xml"), callee)
    hangup_of(old, old.uuids()[0])
    assert not new.uuids(), "the invalid file's route was used"


@case
def reload_profile_port_with_call_up(c):
    """The internal profile's port changes while a call is up on it: the
    restart is reported pending, done once the call ends, and SIP is then
    answered on the new port."""
    stub = c.stub(lambda p: (200, answer_gateway("carrier", "139"), 0))
    eng = c.engine(stub.url())
    callee = c.uas("uas_answer.xml", calls=2)
    held = c.uac("uac_answered.xml", extra=["-d", "2000"])
    stub.wait_action("answer")
    first = stub.uuids()[0]
    old_port, c.pi = c.pi, free_port()
    rewrite(c, eng, stub.url())
    sighup(eng, f"pending: profile internal restarts on 127.0.0.1:{c.pi} after its 1 call end")
    c.ok(held)
    hangup_of(stub, first)
    wait_log(eng, f"profile internal: listening on 127.0.0.1:{c.pi}")
    c.ok(c.uac("uac_answered.xml"), callee)
    second = uuid_other_than(stub, [first])
    assert hangup_of(stub, second)["hangup_cause"] == "NORMAL_CLEARING"
    assert old_port != c.pi


if __name__ == "__main__":
    sys.exit(run.main())
