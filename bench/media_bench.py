"""The media section (issue 10): what anchoring a call's media in rtpengine
costs, against the same calls passed through, in one sitting.

* rate steps: at each of `--media-rates` calls/s, a step with the SDP passed
  through (no `[media]`), then the same step anchored (three ng exchanges a
  call: offer, answer, delete). Engine CPU per call for both (the difference
  is what anchoring adds to the engine), rtpengine's CPU per call on its
  own, failed calls, post-dial delay.
* held: `--media-held` anchored calls up at once with RTP flowing from every
  caller (SIPp plays Debian's G.711 A-law capture in a loop; the callee
  answers PCMA, so rtpengine forwards without transcoding). Sessions
  rtpengine holds, the RTP it relays (sampled with ng `query`), engine and
  rtpengine CPU and RSS while the calls are held, failed calls.

rtpengine is Debian's (userspace forwarding, `--table=-1`) on the load CPU
beside SIPp; the engine alone on CPU 0 as everywhere in the suite.
"""

import os
import random
import socket
import time

from benchlib import cpu_ms, free_port, rss_kib, wait_until
import harness  # tests/sipp/harness.py: the ng client (bencode over UDP)
from sip_bench import SCENARIOS, LOAD_CPU, Callee, CallerRun, Engine, RouteStub, rate_step

PCAP = "/usr/share/sip-tester/g711a.pcap"
PCAP_SECONDS = 7.1  # the capture's 236 packets span 7.05 s


class Rtpengine:
    """Debian's rtpengine on loopback, started and stopped through ctx.procs."""

    def __init__(self, ctx, name, port_min, port_max):
        self.ng_port = free_port()
        cmd = harness.rtpengine_command(self.ng_port, port_min, port_max, 4)
        self.proc = ctx.procs.start(name, cmd, os.path.join(ctx.dir, f"{name}.log"), cpus=LOAD_CPU)
        self.pid = self.proc.pid

        def pong():
            try:
                return self.ng({"command": "ping"}, timeout=0.2).get("result") == "pong"
            except (socket.timeout, ConnectionRefusedError):
                return False
        wait_until(pong, 10, "rtpengine ping")

    def ng(self, command, timeout=2.0):
        return harness.ng_request(self.ng_port, command, timeout)

    def media_section(self):
        return f'\n[media]\nrtpengine = ["127.0.0.1:{self.ng_port}"]\n'

    def call_ids(self):
        reply = self.ng({"command": "list", "limit": 100000}, timeout=5.0)
        return reply.get("calls", []) if reply.get("result") == "ok" else []

    def rtp_packets(self, call_id):
        """RTP packets rtpengine received for one call, all its streams."""
        reply = self.ng({"command": "query", "call-id": call_id})

        def walk(v):
            if isinstance(v, dict):
                stats = v.get("stats")
                own = int(stats.get("packets", 0)) if isinstance(stats, dict) and "medias" not in v else 0
                return own + sum(walk(x) for k, x in v.items() if k not in ("stats", "totals"))
            if isinstance(v, list):
                return sum(walk(x) for x in v)
            return 0
        return walk(reply.get("tags", {}))


def scenario_variants(ctx, loops):
    """The suite's caller and callee, rewritten: the caller plays the PCMA
    capture `loops` times instead of pausing -d ms; the callee answers PCMA."""
    with open(os.path.join(SCENARIOS, "uac_call.xml")) as f:
        uac = f.read()
    play = f"""  <nop><action><assign assign_to="n" value="0"/></action></nop>
  <label id="1"/>
  <nop><action><exec play_pcap_audio="{PCAP}"/></action></nop>
  <pause milliseconds="{int(PCAP_SECONDS * 1000)}"/>
  <nop><action><add assign_to="n" value="1"/>
    <test assign_to="again" variable="n" compare="less_than" value="{loops}"/></action></nop>
  <nop next="1" test="again"/>
"""
    assert "  <pause/>\n" in uac
    uac = uac.replace("  <pause/>\n", play).replace('name="uac_call"', 'name="uac_call_rtp"')
    with open(os.path.join(SCENARIOS, "uas_call.xml")) as f:
        uas = f.read()
    assert "RTP/AVP 0\n      a=rtpmap:0 PCMU/8000" in uas
    uas = uas.replace("RTP/AVP 0\n      a=rtpmap:0 PCMU/8000", "RTP/AVP 8\n      a=rtpmap:8 PCMA/8000")
    paths = []
    for name, text in (("uac_call_rtp.xml", uac), ("uas_call_pcma.xml", uas)):
        path = os.path.join(ctx.dir, name)
        with open(path, "w") as f:
            f.write(text)
        paths.append(path)
    return paths


def rate_steps(ctx, a, rtp, stub):
    rows = []
    for rate in a.media_rates:
        for mode in ("bypass", "anchored"):
            callee = Callee(ctx, f"callee-media-{mode}-{rate}")
            sut = Engine(ctx, callee.port, stub.url(), name=f"engine-media-{mode}-{rate}",
                         extra_sections=rtp.media_section() if mode == "anchored" else "")
            try:
                before = cpu_ms(rtp.pid)
                step = rate_step(ctx, sut, sut.port, rate, a.step_seconds, a.hold_ms, f"media-{mode}-{rate}", stub)
                spent = cpu_ms(rtp.pid) - before
                step["mode"] = mode
                step["rtpengine_cpu_ms_per_call"] = spent / step["successful"] if step["successful"] else float("nan")
                step["exit"] = ctx.procs.stop(sut.proc)
                step["sessions_left"] = len(rtp.call_ids())
            finally:
                ctx.procs.stop(sut.proc)
                ctx.procs.stop(callee.proc)
            ctx.log(f"  media {mode} {rate} cps: rtpengine cpu/call {step['rtpengine_cpu_ms_per_call']:.3f} ms, "
                    f"sessions left {step['sessions_left']}")
            rows.append(step)
    return rows


def held(ctx, a, rtp, stub):
    n = a.media_held
    rate = a.media_held_rate
    ramp_s = n / rate
    window = a.media_window_s
    loops = max(1, int((ramp_s + window + 4) / PCAP_SECONDS) + 1)
    uac, uas = scenario_variants(ctx, loops)
    callee = Callee(ctx, "callee-media-held", scenario=uas)
    engine = Engine(ctx, callee.port, stub.url(), name="engine-media-held", extra_sections=rtp.media_section())
    try:
        CallerRun(ctx, engine.port, 10, 10, 100, "media-held-warmup").finish()
        baseline = rss_kib(engine.pid)
        rtp_baseline = rss_kib(rtp.pid)
        run = CallerRun(ctx, engine.port, rate, n, int(loops * PCAP_SECONDS * 1000), f"media-held-{n}",
                        scenario=uac)
        # The calls refused on the way (the engine's load guard answers 503)
        # are counted as failed below; what is up after the ramp is measured.
        time.sleep(ramp_s + 2.0)
        sessions = rtp.call_ids()
        sample = random.sample(sessions, min(10, len(sessions)))
        e0, r0, t0 = cpu_ms(engine.pid), cpu_ms(rtp.pid), time.time()
        p0 = {c: rtp.rtp_packets(c) for c in sample}
        time.sleep(window)
        p1 = {c: rtp.rtp_packets(c) for c in sample}
        elapsed = time.time() - t0
        engine_pct = (cpu_ms(engine.pid) - e0) / (elapsed * 1000.0) * 100.0
        rtp_pct = (cpu_ms(rtp.pid) - r0) / (elapsed * 1000.0) * 100.0
        per_call_pps = sum(p1[c] - p0[c] for c in sample) / max(1, len(sample)) / elapsed
        held_kib, rtp_held_kib = rss_kib(engine.pid), rss_kib(rtp.pid)
        result = run.finish()
        time.sleep(1.0)
        row = {"calls": n, "rate": rate, "sessions": len(sessions), "per_call_pps": per_call_pps,
               "relayed_pps": per_call_pps * len(sessions), "engine_cpu_pct": engine_pct,
               "rtpengine_cpu_pct": rtp_pct, "engine_kib_per_call": (held_kib - baseline) / n,
               "rtpengine_kib_per_call": (rtp_held_kib - rtp_baseline) / n, "successful": result["successful"],
               "failed": result["failed"], "expected": result["expected"], "passed": result["passed"],
               "sessions_left": len(rtp.call_ids()), "engine_exit": ctx.procs.stop(engine.proc)}
        ctx.log(f"  held {n} anchored calls: {len(sessions)} sessions, {per_call_pps:.1f} pkt/s a call "
                f"(~{row['relayed_pps']:.0f} pkt/s in), engine CPU {engine_pct:.1f} %, rtpengine CPU {rtp_pct:.1f} %, "
                f"ok {result['successful']}/{n} failed {result['failed']}, sessions left {row['sessions_left']}")
        return row
    finally:
        ctx.procs.stop(engine.proc)
        ctx.procs.stop(callee.proc)


def section(ctx, a, results):
    rtp = Rtpengine(ctx, "rtpengine-media", 20000, 29999)
    stub = RouteStub(ctx, "stub-media")
    try:
        results["media"] = {"steps": rate_steps(ctx, a, rtp, stub), "held": held(ctx, a, rtp, stub)}
    finally:
        ctx.procs.stop(stub.proc)
        ctx.procs.stop(rtp.proc)


def markdown(m):
    lines = ["## Media anchored through rtpengine (issue 10)", "",
             "Engine CPU per call with the SDP passed through and with media anchored, at the same rate, "
             "alternated; rtpengine's CPU per call on its own (it shares the load CPU with SIPp).", "",
             "| calls/s | mode | ok / expected | failed | engine CPU/call (ms) | rtpengine CPU/call (ms) | "
             "PDD p50 (ms) | PDD p99 (ms) | sessions left |", "|---|---|---|---|---|---|---|---|---|"]
    for s in m["steps"]:
        lines.append(f"| {s['rate']} | {s['mode']} | {s['successful']} / {s['expected']} | {s['failed']} | "
                     f"{s['cpu_ms_per_call']:.3f} | {s['rtpengine_cpu_ms_per_call']:.3f} | {s['pdd_p50']:.2f} | "
                     f"{s['pdd_p99']:.2f} | {s['sessions_left']} |")
    by_rate = {}
    for s in m["steps"]:
        by_rate.setdefault(s["rate"], {})[s["mode"]] = s
    lines += ["", "Anchoring adds, per call, to the engine: " + ", ".join(
        f"{rate} cps {pair['anchored']['cpu_ms_per_call'] - pair['bypass']['cpu_ms_per_call']:+.3f} ms"
        for rate, pair in by_rate.items() if len(pair) == 2) + " (target ≤ 0.1 ms).", ""]
    h = m.get("held")
    if h:
        lines += ["| anchored calls held | sessions | RTP in (pkt/s, sampled) | engine CPU | rtpengine CPU | "
                  "engine KiB/call | rtpengine KiB/call | ok / expected | failed | sessions left |",
                  "|---|---|---|---|---|---|---|---|---|---|",
                  f"| {h['calls']} | {h['sessions']} | {h['relayed_pps']:.0f} | {h['engine_cpu_pct']:.1f} % | "
                  f"{h['rtpengine_cpu_pct']:.1f} % | {h['engine_kib_per_call']:.1f} | {h['rtpengine_kib_per_call']:.1f} | "
                  f"{h['successful']} / {h['expected']} | {h['failed']} | {h['sessions_left']} |", ""]
    return lines


def ran(m):
    """The smoke check: anchored calls completed, rtpengine really held the
    held calls and relayed their RTP, and every session was deleted."""
    if not m:
        return False
    steps, h = m.get("steps", []), m.get("held") or {}
    return (bool(steps) and all(s["successful"] > 0 and s["sessions_left"] == 0 for s in steps) and
            bool(h) and h["sessions"] >= h["calls"] and h["per_call_pps"] > 0 and h["successful"] == h["calls"]
            and h["sessions_left"] == 0)
