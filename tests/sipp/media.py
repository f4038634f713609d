"""Media anchoring through a real rtpengine (docs/media.md): the engine's
[media] section, SIPp callers sending real RTP (sip-tester's g711a.pcap),
callees whose RTP endpoint is a socket of this test, and rtpengine
stand-ins that answer errors or never. Same runner, options and rules as
run.py:

    python3 tests/sipp/media.py <case> --engine build/dev/engine/app/ctib-engine

What is checked comes from the packets and the SDP: the callee is offered
rtpengine's address and ports, and gets RTP from them, transcoded to the
codec it accepts; rtpengine holds no session once the call ended (ng
`list`). The failure cases end the call with the documented cause
(DESTINATION_OUT_OF_ORDER, 502), or dial without anchoring under
media-fallback = "bypass".
"""

import datetime
import glob
import os
import re
import sys
import time
import wave

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run  # noqa: E402
from harness import NgStub, RtpSink, Rtpengine, answer_gateway, header  # noqa: E402
from run import case, check_notifications, expect_hangup, first, one_call  # noqa: E402


def media_section(address, extra=""):
    return f'\n[media]\nrtpengine = ["{address}"]\ntimeout-ms = 200\nretries = 1\n{extra}\n'


def sdp_addr(message):
    c = re.search(r"^c=IN IP4 (\S+)", message, re.MULTILINE)
    m = re.search(r"^m=audio (\d+) RTP/AVP ([\d ]+)", message, re.MULTILINE)
    assert c and m, f"no c=/m=audio in\n{message}"
    return c.group(1), int(m.group(1)), m.group(2).split()


def wait_for(predicate, what, timeout=10.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


@case
def anchored_transcoded_call(c):
    """A PCMA-only caller and a PCMU-only callee, anchored: the callee is
    offered rtpengine's address (with PCMU added for transcoding), 183 early
    media and 200 reach the caller with rtpengine's address, the callee
    receives RTP from rtpengine's port transcoded to PCMU, and rtpengine
    holds nothing after the BYE."""
    rtp = Rtpengine(c.dir)
    sink = RtpSink()
    try:
        stub = c.stub(lambda p: (200, answer_gateway("carrier", "139"), 0))
        c.engine(stub.url(), extra=media_section(rtp.address))
        callee = c.uas("uas_media_pcmu.xml", subst={"RTP_PORT": sink.port, "EARLY": 183})
        caller = c.uac("uac_media_pcma.xml", subst={"HOLD_MS": 2000})
        c.ok(caller, callee)
        uuid = one_call(stub)
        h = check_notifications(stub, uuid)
        expect_hangup(h, "NORMAL_CLEARING", "caller", 200)

        offer = first(callee, "INVITE")
        ip, port_b, payloads = sdp_addr(offer)
        assert ip == "127.0.0.1" and rtp.owns(port_b), f"callee not offered rtpengine's port:\n{offer}"
        assert "0" in payloads and "8" in payloads, f"PCMU not added for transcoding: {payloads}"
        early = first(caller, "SIP/2.0 183")
        _, port_a_early, _ = sdp_addr(early)
        assert rtp.owns(port_a_early), f"183 SDP is not rtpengine's:\n{early}"
        ok = first(caller, "SIP/2.0 200")
        _, port_a, answer_payloads = sdp_addr(ok)
        assert rtp.owns(port_a), f"200 SDP is not rtpengine's:\n{ok}"
        assert answer_payloads[0] == "8", f"the caller must get its own codec back: {answer_payloads}"
        assert port_a != port_b

        wait_for(lambda: len(sink.packets) >= 10, "RTP at the callee")
        sources = {src for src, _ in sink.packets}
        assert sources == {("127.0.0.1", port_b)}, f"RTP not from rtpengine's B port {port_b}: {sources}"
        pts = {pt for _, pt in sink.packets}
        assert pts == {0}, f"expected PCMU (0) transcoded from the caller's PCMA: {pts}"
        wait_for(lambda: rtp.calls() == [], "rtpengine to hold no call")
    finally:
        sink.stop()
        rtp.stop()


def refused_by_relay(c, relay_address):
    """One anchored call whose relay fails: the caller gets 502, the hangup
    says DESTINATION_OUT_OF_ORDER by system, the callee is never called; a
    second call with bypass_media=true goes through (other calls go on)."""
    calls = []

    def route(p):
        calls.append(p)
        if len(calls) == 1:
            return 200, answer_gateway("carrier", "139"), 0
        return 200, answer_gateway("carrier", "139", {"bypass_media": "true"}), 0

    stub = c.stub(route)
    c.engine(stub.url(), extra=media_section(relay_address))
    caller = c.uac("uac_rejected.xml", subst={"STATUS": 502})
    c.ok(caller)
    uuid = one_call(stub)
    h = check_notifications(stub, uuid)
    expect_hangup(h, "DESTINATION_OUT_OF_ORDER", "system", 502, q850=27)
    reason = header(first(caller, "SIP/2.0 502"), "Reason")
    assert reason and "cause=27" in reason, reason
    callee = c.uas("uas_answer.xml")
    second = c.uac("uac_answered.xml")
    c.ok(second, callee)
    _, _, payloads = sdp_addr(first(callee, "INVITE"))
    assert payloads == ["0", "8", "18", "101"], f"bypassed call not offered the caller's SDP: {payloads}"


@case
def relay_down(c):
    """Nothing listens on the ng port."""
    stub = NgStub(None)
    address = stub.address
    stub.stop()  # the port is now closed: datagrams to it are refused
    refused_by_relay(c, address)


@case
def relay_error(c):
    """rtpengine answers `result: error`."""
    relay = NgStub({"result": "error", "error-reason": "Ran out of ports"})
    try:
        refused_by_relay(c, relay.address)
        assert "offer" in relay.commands, relay.commands
    finally:
        relay.stop()


@case
def relay_silent(c):
    """rtpengine never answers: the offer is sent 2 times (retries = 1) and
    the call ends; the delete for it is sent too."""
    relay = NgStub(None)
    try:
        refused_by_relay(c, relay.address)
        assert relay.commands.count("offer") == 2, relay.commands
        wait_for(lambda: "delete" in relay.commands, "the delete")
    finally:
        relay.stop()


@case
def relay_silent_fallback_bypass(c):
    """media-fallback = "bypass": a silent relay does not end the call, it is
    dialled with the caller's own SDP."""
    relay = NgStub(None)
    try:
        stub = c.stub(lambda p: (200, answer_gateway("carrier", "139"), 0))
        c.engine(stub.url(), extra=media_section(relay.address, 'media-fallback = "bypass"'))
        callee = c.uas("uas_answer.xml")
        caller = c.uac("uac_answered.xml")
        c.ok(caller, callee)
        h = check_notifications(stub, one_call(stub))
        expect_hangup(h, "NORMAL_CLEARING", "caller", 200)
        invite = first(callee, "INVITE")
        _, port, payloads = sdp_addr(invite)
        assert payloads == ["0", "8", "18", "101"], f"not the caller's own offer: {payloads}"
    finally:
        relay.stop()


@case
def gateway_bypasses_media(c):
    """Per gateway: `[gateways.carrier.variables] bypass_media = "true"`
    passes the calls through that gateway without asking the relay (a
    relay that never answers would end them), with the caller's own SDP;
    the same engine anchors a call to an IP leg."""
    relay = NgStub(None)
    try:
        calls = []

        def route(p):
            calls.append(p)
            if len(calls) == 1:
                return 200, answer_gateway("carrier", "139"), 0
            return 200, {"dial": {"type": "ip", "number": "139", "ip": f"127.0.0.1:{c.pc}",
                                  "sofia": "external"}}, 0
        stub = c.stub(route)
        c.engine(stub.url(), extra=media_section(relay.address) +
                 '\n[gateways.carrier.variables]\nbypass_media = "true"\n')
        callee = c.uas("uas_answer.xml")
        caller = c.uac("uac_answered.xml")
        c.ok(caller, callee)
        _, _, payloads = sdp_addr(first(callee, "INVITE"))
        assert payloads == ["0", "8", "18", "101"], f"not the caller's own offer: {payloads}"
        assert "offer" not in relay.commands, relay.commands
        # The second call goes to an IP leg, which the gateway's variable
        # does not cover: it asks the (silent) relay and ends.
        refused = c.uac("uac_rejected.xml", subst={"STATUS": 502})
        c.ok(refused)
        assert relay.commands.count("offer") == 2, relay.commands
    finally:
        relay.stop()


@case
def anchored_hold(c):
    """Hold (the caller's UPDATE with a=sendonly, relayed as a re-INVITE)
    goes through rtpengine's offer/answer: the callee gets the hold with
    rtpengine's address and the same port as before, the caller the
    callee's a=recvonly answer with rtpengine's; resume is the same
    exchange (not run here: the SIPp scenarios hold only)."""
    rtp = Rtpengine(c.dir)
    try:
        stub = c.stub(lambda p: (200, answer_gateway("carrier", "139"), 0))
        c.engine(stub.url(), extra=media_section(rtp.address))
        callee = c.uas("uas_reinvite_answer.xml")
        caller = c.uac("uac_update_offer.xml")
        c.ok(caller, callee)
        invites = callee.received("INVITE")
        assert len(invites) == 2 and "a=sendonly" in invites[1], invites
        _, port_first, _ = sdp_addr(invites[0])
        ip, port_hold, _ = sdp_addr(invites[1])
        assert ip == "127.0.0.1" and rtp.owns(port_hold) and port_hold == port_first, invites[1]
        oks = caller.received("SIP/2.0 200")
        held = [m for m in oks if "recvonly" in m]
        assert held, oks
        _, port_a, _ = sdp_addr(held[0])
        assert rtp.owns(port_a), held[0]
        h = check_notifications(stub, one_call(stub))
        expect_hangup(h, "NORMAL_CLEARING", "caller", 200)
        wait_for(lambda: rtp.calls() == [], "rtpengine to hold no call")
    finally:
        rtp.stop()


@case
def rtp_timeout(c):
    """rtp-timeout-sec = 2 on the caller's profile, and neither side sends
    RTP: the engine's query poll finds no packets and ends the answered
    call itself, BYE to both, MEDIA_TIMEOUT by system; rtpengine is left
    with no session."""
    rtp = Rtpengine(c.dir)
    try:
        stub = c.stub(lambda p: (200, answer_gateway("carrier", "139"), 0))
        c.engine(stub.url(), extra=media_section(rtp.address), extra_profile="rtp-timeout-sec = 2")
        callee = c.uas("uas_answer.xml")
        caller = c.uac("uac_callee_hangs_up.xml")
        c.ok(caller, callee)
        h = check_notifications(stub, one_call(stub))
        expect_hangup(h, "MEDIA_TIMEOUT", "system", 200)
        reason = header(first(caller, "BYE"), "Reason")
        assert reason and "MEDIA_TIMEOUT" in reason, reason
        wait_for(lambda: rtp.calls() == [], "rtpengine to hold no call")
    finally:
        rtp.stop()


def trace_times(sipp):
    """(time in seconds, "sent"/"received", first line) of each message in
    SIPp's -trace_msg log, whose separator lines carry the time."""
    out = []
    for m in re.finditer(r"-{10,} (\d{4}-\d\d-\d\d)\s+(\d\d:\d\d:\d\d\.\d+)\n[^\n]*message (sent|received)[^\n]*\n+"
                         r"\s*([^\n]+)", sipp.messages()):
        when = datetime.datetime.strptime(f"{m.group(1)} {m.group(2)}", "%Y-%m-%d %H:%M:%S.%f").timestamp()
        out.append((when, m.group(3), m.group(4).strip()))
    return out


def recording_section(rtp_address, spool, recordings, wait_ms=5000):
    return media_section(rtp_address, f'recordings-dir = "{recordings}"\n'
                                      f'rtpengine-recording-dir = "{spool}"\nrecording-wait-ms = {wait_ms}')


def pcap_recording(spool):
    """rtpengine's options for a pcap recording into `spool` (docs/media.md)."""
    return ["--recording-method=pcap", f"--recording-dir={spool}", "--recording-format=raw"]


@case
def recorded_call(c):
    """ctib_record=true on an anchored call where both sides send G.711 A-law
    (sip-tester's g711a.pcap) for 3 s: rtpengine records the call as pcap,
    the engine mixes it into <recordings-dir>/<uuid>.wav, a valid 8 kHz mono
    WAV that is not silence, as long as the call was answered (within
    0.5 s, measured from the caller's own SIP trace); the hangup carries
    record_file, record_ms and record_seconds, and rtpengine's pcap and
    metadata are gone."""
    spool = os.path.join(c.dir, "rtpengine-recording")
    recordings = os.path.join(c.dir, "recordings")
    rtp = Rtpengine(c.dir, extra=pcap_recording(spool))
    try:
        stub = c.stub(lambda p: (200, answer_gateway("carrier", "139", {"ctib_record": "true"}), 0))
        c.engine(stub.url(), extra=recording_section(rtp.address, spool, recordings))
        callee = c.uas("uas_media_record.xml")
        caller = c.uac("uac_media_pcma.xml", subst={"HOLD_MS": 3000})
        c.ok(caller, callee)
        uuid = one_call(stub)
        h = check_notifications(stub, uuid)
        expect_hangup(h, "NORMAL_CLEARING", "caller", 200)
        for f in ("record_file", "record_ms", "record_seconds"):
            assert f in h, f"hangup lacks {f}: {h}"
        assert h["record_file"] == os.path.join(recordings, f"{uuid}.wav"), h
        record_ms = int(h["record_ms"])
        assert int(h["record_seconds"]) == record_ms // 1000, h

        with wave.open(h["record_file"], "rb") as w:
            assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, 8000), w.getparams()
            frames = w.getnframes()
            audio = w.readframes(frames)
        assert frames * 1000 // 8000 == record_ms, (frames, record_ms)
        loudest = max(abs(int.from_bytes(audio[i:i + 2], "little", signed=True)) for i in range(0, len(audio), 2))
        assert loudest > 1000, f"the recording is silence (peak {loudest})"

        times = trace_times(caller)
        answered = next(t for t, d, line in times if d == "received" and line.startswith("SIP/2.0 200"))
        bye = next(t for t, d, line in times if d == "sent" and line.startswith("BYE"))
        assert abs(record_ms / 1000 - (bye - answered)) <= 0.5, \
            f"recording {record_ms} ms, call answered for {bye - answered:.3f} s"
        print(f"recording {record_ms} ms, call answered for {bye - answered:.3f} s, peak {loudest}")
        assert glob.glob(os.path.join(spool, "pcaps", "*")) == [], os.listdir(os.path.join(spool, "pcaps"))
        assert glob.glob(os.path.join(spool, "metadata", "*")) == []
        wait_for(lambda: rtp.calls() == [], "rtpengine to hold no call")
    finally:
        rtp.stop()


@case
def recording_fails(c):
    """Recording asked but impossible, the call unharmed: (1) rtpengine runs
    without a recording method, so no pcap ever comes: after
    recording-wait-ms the hangup is sent without record_file; (2)
    bypass_media=true with ctib_record=true: nothing to record. Both calls
    end NORMAL_CLEARING, answered, and no WAV is written."""
    spool = os.path.join(c.dir, "rtpengine-recording")
    recordings = os.path.join(c.dir, "recordings")
    rtp = Rtpengine(c.dir)
    try:
        answers = iter([{"ctib_record": "true"}, {"ctib_record": "true", "bypass_media": "true"}])
        stub = c.stub(lambda p: (200, answer_gateway("carrier", "139", next(answers)), 0))
        c.engine(stub.url(), extra=recording_section(rtp.address, spool, recordings, wait_ms=500))
        callee = c.uas("uas_media_record.xml", calls=2)
        for _ in range(2):
            c.ok(c.uac("uac_media_pcma.xml", subst={"HOLD_MS": 1000}))
        c.ok(callee)
        uuids = stub.uuids()
        assert len(uuids) == 2, uuids
        for uuid in uuids:
            h = check_notifications(stub, uuid)
            expect_hangup(h, "NORMAL_CLEARING", "caller", 200)
            assert "record_file" not in h and "record_ms" not in h, h
        assert not os.path.exists(recordings) or os.listdir(recordings) == []
        wait_for(lambda: rtp.calls() == [], "rtpengine to hold no call")
    finally:
        rtp.stop()


if __name__ == "__main__":
    sys.exit(run.main())
