"""A real baresip user agent (Debian's baresip-core) driven through its
`ctrl_tcp` module, for the end-to-end cases in cases.py.

Each phone gets its own config directory (`baresip -f DIR`): SIP on
127.0.0.1 (baresip also binds TLS on the SIP port + 1), ctrl_tcp on another
free port, G.711 only, audio faked without a sound card (decision 0019): the
source is `ausine` (a 440 Hz tone, so RTP always carries audio) and the
player and alert device are `aubridge` (a device with nobody on the other
end). The phone is started and stopped by pid.

ctrl_tcp speaks netstring-framed JSON: commands go as
`{"command","params","token"}` and come back as `{"response":true,"ok",
"data","token"}`; events arrive as `{"event":true,"type":...}`. A reader
thread collects both; cases wait for them, never for a time.
"""

import json
import os
import random
import signal
import socket
import subprocess
import threading
import time

import harness  # tests/sipp/harness.py (the caller puts it on sys.path)


def free_sip_port():
    """A free port whose successor is free too: baresip binds SIP TLS on the
    SIP port + 1."""
    for _ in range(100):
        port = harness.free_port()
        if port + 1 not in harness._HANDED_OUT and harness._bindable(port + 1):
            harness._HANDED_OUT.add(port + 1)
            return port
    raise RuntimeError("no free SIP port pair")


def free_rtp_range(size=8):
    """A block of free even-started ports for baresip's `rtp_ports`, below
    32768 and never handed out for anything else."""
    for _ in range(200):
        base = random.randint(10000, 19900) & ~1
        block = range(base, base + size)
        if any(p in harness._HANDED_OUT for p in block) or not all(harness._bindable(p) for p in block):
            continue
        harness._HANDED_OUT.update(block)
        return base, base + size - 1
    raise RuntimeError("no free RTP port block")


class Baresip:
    """One baresip process with one account."""

    def __init__(self, workdir, name, aor, auth_pass, regint=600, extra_config="", extra_account=""):
        self.name = name
        self.dir = os.path.join(workdir, name)
        os.makedirs(self.dir, exist_ok=True)
        self.sip_port = free_sip_port()
        self.ctrl_port = harness.free_port()
        rtp_lo, rtp_hi = free_rtp_range()
        with open(os.path.join(self.dir, "config"), "w") as f:
            f.write(f"""poll_method epoll
sip_listen 127.0.0.1:{self.sip_port}
rtp_ports {rtp_lo}-{rtp_hi}
audio_player aubridge,{name}
audio_alert aubridge,{name}
audio_source ausine,440
ausrc_srate 48000
ausrc_channels 2
module_path /usr/lib/baresip/modules
module g711.so
module ausine.so
module aubridge.so
module_app account.so
module_app menu.so
module_app ctrl_tcp.so
ctrl_tcp_listen 127.0.0.1:{self.ctrl_port}
{extra_config}
""")
        # No account at start: ctrl_tcp's events only reach a connected
        # client, so the account is added (and registers) by `uanew` once
        # we listen. answermode=manual: the case answers with `accept`, so
        # it sees the call ring first.
        with open(os.path.join(self.dir, "accounts"), "w") as f:
            f.write("")
        self.account = f"<{aor}>;auth_pass={auth_pass};regint={regint};answermode=manual{extra_account}"
        self.log_path = os.path.join(self.dir, "baresip.log")
        self.events = []
        self.responses = {}
        self.cond = threading.Condition()
        self.token = 0
        self.sock = None
        self.proc = None

    # ------------------------------------------------------------ process
    def start(self, timeout=20.0):
        self.log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(["baresip", "-f", self.dir], stdout=self.log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, cwd=self.dir)
        deadline = time.time() + timeout
        while True:
            if self.proc.poll() is not None:
                raise AssertionError(f"{self.name}: baresip exited {self.proc.returncode}\n{self.read_log()}")
            try:
                self.sock = socket.create_connection(("127.0.0.1", self.ctrl_port), timeout=1)
                break
            except OSError:
                if time.time() > deadline:
                    raise AssertionError(f"{self.name}: ctrl_tcp never listened\n{self.read_log()}")
                time.sleep(0.05)
        self.sock.settimeout(None)
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        self.command("uanew", self.account)
        return self

    def read_log(self):
        try:
            with open(self.log_path, errors="replace") as f:
                return f.read()
        except FileNotFoundError:
            return ""

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def kill9(self):
        """The phone dies without a word (no BYE, no un-REGISTER)."""
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def stop(self):
        if self.sock:
            try:
                self.sock.close()
            except OSError:
                pass
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc and not self.log.closed:
            self.log.close()

    # ------------------------------------------------------------ ctrl_tcp
    def _read(self):
        buf = b""
        while True:
            try:
                data = self.sock.recv(65536)
            except OSError:
                data = b""
            if not data:
                with self.cond:
                    self.cond.notify_all()
                return
            buf += data
            while True:
                colon = buf.find(b":")
                if colon < 0:
                    break
                length = int(buf[:colon])
                if len(buf) < colon + 1 + length + 1:
                    break
                msg = json.loads(buf[colon + 1:colon + 1 + length])
                assert buf[colon + 1 + length:colon + 2 + length] == b",", buf
                buf = buf[colon + 2 + length:]
                with self.cond:
                    if msg.get("event"):
                        msg["_time"] = time.time()
                        self.events.append(msg)
                    elif msg.get("response"):
                        self.responses[msg.get("token")] = msg
                    self.cond.notify_all()

    def command(self, command, params="", timeout=15.0, ok=True):
        """Runs a menu command; returns its `data` (asserts it succeeded
        unless ok=False)."""
        with self.cond:
            self.token += 1
            token = f"{self.name}-{self.token}"
        body = json.dumps({"command": command, "params": params, "token": token}).encode()
        self.sock.sendall(str(len(body)).encode() + b":" + body + b",")
        deadline = time.time() + timeout
        with self.cond:
            while token not in self.responses:
                left = deadline - time.time()
                if left <= 0:
                    raise AssertionError(f"{self.name}: no answer to {command} {params}\n{self.read_log()[-3000:]}")
                self.cond.wait(left)
            r = self.responses.pop(token)
        if ok:
            assert r.get("ok"), f"{self.name}: {command} {params} failed: {r}"
        return r.get("data", "")

    def of(self, kind):
        with self.cond:
            return [e for e in self.events if e.get("type") == kind]

    def wait_event(self, kind, count=1, timeout=20.0, pred=None):
        """Waits for the `count`th event of a type (matching pred); returns it."""
        deadline = time.time() + timeout
        with self.cond:
            while True:
                got = [e for e in self.events if e.get("type") == kind and (pred is None or pred(e))]
                if len(got) >= count:
                    return got[count - 1]
                left = deadline - time.time()
                if left <= 0:
                    raise AssertionError(f"{self.name}: timed out waiting for {count} x {kind}; events: "
                                         f"{[(e.get('type'), e.get('param')) for e in self.events]}\n"
                                         f"{self.read_log()[-3000:]}")
                self.cond.wait(left)
