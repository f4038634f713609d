"""play_and_get_digits (docs/protocol.md §2.1.2, docs/media.md "Prompts and
digits") through a real rtpengine started with --dtmf-log-dest at the
engine's [media] dtmf-listen. Same runner, options and rules as run.py:

    python3 tests/sipp/digits.py <case> --engine build/dev/engine/app/ctib-engine

What is checked: the caller gets a 183 with rtpengine's SDP and prompt RTP
from rtpengine's port; the RFC 2833 digits a SIPp caller sends (sip-tester's
dtmf_2833_*.pcap) reach the routing stub in a second request for the same
uuid (`ctib_digits=12&read_result=success`), whose answer dials the callee;
no input ends in `read_result=timeout`; a caller who hangs up while the
prompt plays ends the call once, with rtpengine holding nothing after.
"""

import os
import struct
import sys
import wave

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run  # noqa: E402
from harness import RtpSink, Rtpengine, answer_gateway, free_port  # noqa: E402
from media import media_section, sdp_addr, wait_for  # noqa: E402
from run import case, check_notifications, expect_hangup, first  # noqa: E402


def prompt_wav(directory, seconds=0.6):
    """A 440 Hz tone rtpengine can read (16-bit mono 8 kHz WAV)."""
    path = os.path.join(directory, "prompt.wav")
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        frames = bytearray()
        for i in range(int(8000 * seconds)):
            frames += struct.pack("<h", 8000 if (i // 9) % 2 else -8000)
        w.writeframes(bytes(frames))
    return path


def digits_answer(prompt, **params):
    dial = {"type": "play_and_get_digits", "min_digits": 1, "max_digits": 4, "file": prompt}
    dial.update(params)
    return {"variables": {}, "dial": dial}


def start(c, route, with_media=True):
    """rtpengine with its DTMF log aimed at the engine, the stub, the engine."""
    dtmf_port = free_port()
    # The digits callers send (RFC 2833), as JSON over UDP (play_and_get_digits).
    rtp = Rtpengine(c.dir, extra=[f"--dtmf-log-dest=127.0.0.1:{dtmf_port}"]) if with_media else None
    stub = c.stub(route)
    tones = os.path.join(c.dir, "tones")
    extra = media_section(rtp.address, f'dtmf-listen = "127.0.0.1:{dtmf_port}"\ntone-dir = "{tones}"') if rtp else ""
    c.engine(stub.url(), extra=extra)
    return rtp, stub


def one_call(stub):
    """The uuid of the only call: every routing request (first and after
    the digits) names the same one."""
    uuids = set(stub.uuids())
    assert len(uuids) == 1, f"expected one call, got {uuids}"
    return uuids.pop()


def requests_of(stub, uuid):
    return [r for r in stub.requests if r.get("action") == "request" and r.get("uuid") == uuid]


@case
def digits_collected(c):
    """A SIPp caller hears the prompt (183 with rtpengine's SDP), sends
    1, 2, # as RFC 2833 events; the stub gets a second request for the same
    uuid with every first-request parameter and ctib_digits=12,
    read_result=success last, and dials the callee, who answers; one hangup
    notification; rtpengine holds nothing after."""
    prompt = prompt_wav(c.dir)

    def route(p):
        if "read_result" not in p:
            return 200, digits_answer(prompt, tries=2, timeout=3000, digit_timeout=3000, terminators="#"), 0
        if p["read_result"] == "success" and p.get("ctib_digits") == "12":
            return 200, answer_gateway("carrier", "139"), 0
        return 200, {"dial": {"type": "hangup", "cause": "UNALLOCATED_NUMBER"}}, 0

    rtp, stub = start(c, route)
    try:
        callee = c.uas("uas_answer.xml")
        caller = c.uac("uac_digits.xml", subst={"FIRST_DIGIT_MS": 200, "HOLD_MS": 500})
        c.ok(caller, callee)
        uuid = one_call(stub)
        h = check_notifications(stub, uuid)
        expect_hangup(h, "NORMAL_CLEARING", "caller", 200)
        first_req, second = requests_of(stub, uuid)
        assert second["ctib_digits"] == "12" and second["read_result"] == "success", second
        keys = [k for k in second if not k.startswith("_")]
        assert keys[-2:] == ["ctib_digits", "read_result"], keys
        for k, v in first_req.items():
            if not k.startswith("_"):
                assert second[k] == v, f"{k}: {second[k]!r} != {v!r}"
        early = first(caller, "SIP/2.0 183")
        _, port_a, _ = sdp_addr(early)
        assert rtp.owns(port_a), f"183 SDP is not rtpengine's:\n{early}"
        offer = first(callee, "INVITE")
        _, port_b, _ = sdp_addr(offer)
        assert rtp.owns(port_b), f"callee not offered rtpengine's port:\n{offer}"
        wait_for(lambda: rtp.calls() == [], "rtpengine to hold no call")
    finally:
        rtp.stop()


@case
def digits_by_info(c):
    """The caller answers the prompt with SIP INFO (application/dtmf-relay)
    in the early dialog: each INFO is answered 200, the second request has
    ctib_digits=3&read_result=success, the callee is dialled and answers."""
    prompt = prompt_wav(c.dir)

    def route(p):
        if "read_result" not in p:
            return 200, digits_answer(prompt, timeout=3000), 0
        if p["read_result"] == "success" and p.get("ctib_digits") == "3":
            return 200, answer_gateway("carrier", "139"), 0
        return 200, {"dial": {"type": "hangup", "cause": "UNALLOCATED_NUMBER"}}, 0

    rtp, stub = start(c, route)
    try:
        callee = c.uas("uas_answer.xml")
        caller = c.uac("uac_digits_info.xml", subst={"FIRST_DIGIT_MS": 100, "HOLD_MS": 300})
        c.ok(caller, callee)
        uuid = one_call(stub)
        expect_hangup(check_notifications(stub, uuid), "NORMAL_CLEARING", "caller", 200)
        _, second = requests_of(stub, uuid)
        assert second["ctib_digits"] == "3" and second["read_result"] == "success", second
        wait_for(lambda: rtp.calls() == [], "rtpengine to hold no call")
    finally:
        rtp.stop()


@case
def digits_timeout(c):
    """No digit in two tries: the caller receives the prompt's RTP from
    rtpengine's port (twice), the second request says read_result=timeout
    with an empty ctib_digits, and its hangup answer (sipcode 404) reaches
    the caller. The prompt is FreeSWITCH tone syntax, rendered by the engine
    to a WAV in tone-dir."""
    prompt = "tone_stream://%(400,100,440)"
    sink = RtpSink()

    def route(p):
        if "read_result" not in p:
            return 200, digits_answer(prompt, tries=2, timeout=300), 0
        return 200, {"dial": {"type": "hangup", "sipcode": 404}}, 0

    rtp, stub = start(c, route)
    try:
        caller = c.uac("uac_digits_rejected.xml", subst={"RTP_PORT": sink.port, "STATUS": 404})
        c.ok(caller)
        uuid = one_call(stub)
        h = check_notifications(stub, uuid)
        expect_hangup(h, "UNALLOCATED_NUMBER", "system", 404)
        _, second = requests_of(stub, uuid)
        assert second["ctib_digits"] == "" and second["read_result"] == "timeout", second
        _, port_a, _ = sdp_addr(first(caller, "SIP/2.0 183"))
        assert rtp.owns(port_a)
        prompt_rtp = [src for src, pt in sink.packets if pt == 0]
        assert len(prompt_rtp) >= 20, f"expected the prompt's PCMU RTP, got {len(sink.packets)} packets"
        assert set(prompt_rtp) == {("127.0.0.1", port_a)}, f"prompt RTP not from rtpengine's {port_a}: {set(prompt_rtp)}"
        assert os.path.exists(os.path.join(c.dir, "tones", "tone-400-100-440.wav"))
        wait_for(lambda: rtp.calls() == [], "rtpengine to hold no call")
    finally:
        sink.stop()
        rtp.stop()


@case
def digits_caller_cancel(c):
    """The caller hangs up (CANCEL) while the prompt plays: 487, one hangup
    notification ORIGINATOR_CANCEL by caller, no second routing request,
    rtpengine's session deleted."""
    prompt = prompt_wav(c.dir, seconds=5)
    sink = RtpSink()
    rtp, stub = start(c, lambda p: (200, digits_answer(prompt, timeout=10000), 0))
    try:
        caller = c.uac("uac_digits_cancel.xml", subst={"RTP_PORT": sink.port, "WAIT_MS": 800})
        c.ok(caller)
        uuid = one_call(stub)
        h = check_notifications(stub, uuid)
        expect_hangup(h, "ORIGINATOR_CANCEL", "caller", 487)
        assert len(requests_of(stub, uuid)) == 1
        assert sink.packets, "no prompt RTP before the CANCEL"
        wait_for(lambda: rtp.calls() == [], "rtpengine to hold no call")
    finally:
        sink.stop()
        rtp.stop()


@case
def digits_not_anchored(c):
    """Without [media] a play_and_get_digits answer cannot be carried out:
    the call ends with DESTINATION_OUT_OF_ORDER (502), by system."""
    rtp, stub = start(c, lambda p: (200, digits_answer("/nonexistent.wav"), 0), with_media=False)
    caller = c.uac("uac_rejected.xml", subst={"STATUS": 502})
    c.ok(caller)
    uuid = one_call(stub)
    h = check_notifications(stub, uuid)
    expect_hangup(h, "DESTINATION_OUT_OF_ORDER", "system", 502)


if __name__ == "__main__":
    sys.exit(run.main())
