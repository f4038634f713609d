"""What every benchmark shares: the processes it started (stopped by pid, even
on failure), the machine/build/run facts every figure is labelled with, and
small measurement helpers (/proc CPU ticks and RSS, percentiles, load)."""

import datetime
import os
import re
import shutil
import signal
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "tests", "sipp"))
from harness import free_media_port, free_port, wait_bound  # noqa: E402,F401  (re-exported)

CLK_TCK = os.sysconf("SC_CLK_TCK")


class Procs:
    """Every process a benchmark starts. stop_all() ends each one by its pid
    (SIGTERM, then SIGKILL after a grace), children first, newest first."""

    def __init__(self):
        self.procs = []  # (name, Popen)

    def start(self, name, cmd, log_path, cwd=None, env=None, cpus=None, stdin=subprocess.DEVNULL):
        if cpus is not None:
            cmd = ["taskset", "-c", cpus] + list(cmd)  # taskset execs: the pid is the program's
        log = open(log_path, "ab")
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, cwd=cwd, env=env, stdin=stdin)
        proc.log_file = log
        proc.log_path = log_path
        proc.bench_name = name
        self.procs.append((name, proc))
        return proc

    def stop(self, proc, sig=signal.SIGTERM, grace=15.0):
        """Stops one process by pid; returns its exit code."""
        if proc.poll() is None:
            for child in children_of(proc.pid):  # e.g. Kamailio's workers, should the main die first
                proc.bench_children = getattr(proc, "bench_children", set()) | {child}
            try:
                proc.send_signal(sig)
                proc.wait(grace)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        for child in getattr(proc, "bench_children", ()):
            kill_pid(child)
        if not proc.log_file.closed:
            proc.log_file.close()
        return proc.returncode

    def stop_all(self):
        for _, proc in reversed(self.procs):
            try:
                self.stop(proc, grace=10.0)
            except Exception as e:  # keep stopping the others
                print(f"bench: stopping {proc.args}: {e}", file=sys.stderr)
        self.procs = []


def kill_pid(pid):
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def children_of(pid):
    out = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid:
                out.append(int(entry))
        except (FileNotFoundError, ProcessLookupError, IndexError):
            pass
    return out


def cpu_ms(pid, with_children=False):
    """utime+stime of the process (and of its live child processes, for a
    forking server such as Kamailio), in milliseconds."""
    pids = [pid] + (children_of(pid) if with_children else [])
    total = 0
    for p in pids:
        try:
            with open(f"/proc/{p}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14, 15)
        except FileNotFoundError:
            pass
    return total * 1000.0 / CLK_TCK


def rss_kib(pid, with_children=False):
    pids = [pid] + (children_of(pid) if with_children else [])
    total = 0
    for p in pids:
        try:
            with open(f"/proc/{p}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except FileNotFoundError:
            pass
    return total


def load_avg():
    with open("/proc/loadavg") as f:
        return float(f.read().split()[0])


def percentile(values, p):
    if not values:
        return float("nan")
    s = sorted(values)
    k = min(len(s) - 1, max(0, int(round(p * (len(s) - 1)))))
    return s[k]


def wait_until(predicate, timeout, what, interval=0.05):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return
        time.sleep(interval)
    raise RuntimeError(f"timed out after {timeout:.0f} s waiting for {what}")


def wait_log(proc, text, timeout=20.0):
    def seen():
        if proc.poll() is not None:
            raise RuntimeError(f"{proc.bench_name} exited with {proc.returncode}: {tail(proc.log_path)}")
        with open(proc.log_path, errors="replace") as f:
            return text in f.read()
    wait_until(seen, timeout, f"'{text}' from {proc.bench_name}")


def tail(path, chars=2000):
    try:
        with open(path, errors="replace") as f:
            return f.read()[-chars:]
    except FileNotFoundError:
        return ""


def ensure_packages(needs):
    """needs: {path or command: Debian package}. Installs the packages of
    the missing ones (the suite's own install step); returns what is still
    missing."""
    def present(thing):
        return os.path.exists(thing) if thing.startswith("/") else shutil.which(thing) is not None
    missing = {k: v for k, v in needs.items() if not present(k)}
    if missing and os.geteuid() == 0 and shutil.which("apt-get"):
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run(["apt-get", "install", "-y", "--no-install-recommends"] + sorted(set(missing.values())),
                       env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        missing = {k: v for k, v in missing.items() if not present(k)}
    return sorted(set(missing.values()))


def machine_facts(build_dir):
    """The machine, the build and the run, as every figure must name them."""
    model = "unknown"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    cache = {}
    try:
        with open(os.path.join(build_dir, "CMakeCache.txt")) as f:
            for line in f:
                m = re.match(r"^(CMAKE_BUILD_TYPE|CMAKE_CXX_COMPILER):[A-Z]+=(.*)$", line.strip())
                if m:
                    cache[m.group(1)] = m.group(2)
    except FileNotFoundError:
        pass
    compiler = cache.get("CMAKE_CXX_COMPILER", "c++")
    try:
        version = subprocess.run([compiler, "--version"], capture_output=True, text=True).stdout.splitlines()[0]
    except (OSError, IndexError):
        version = compiler
    def git(*args):
        return subprocess.run(["git", "-C", ROOT] + list(args), capture_output=True, text=True).stdout.strip()
    commit = git("rev-parse", "--short=12", "HEAD")
    dirty = git("status", "--porcelain", "--untracked-files=no")
    with open("/proc/meminfo") as f:
        mem_kib = int(f.readline().split()[1])
    return {
        "cores": os.cpu_count(),
        "cpu": model,
        "memory": f"{mem_kib / 1048576:.0f} GiB",
        "kernel": os.uname().release,
        "build": f"{cache.get('CMAKE_BUILD_TYPE', '?')} ({os.path.basename(build_dir)} preset), {version}",
        "commit": commit + (" + uncommitted changes" if dirty else ""),
        "date": datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "sipp": subprocess.run(["sipp", "-v"], capture_output=True, text=True).stdout.strip().splitlines()[0]
        if shutil.which("sipp") else "missing",
    }
