"""The registrar end-to-end cases (see regtest.py). One function per case;
CMakeLists.txt registers each with CTest (label sipp)."""

import os
import sys
import time

import regtest
from regtest import config, harness


def register(case, user="1000", password="secret", contact_port=None, expires=60, final=200, source=None):
    p = case.sipp("uac_register.xml", remote=f"127.0.0.1:{case.internal}",
                  subst={"USER": user, "PASSWORD": password, "CONTACT_PORT": contact_port or 5999,
                         "EXPIRES": expires, "FINAL": final},
                  extra=["-i", source] if source else None)
    case.expect_ok(p)
    return p


def dial_user(user, number=None):
    dial = {"type": "user", "user": user}
    if number:
        dial["number"] = number
    return {"dial": dial}


def register_with_auth(case):
    """REGISTER is challenged (401), the digest answer is accepted, the 200
    lists the contact with the expiry cut to register-max-expires; then a
    `Contact: *` un-REGISTER removes it."""
    case.start_stub(dial_user("1000"))
    case.start_engine(config(case.stub.url(), case.internal, case.external, "reg.db",
                             profile_extra="register-max-expires = 300"))
    p = register(case, expires=3600)
    ok = p.received("SIP/2.0 200")[0]
    assert "expires=300" in ok, ok
    challenge = p.received("SIP/2.0 401")[0]
    assert 'realm="example.com"' in challenge and 'qop="auth"' in challenge, challenge
    regs = case.wait_registered("1000")
    assert len(regs) == 1 and regs[0]["domain"] == "example.com" and ":5999" in regs[0]["contact"], regs
    assert 290 <= regs[0]["expires_in"] <= 300, regs  # cut to register-max-expires
    u = case.sipp("uac_unregister.xml", remote=f"127.0.0.1:{case.internal}",
                  subst={"USER": "1000", "PASSWORD": "secret"})
    case.expect_ok(u)
    assert "Contact" not in u.received("SIP/2.0 200")[0].split("\n\n")[0].replace("Contact: *", ""), \
        u.received("SIP/2.0 200")[0]
    case.wait_registered("1000", registered=False)


def wrong_password(case):
    """A wrong password is refused 403 after the challenge, and nothing is bound."""
    case.start_stub(dial_user("1000"))
    case.start_engine(config(case.stub.url(), case.internal, case.external, "reg.db"))
    register(case, password="wrong", final=403)
    assert case.registrations() == [], case.registrations()
    # The refusal's reason stays a log check: the admin API lists bindings,
    # not refused attempts, and has no field that says why one was refused.
    assert "wrong password" in case.engine.read_log()


def guessing_bans_the_source(case):
    """Password guessing: after auth-fail-max wrong passwords the source is
    answered 403 without a challenge (so not even the right password gets
    in); another address still registers the same user (a user ban only
    refuses sources that failed); after auth-ban-seconds the source is
    welcome again. The ban is logged once and counted in the metrics."""
    case.start_stub(dial_user("1000"))
    case.start_engine(config(case.stub.url(), case.internal, case.external, "reg.db",
                             engine_extra="auth-fail-max = 3\nauth-fail-window = 60\nauth-ban-seconds = 4"))
    for _ in range(3):
        register(case, password="wrong", final=403)
    # Both within the 4 s ban, so started together.
    refused = case.sipp("uac_register_refused.xml", remote=f"127.0.0.1:{case.internal}",
                        subst={"USER": "1000", "CONTACT_PORT": 5999})
    other = case.sipp("uac_register.xml", remote=f"127.0.0.1:{case.internal}",
                      subst={"USER": "1000", "PASSWORD": "secret", "CONTACT_PORT": 5998, "EXPIRES": 60,
                             "FINAL": 200}, extra=["-i", "127.0.0.2"])
    case.expect_ok(refused)
    case.expect_ok(other)
    answer = refused.received("SIP/2.0 403")[0]
    assert "WWW-Authenticate" not in answer, answer
    regs = case.wait_registered("1000")
    assert [r["contact"] for r in regs if "127.0.0.2" in r["contact"]], regs
    log = case.engine.read_log()
    assert log.count("authentication banned source 127.0.0.1") == 1, log[-3000:]
    # Counted in the engine's metrics, read through `ctib metrics`.
    case.wait_metric("ctib_engine_auth_failures_total", lambda v: v == 3)
    case.wait_metric("ctib_engine_auth_bans_total", lambda v: v >= 1)
    case.wait_metric("ctib_engine_auth_refused_total", lambda v: v >= 1)
    time.sleep(4.2)
    register(case, contact_port=5997)
    assert "authentication ban of source 127.0.0.1 ended" in case.engine.read_log()


def call(case, scenario, status=None, port=None, subst=None, **kw):
    subst = dict(subst or {}, **({"STATUS": status} if status else {}))
    return case.sipp(scenario, remote=f"127.0.0.1:{port or case.internal}", subst=subst, **kw)


def hangup_of(case, uuid=None):
    case.stub.wait_action("hangup")
    return case.stub.of("hangup")[-1]


def unregistered_and_unknown_users(case):
    """dial.type=user: a directory user with no registration → 480
    USER_NOT_REGISTERED; a user not in the directory → 480 SUBSCRIBER_ABSENT;
    a registration that expired → USER_NOT_REGISTERED."""
    case.start_stub(lambda params: dial_user(params["destination_number"]))
    case.start_engine(config(case.stub.url(), case.internal, case.external, "reg.db"))
    for user, cause in (("1001", "USER_NOT_REGISTERED"), ("9999", "SUBSCRIBER_ABSENT")):
        n = len(case.stub.of("hangup"))
        case.expect_ok(call(case, "uac_rejected.xml", status=480, service=user))
        case.stub.wait_action("hangup", n + 1)
        assert case.stub.of("hangup")[-1]["hangup_cause"] == cause, case.stub.of("hangup")[-1]
    register(case, expires=2)
    assert [r["user"] for r in case.registrations()] == ["1000"], case.registrations()
    time.sleep(2.5)
    n = len(case.stub.of("hangup"))
    case.expect_ok(call(case, "uac_rejected.xml", status=480, service="1000"))
    case.stub.wait_action("hangup", n + 1)
    assert case.stub.of("hangup")[-1]["hangup_cause"] == "USER_NOT_REGISTERED"


def two_contacts_ring_in_parallel(case):
    """Two registrations of one user ring at once; the first to answer wins,
    the other is cancelled. The routing answer's number is the To user."""
    case.start_stub(dial_user("1000", "555"))
    case.start_engine(config(case.stub.url(), case.internal, case.external, "reg.db"))
    answering = case.sipp("uas_answer.xml", subst={"RING_MS": 600})
    ringing = case.sipp("uas_ring_until_cancel.xml")
    time.sleep(0.3)
    register(case, contact_port=answering.port)
    register(case, contact_port=ringing.port)
    caller = call(case, "uac_answered.xml", service="2000")
    case.expect_ok(caller)
    case.expect_ok(answering)
    case.expect_ok(ringing)
    for callee in (answering, ringing):
        invite = callee.received("INVITE")[0]
        assert harness.header(invite, "To").startswith("<sip:555@example.com"), invite
        assert f"INVITE sip:1000@127.0.0.1:{callee.port} " in invite, invite


def dialed_names_the_answering_contact(case):
    """Two registrations of one user; the second registered answers: the
    hangup's `dialed` names that contact as FreeSWITCH's sofia_contact()
    expands it (`sofia/internal/sip:1000@127.0.0.1:PORT`), not `user/1000`."""
    case.start_stub(dial_user("1000"))
    case.start_engine(config(case.stub.url(), case.internal, case.external, "reg.db"))
    ringing = case.sipp("uas_ring_until_cancel.xml")
    answering = case.sipp("uas_answer.xml", subst={"RING_MS": 600})
    register(case, contact_port=ringing.port)
    register(case, contact_port=answering.port)
    caller = call(case, "uac_answered.xml", service="2000")
    case.expect_ok(caller)
    case.expect_ok(answering)
    case.expect_ok(ringing)
    hangup = hangup_of(case)
    assert hangup["dialed"] == f"sofia/internal/sip:1000@127.0.0.1:{answering.port}", hangup
    assert hangup["hangup_cause"] == "NORMAL_CLEARING", hangup


def call_phone_behind_nat(case, contact_host, contact_params, extra):
    """A phone registers with a Contact it cannot be reached at (see
    uac_register_and_wait.xml) and a call to user/1000 must reach it at the
    address its REGISTER came from: answered, ACKed and hung up by the caller
    (the BYE reaches it the same way). Returns (phone SIPp, its INVITE, the
    hangup notification)."""
    case.start_stub(dial_user("1000"))
    case.start_engine(config(case.stub.url(), case.internal, case.external, "reg.db"))
    dead = harness.free_port()  # handed out, never bound
    values = {"CONTACT_HOST": contact_host, "CONTACT_PORT": dead, "CONTACT_PARAMS": contact_params}
    ooc = os.path.join(case.work, "uas_flow_answer.xml")
    with open(os.path.join(regtest.SCENARIOS, "uas_flow_answer.xml")) as f:
        text = f.read()
    for k, v in values.items():
        text = text.replace(f"@{k}@", str(v))
    with open(ooc, "w") as f:
        f.write(text)
    phone = case.sipp("uac_register_and_wait.xml", remote=f"127.0.0.1:{case.internal}",
                      subst=dict(values, USER="1000", PASSWORD="secret", EXPIRES=60, HOLD_MS=60000),
                      extra=extra + ["-oocsf", ooc])
    regs = case.wait_registered("1000")
    contact = f"sip:1000@{contact_host}:{dead}{contact_params}"
    assert regs[0]["contact"] == contact, regs
    caller = call(case, "uac_answered.xml", service="2000")
    case.expect_ok(caller)
    hangup = hangup_of(case)
    assert hangup["hangup_cause"] == "NORMAL_CLEARING" and hangup["answer_epoch"] not in ("", "0"), hangup
    assert hangup["dialed"] == f"sofia/internal/{contact}", hangup
    phone.kill()  # it holds the socket for HOLD_MS; the call is over
    msgs = phone.messages()
    invites = phone.received("INVITE")
    assert len(invites) == 1, msgs[-3000:]
    assert phone.received("ACK") and phone.received("BYE"), msgs[-3000:]
    return phone, invites[0], hangup


def tcp_registration_is_reached_on_its_connection(case):
    """A phone registers over TCP (SIPp -t t1: one connection, which it also
    sends from) with a Contact on a port nobody listens on: a call to
    user/1000 reaches it over that same connection (INVITE, ACK, BYE), and
    our Contact in the INVITE names ;transport=tcp. Then a call received
    over TCP: the engine's 180 and 200 carry a Contact with ;transport=tcp."""
    _, invite, _ = call_phone_behind_nat(case, "127.0.0.1", ";transport=tcp", ["-t", "t1"])
    assert harness.header(invite, "Contact").endswith(";transport=tcp>"), invite

    # A call received over TCP: the Contact of our 180/200 names TCP, so the
    # caller's ACK, BYE and re-INVITE (and its answers to ours) stay on TCP.
    callee = case.sipp("uas_answer.xml")
    case.stub.route = lambda params: (200, {"dial": {"type": "ip", "number": "555", "sofia": "external",
                                                     "ip": f"127.0.0.1:{callee.port}"}}, 0)
    tcp_caller = call(case, "uac_answered.xml", service="2001", extra=["-t", "t1"])
    case.expect_ok(tcp_caller)
    case.expect_ok(callee)
    for status in ("SIP/2.0 180", "SIP/2.0 200"):
        response = tcp_caller.received(status)[0]
        assert harness.header(response, "Contact").endswith(";transport=tcp>"), response


def udp_registration_behind_nat_is_reached_at_its_source(case):
    """A phone behind NAT registers over UDP from 127.0.0.2 with a private
    Contact (192.0.2.1, unreachable): a call to user/1000 is sent to the
    REGISTER's source address and port (received/rport), and the caller's
    BYE follows the same way; the Request-URI stays the registered Contact."""
    _, invite, _ = call_phone_behind_nat(case, "192.0.2.1", "", ["-i", "127.0.0.2"])
    assert invite.startswith("INVITE sip:1000@192.0.2.1:"), invite


def registration_survives_restart(case):
    """Registrations are persisted (SQLite): after a restart, the user is
    still reachable at the contact it registered before."""
    case.start_stub(dial_user("1000"))
    text = config(case.stub.url(), case.internal, case.external, "reg.db")
    case.start_engine(text)
    callee = case.sipp("uas_answer.xml")
    time.sleep(0.3)
    register(case, contact_port=callee.port, expires=300)
    before = case.wait_registered("1000")
    case.engine.stop()
    case.start_engine(text, name="engine2")
    # The new engine's own admin API (engine2.log names its port) lists the
    # binding it read back from the database, contact unchanged.
    after = case.wait_registered("1000")
    assert [r["contact"] for r in after] == [r["contact"] for r in before], (before, after)
    assert f":{callee.port}" in after[0]["contact"], after
    case.expect_ok(call(case, "uac_answered.xml", service="2000"))
    case.expect_ok(callee)


def gateway(name, port, extra=""):
    return f"""
[gateways.{name}]
profile = "external"
proxy = "127.0.0.1:{port}"
caller-id-in-from = true
{extra}
"""


def invite_from_outside_acl_is_refused(case):
    """A profile with apply-inbound-acl and no auth-calls answers 403 to a
    source outside its lists, before any routing request; it is counted
    and logged."""
    case.start_stub(dial_user("1000"))
    case.start_engine(config(case.stub.url(), case.internal, case.external, "reg.db",
                             external_extra=f'cti_bridge = "{case.stub.url()} 1000 1500 1"\n'
                                            'apply-inbound-acl = ["trunks"]',
                             extra='[acls.trunks]\nallow = ["192.0.2.0/24"]\n'))
    for _ in range(2):
        case.expect_ok(call(case, "uac_rejected.xml", status=403, port=case.external, service="2000"))
    time.sleep(0.3)
    assert case.stub.requests == [], case.stub.requests
    # The admin API shows no call for them (refused before a call exists)...
    assert case.ctib("show", "calls")["count"] == 0
    status = case.ctib("status")
    assert status["calls"]["total"] == 0, status
    # ...but has no refusal counter yet (the engine's refused_total metric is
    # not instrumented, docs/metrics.md): the count and reason stay in the log.
    log = case.engine.read_log()
    assert "refused 403: source address not in apply-inbound-acl (2 refused so far)" in log, log[-3000:]


def invite_from_user_is_challenged(case):
    """auth-calls: the INVITE is challenged 407; the authenticated retry is
    routed with sip_auth_username, and the user's variables apply (1001's
    origination_caller_id_number reaches the carrier's From)."""
    carrier = harness.free_port()
    case.start_stub({"dial": {"type": "gateway", "gateway": "carrier", "number": "777"}})
    case.start_engine(config(case.stub.url(), case.internal, case.external, "reg.db",
                             profile_extra="auth-calls = true", extra=gateway("carrier", carrier)))
    callee = case.sipp("uas_answer.xml", port=carrier)
    time.sleep(0.3)
    phone = call(case, "uac_auth_invite.xml", service="2000", subst={"USER": "1001", "PASSWORD": "other"})
    case.expect_ok(phone)
    case.expect_ok(callee)
    requests = case.stub.of("request")
    assert len(requests) == 1, requests
    assert requests[0]["sip_auth_username"] == "1001", requests[0]
    assert requests[0]["sip_auth_realm"] == "example.com", requests[0]
    challenge = phone.received("SIP/2.0 407")[0]
    assert 'Proxy-Authenticate: Digest realm="example.com"' in challenge, challenge
    invite = callee.received("INVITE")[0]
    assert "sip:8001@" in harness.header(invite, "From"), invite


def gateway_registers_and_answers_challenges(case):
    """A gateway with register = true: REGISTER is challenged (401) and
    answered with the gateway's account (SIPp verifies the digest); the
    gateway goes REGED (UP); an INVITE through it is challenged (401) and
    answered once; at shutdown the gateway un-REGISTERs."""
    carrier_port = harness.free_port()
    case.start_stub({"dial": {"type": "gateway", "gateway": "carrier", "number": "777"}})
    # The un-REGISTER reuses the registration's Call-ID: SIPp must take it as
    # a new transaction, not a message of its finished first "call".
    carrier = case.sipp("uas_carrier_auth.xml", port=carrier_port, calls=3, extra=["-deadcall_wait", "1"],
                        subst={"USER": "gwuser", "PASSWORD": "gwpass", "EXPIRES": 120})
    time.sleep(0.3)
    case.start_engine(config(case.stub.url(), case.internal, case.external, "reg.db",
                             extra=gateway("carrier", carrier_port,
                                           'register = true\nusername = "gwuser"\npassword = "gwpass"\n'
                                           'extension = "95000"\nexpire-seconds = 600')))
    gw = case.wait_gateway("carrier", state="REGED", status="UP")
    assert gw["register"] is True and gw["last_registration_at"], gw
    case.expect_ok(call(case, "uac_answered.xml", service="2000"))
    case.engine.stop()
    case.expect_ok(carrier)
    # The un-REGISTER happens while the engine stops, when its admin API is
    # gone: the log is the only witness of the state change (SIPp's
    # `Expires: 0` REGISTER below is the one on the wire).
    log = case.engine.read_log()
    assert "gateway carrier: REGED -> UNREGISTER" in log, log[-3000:]
    registers = carrier.received("REGISTER")
    assert len(registers) == 4, registers
    assert "sip:95000@" in harness.header(registers[0], "Contact"), registers[0]
    assert harness.header(registers[0], "Expires") == "600", registers[0]
    assert harness.header(registers[-1], "Expires") == "0", registers[-1]
    invites = carrier.received("INVITE")
    assert len(invites) == 2 and harness.header(invites[1], "Authorization"), invites


def gateway_down_by_ping_fails_over(case):
    """A gateway whose OPTIONS pings go unanswered is marked DOWN (after the
    ping interval); a call to `dead|carrier` then fails the dead gateway at
    once with GATEWAY_DOWN, sends it no INVITE, and moves on to the next
    `|` group."""
    dead = regtest.SilentPeer()
    try:
        carrier_port = harness.free_port()
        dial = f"sofia/gateway/dead/777|sofia/gateway/carrier/777"
        case.start_stub({"dial": {"type": "dialstring", "dialstring": dial}})
        case.start_engine(config(case.stub.url(), case.internal, case.external, "reg.db",
                                 extra=gateway("dead", dead.port, "ping = 5") + gateway("carrier", carrier_port)))
        gw = case.wait_gateway("dead", state="NOREG", status="DOWN", timeout=12)
        assert gw["ping_count"] >= 1 and gw["ping"] == 5, gw
        assert case.ctib("sofia", "status", "gateway", "carrier")["status"] == "UP"
        assert "OPTIONS" in dead.methods(), dead.received
        callee = case.sipp("uas_answer.xml", port=carrier_port)
        started = time.time()
        case.expect_ok(call(case, "uac_answered.xml", service="2000"))
        case.expect_ok(callee)
        assert time.time() - started < 5, "failover waited"
        assert "INVITE" not in dead.methods(), dead.methods()
    finally:
        dead.close()


def rewrite_config(case, text):
    """The running engine's file, replaced (a reload reads it again)."""
    with open(case.engine.config, "w") as f:
        f.write(text)


def reload_removes_and_adds_a_gateway(case):
    """Reload without a restart: a registered gateway removed from the file
    un-REGISTERs (Expires: 0, answered to its challenge) and is gone from
    `sofia status gateway`; put back, it registers again at once."""
    carrier_port = harness.free_port()
    case.start_stub(dial_user("1000"))
    # Three transactions: REGISTER, the un-REGISTER of the removal (same
    # Call-ID, a new SIPp "call" thanks to -deadcall_wait), the REGISTER of
    # the gateway added back.
    carrier = case.sipp("uas_carrier_auth.xml", port=carrier_port, calls=3, extra=["-deadcall_wait", "1"],
                        subst={"USER": "gwuser", "PASSWORD": "gwpass", "EXPIRES": 120})
    time.sleep(0.3)
    base = config(case.stub.url(), case.internal, case.external, "reg.db")
    with_gateway = base + gateway("carrier", carrier_port,
                                  'register = true\nusername = "gwuser"\npassword = "gwpass"\nexpire-seconds = 600')
    case.start_engine(with_gateway)
    case.wait_gateway("carrier", state="REGED", status="UP")

    rewrite_config(case, base)
    report = case.ctib("reload")
    assert report["reloaded"] is True and any("carrier" in line for line in report["changed"]), report
    case.wait_ctib("gateway carrier gone", lambda a: all(g["name"] != "carrier" for g in a["gateways"]),
                   "sofia", "status", "gateway")
    # The un-REGISTER went out on the wire (the carrier saw Expires: 0)...
    deadline = time.time() + 10
    while time.time() < deadline and not any(harness.header(r, "Expires") == "0"
                                             for r in carrier.received("REGISTER")):
        time.sleep(0.1)
    unregisters = [r for r in carrier.received("REGISTER") if harness.header(r, "Expires") == "0"]
    assert unregisters, carrier.received("REGISTER")

    # ...and the gateway put back registers again, without a restart.
    rewrite_config(case, with_gateway)
    report = case.ctib("reload")
    assert any("carrier" in line for line in report["changed"]), report
    case.wait_gateway("carrier", state="REGED", status="UP")
    case.expect_ok(carrier)
    registers = carrier.received("REGISTER")
    assert [harness.header(r, "Expires") for r in registers].count("600") >= 2, registers


def reload_adds_and_removes_users(case):
    """Reload switches the directory at once: a user added to [users] can
    register right after; a removed user's registration is dropped and its
    REGISTER is refused (403), while the others stay registered."""
    case.start_stub(dial_user("1000"))
    base = config(case.stub.url(), case.internal, case.external, "reg.db")
    case.start_engine(base)
    register(case, user="1001", password="other")
    register(case, user="1000")
    case.wait_registered("1001")

    # 1001 removed, 1002 added.
    removed = '[users.1001]\npassword = "other"\n[users.1001.variables]\norigination_caller_id_number = "8001"'
    assert removed in base
    rewrite_config(case, base.replace(removed, '[users.1002]\npassword = "third"'))
    report = case.ctib("reload")
    assert report["reloaded"] is True, report
    case.wait_registered("1001", registered=False)
    assert [r["user"] for r in case.registrations()] == ["1000"], case.registrations()
    register(case, user="1002", password="third")
    case.wait_registered("1002")
    register(case, user="1001", password="other", final=403)
    assert sorted(r["user"] for r in case.registrations()) == ["1000", "1002"], case.registrations()


CASES = {
    "tcp_registration_is_reached_on_its_connection": tcp_registration_is_reached_on_its_connection,
    "udp_registration_behind_nat_is_reached_at_its_source": udp_registration_behind_nat_is_reached_at_its_source,
    "dialed_names_the_answering_contact": dialed_names_the_answering_contact,
    "reload_removes_and_adds_a_gateway": reload_removes_and_adds_a_gateway,
    "reload_adds_and_removes_users": reload_adds_and_removes_users,
    "gateway_down_by_ping_fails_over": gateway_down_by_ping_fails_over,
    "gateway_registers_and_answers_challenges": gateway_registers_and_answers_challenges,
    "invite_from_outside_acl_is_refused": invite_from_outside_acl_is_refused,
    "invite_from_user_is_challenged": invite_from_user_is_challenged,
    "unregistered_and_unknown_users": unregistered_and_unknown_users,
    "two_contacts_ring_in_parallel": two_contacts_ring_in_parallel,
    "registration_survives_restart": registration_survives_restart,
    "register_with_auth": register_with_auth,
    "wrong_password": wrong_password,
    "guessing_bans_the_source": guessing_bans_the_source,
}

if __name__ == "__main__":
    sys.exit(regtest.main(CASES))
