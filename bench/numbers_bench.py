"""The numbers service side of the suite: a ctib-numbers on SQLite or on a
throwaway PostgreSQL 15, seeded straight into its tables with N bindings,
loaded with wrk (keep-alive) for routing answers and binds.

Seeded data: X_COUNT = max(100, N / 100) middle numbers (100 live AXB pairs
each at scale, half the default pair_limit of 200), binding i: A = +A_BASE+i,
B = +B_BASE+i, X = +X_BASE + i % X_COUNT, all live for ten years.

AXE and AXG (issue 12), each seeded alone (bench_modes):
- AXE: X_COUNT numbers as above, binding i: A = +A_BASE+i on X = +X_BASE +
  i % X_COUNT with extension i // X_COUNT (4 digits: 100 extensions per X
  at scale). Measured: the first routing request of a call (answered with
  play_and_get_digits) and the second one carrying the right extension
  (answered with the dial to A).
- AXG: one X per binding (AXG owns its X), binding i: A = +A_BASE+i on
  X = +X_BASE+i, group i % GROUPS; GROUPS = max(1, N / 1000) groups of 100
  members, member k of group g = +N_BASE + g*100 + k. Measured: a member's
  call (a routing answer plus the membership read)."""

import json
import hashlib
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
import threading
import time
import urllib.request

from benchlib import HERE, cpu_ms, free_port, tail, wait_until

API_KEY = "bench-key"
SECRET = "bench-secret"
GATEWAY = "gw-bench"
A_BASE = 8613000000000
B_BASE = 8613600000000
X_BASE = 8617100000000
PG_BIN = "/usr/lib/postgresql/15/bin"


def x_count(bindings):
    return max(100, bindings // 100)


N_BASE = 8613700000000
MEMBERS_PER_GROUP = 100


def group_count(bindings):
    return max(1, bindings // 1000)


def mode_x_count(bindings, mode):
    return bindings if mode == "AXG" else x_count(bindings)


def binding_rows(bindings, now, mode="AXB"):
    xs = mode_x_count(bindings, mode)
    groups = group_count(bindings)
    expires = now + 10 * 365 * 86400
    for i in range(bindings):
        b = f"+{B_BASE + i}" if mode == "AXB" else ""
        group = f"grp_{i % groups}" if mode == "AXG" else ""
        extension = f"{i // xs:04d}" if mode == "AXE" else ""
        yield (f"bnd_{i:024x}", mode, f"+{A_BASE + i}", b, f"+{X_BASE + i % xs}", expires, "", "",
               0, "none", 0, "active", now, now, None, group, extension)


def pool_rows(bindings, now, mode="AXB"):
    # active_pairs (migration 0004) is the count the service keeps of active
    # bindings on each X; bulk loading bypasses the service, so it is set here
    # to what binding_rows puts on X j.
    xs = mode_x_count(bindings, mode)
    for j in range(xs):
        pairs = bindings // xs + (1 if j < bindings % xs else 0)
        yield (f"+{X_BASE + j}", GATEWAY, "010", "available", now, now, pairs)


def group_rows(bindings, now):
    for g in range(group_count(bindings)):
        yield (f"grp_{g}", f"bench {g}", now, now)


def member_rows(bindings, now):
    for g in range(group_count(bindings)):
        for k in range(MEMBERS_PER_GROUP):
            yield (f"grp_{g}", f"+{N_BASE + g * MEMBERS_PER_GROUP + k}", now)


BINDING_COLUMNS = ("id, mode, a, b, x, expires_at, out_id, user_data, record, restriction, max_duration, state,"
                   " created_at, updated_at, released_at, group_id, extension")
GROUP_COLUMNS = "id, name, created_at, updated_at"
MEMBER_COLUMNS = "group_id, number, created_at"
POOL_COLUMNS = "number, gateway, area_code, state, created_at, updated_at, active_pairs"


class Postgres:
    """A throwaway PostgreSQL 15 (durable settings: fsync on), stopped by
    pg_ctl and, failing that, by the postmaster's pid."""

    def __init__(self, ctx, data_from=None):
        """A new cluster, or (`data_from`) a copy of a cached data directory."""
        self.root = tempfile.mkdtemp(prefix="pg-", dir=ctx.dir)
        self.data_from = data_from
        os.chmod(self.root, 0o755)
        as_pg = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        self.as_pg = as_pg
        if as_pg:
            shutil.chown(self.root, "postgres", "postgres")
        if data_from:
            subprocess.run(["cp", "-a", data_from, f"{self.root}/data"], check=True)
        else:
            subprocess.run(as_pg + [f"{PG_BIN}/initdb", "-D", f"{self.root}/data", "-A", "trust", "-U", "postgres",
                                    "-E", "UTF8"], check=True, capture_output=True)
        self.port = free_port()
        self.conninfo = f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres"
        self.start()

    def start(self):
        subprocess.run(self.as_pg + [f"{PG_BIN}/pg_ctl", "-D", f"{self.root}/data", "-l", f"{self.root}/server.log",
                                     "-w", "-t", "60", "-o",
                                     f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 "
                                     "-c max_connections=100 -c shared_buffers=1GB", "start"],
                       check=True, capture_output=True)

    def psql(self, sql, stdin=None):
        return subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", self.conninfo, "-c", sql],
                              input=stdin, check=True, capture_output=True, text=True).stdout

    def stop(self):
        r = subprocess.run(self.as_pg + [f"{PG_BIN}/pg_ctl", "-D", f"{self.root}/data", "-m", "fast", "-w",
                                         "-t", "30", "stop"], capture_output=True)
        pidfile = f"{self.root}/data/postmaster.pid"
        if r.returncode != 0 and os.path.exists(pidfile):
            with open(pidfile) as f:
                pid = int(f.readline())
            try:
                os.kill(pid, 9)
            except ProcessLookupError:
                pass


class Numbers:
    """ctib-numbers on 127.0.0.1 with the bench's keys."""

    def __init__(self, ctx, backend, db, name="numbers", cpus=None, binary=None):
        self.ctx, self.backend, self.db, self.name, self.cpus = ctx, backend, db, name, cpus
        self.binary = binary or ctx.numbers_binary
        self.port = free_port()
        self.config = os.path.join(ctx.dir, f"{name}.toml")
        database = (f'sqlite_path = "{db}"' if backend == "sqlite" else f'postgres_conninfo = "{db}"')
        with open(self.config, "w") as f:
            f.write(f"""
[server]
listen = "127.0.0.1"
port = {self.port}
worker_threads = 4
[database]
backend = "{backend}"
{database}
pool_size = 4
[auth]
api_keys = ["{API_KEY}"]
routing_secret = "{SECRET}"
[bindings]
sweep_interval = 3600
""")
        self.proc = None

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def start(self):
        self.proc = self.ctx.procs.start(self.name, [self.binary, "--config", self.config],
                                         os.path.join(self.ctx.dir, f"{self.name}.log"), cwd=self.ctx.dir,
                                         cpus=self.cpus)
        def healthy():
            if self.proc.poll() is not None:
                raise RuntimeError(f"ctib-numbers exited {self.proc.returncode}: {tail(self.proc.log_path)}")
            try:
                return urllib.request.urlopen(self.url("/v1/health"), timeout=2).status == 200
            except OSError:
                return False
        wait_until(healthy, 60, "ctib-numbers health")
        self.pid = self.proc.pid

    def stop(self):
        if self.proc:
            self.ctx.procs.stop(self.proc)
            self.proc = None


def seed(ctx, numbers, pg, bindings, mode="AXB"):
    """Creates the schema (a first start of the service runs the
    migrations), then bulk-loads the pool and the bindings (of `mode`; AXG
    with its groups) with the indexes dropped and rebuilt. Returns seconds
    taken."""
    started = time.time()
    numbers.start()
    numbers.stop()
    now = int(time.time())
    if numbers.backend == "sqlite":
        db = sqlite3.connect(numbers.db)
        indexes = [sql for (sql,) in db.execute(
            "SELECT sql FROM sqlite_master WHERE type='index' AND tbl_name IN ('bindings','pool_numbers') "
            "AND sql IS NOT NULL")]
        for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type='index' "
                                  "AND tbl_name IN ('bindings','pool_numbers') AND sql IS NOT NULL").fetchall():
            db.execute(f"DROP INDEX {name}")
        db.execute("PRAGMA synchronous=OFF")
        with db:
            db.executemany(f"INSERT INTO pool_numbers ({POOL_COLUMNS}) VALUES (?,?,?,?,?,?,?)",
                           pool_rows(bindings, now, mode))
            db.executemany(f"INSERT INTO bindings ({BINDING_COLUMNS}) VALUES ({','.join('?' * 17)})",
                           binding_rows(bindings, now, mode))
            if mode == "AXG":
                db.executemany(f"INSERT INTO number_groups ({GROUP_COLUMNS}) VALUES (?,?,?,?)",
                               group_rows(bindings, now))
                db.executemany(f"INSERT INTO group_members ({MEMBER_COLUMNS}) VALUES (?,?,?)",
                               member_rows(bindings, now))
        for sql in indexes:
            db.execute(sql)
        db.execute("ANALYZE")
        db.commit()
        db.close()
    else:
        def query(sql):
            return subprocess.run(["psql", "-X", "-At", pg.conninfo, "-c", sql], capture_output=True, text=True,
                                  check=True).stdout.splitlines()
        where = "tablename IN ('bindings','pool_numbers') AND indexname NOT LIKE '%_pkey'"
        indexes = query(f"SELECT indexdef FROM pg_indexes WHERE {where}")
        for name in query(f"SELECT indexname FROM pg_indexes WHERE {where}"):
            pg.psql(f"DROP INDEX {name}")
        def copy(table, columns, rows):
            proc = subprocess.Popen(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", pg.conninfo, "-c",
                                     f"COPY {table} ({columns}) FROM STDIN"], stdin=subprocess.PIPE, text=True)
            batch = []
            for row in rows:
                batch.append("\t".join("\\N" if v is None else str(v) for v in row))
                if len(batch) >= 10000:
                    proc.stdin.write("\n".join(batch) + "\n")
                    batch = []
            if batch:
                proc.stdin.write("\n".join(batch) + "\n")
            proc.stdin.close()
            if proc.wait() != 0:
                raise RuntimeError(f"COPY {table} failed")
        copy("pool_numbers", POOL_COLUMNS, pool_rows(bindings, now, mode))
        copy("bindings", BINDING_COLUMNS, binding_rows(bindings, now, mode))
        if mode == "AXG":
            copy("number_groups", GROUP_COLUMNS, group_rows(bindings, now))
            copy("group_members", MEMBER_COLUMNS, member_rows(bindings, now))
        for sql in indexes:
            pg.psql(sql)
        pg.psql("ANALYZE")
    return time.time() - started


def parse_wrk(text):
    """Requests/s, p50/p99 latency (ms) and error counts from `wrk --latency`."""
    def ms(value, unit):
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]
    out = {"rps": float("nan"), "p50_ms": float("nan"), "p99_ms": float("nan"), "non2xx": 0, "errors": 0,
           "requests": 0}
    m = re.search(r"Requests/sec:\s+([\d.]+)", text)
    if m:
        out["rps"] = float(m.group(1))
    for pct, key in (("50", "p50_ms"), ("99", "p99_ms")):
        m = re.search(rf"^\s+{pct}(?:\.000)?%\s+([\d.]+)(us|ms|s|m)\s*$", text, re.MULTILINE)
        if m:
            out[key] = ms(m.group(1), m.group(2))
    m = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    if m:
        out["non2xx"] = int(m.group(1))
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    if m:
        out["errors"] = sum(int(g) for g in m.groups())
    m = re.search(r"(\d+) requests in", text)
    if m:
        out["requests"] = int(m.group(1))
    return out


def wrk(ctx, numbers, script, seconds, connections, env, name):
    cmd = ["taskset", "-c", "1", "wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency",
           "-s", os.path.join(HERE, "wrk", script), numbers.url("/")]
    load = os.getloadavg()[0]
    # The scripts share bench/wrk/cti_request.lua through require().
    env = dict(env, LUA_PATH=os.path.join(HERE, "wrk", "?.lua") + ";;")
    r = subprocess.run(cmd, capture_output=True, text=True, env=dict(os.environ, **env), timeout=seconds + 60)
    with open(os.path.join(ctx.dir, f"{name}.wrk.txt"), "w") as f:
        f.write(r.stdout + r.stderr)
    out = parse_wrk(r.stdout)
    out["load"] = max(load, os.getloadavg()[0])
    ctx.log(f"  {name}: {out['rps']:.0f} req/s p50 {out['p50_ms']:.2f} ms p99 {out['p99_ms']:.2f} ms "
            f"non-2xx {out['non2xx']} errors {out['errors']} load {out['load']:.2f}")
    return out


def routing_env(bindings):
    return {"CTIB_SECRET": SECRET, "CTIB_BINDINGS": str(bindings), "CTIB_X_COUNT": str(x_count(bindings)),
            "CTIB_A_BASE": str(A_BASE), "CTIB_X_BASE": str(X_BASE)}


def mode_env(bindings, mode):
    return dict(routing_env(bindings), CTIB_X_COUNT=str(mode_x_count(bindings, mode)),
                CTIB_GROUPS=str(group_count(bindings)), CTIB_MEMBERS=str(MEMBERS_PER_GROUP),
                CTIB_N_BASE=str(N_BASE))


def drop_sqlite(ctx, name):
    # The call records' own file (numbers/storage/sqlite/records_file.hpp) and its WAL.
    for suffix in ("", "-wal", "-shm", "-records", "-records-wal", "-records-shm"):
        path = os.path.join(ctx.dir, f"{name}{suffix}")
        if os.path.exists(path):
            os.unlink(path)


def bench_modes(ctx, backend, sizes, seconds, results):
    """Routing answers/s of AXE (both routing requests of a call) and AXG
    (a member's call) at each size, each mode seeded alone; appended to
    `results` as each finishes."""
    # Each step's answer checked once before the load: a refusal is a 200
    # too, and must not pass for a routing answer.
    runs = {"AXE": [("prompt", "route_axe.lua", {"CTIB_AXE_ROUND": "prompt"},
                     ("+8613700000000", X_BASE, "", "play_and_get_digits")),
                    ("extension", "route_axe.lua", {"CTIB_AXE_ROUND": "digits"},
                     ("+8613700000000", X_BASE, "&ctib_extension_1=0000&read_result=success", "gateway"))],
            "AXG": [("member", "route_axg.lua", {}, (f"+{N_BASE}", X_BASE, "", "gateway"))]}
    for size in sizes:
        for mode, steps in runs.items():
            pg = Postgres(ctx) if backend == "postgres" else None
            name = f"numbers-{mode.lower()}-{size}.db"
            try:
                db = os.path.join(ctx.dir, name) if backend == "sqlite" else pg.conninfo
                numbers = Numbers(ctx, backend, db, name=f"numbers-{backend}-{mode.lower()}-{size}")
                took = seed(ctx, numbers, pg, size, mode)
                ctx.log(f"  {backend}: seeded {size} {mode} bindings in {took:.0f} s")
                numbers.start()
                for step, script, env, (caller, x, extra, expected) in steps:
                    answer = json.load(urllib.request.urlopen(numbers.url(
                        f"/v1/cti?secret={SECRET}&action=request&uuid=check-{step}&caller_id_number=%2B"
                        f"{caller[1:]}&destination_number=%2B{x}{extra}"), timeout=10))
                    if answer.get("dial", {}).get("type") != expected:
                        raise RuntimeError(f"{mode} {step}: expected a {expected} answer, got {answer}")
                    route = wrk(ctx, numbers, script, seconds, 16, dict(mode_env(size, mode), **env),
                                f"route-{mode.lower()}-{step}-{backend}-{size}")
                    results.append({"backend": backend, "bindings": size, "mode": mode, "request": step,
                                    "route": route, "seed_s": took})
                numbers.stop()
            finally:
                if pg:
                    pg.stop()
                if backend == "sqlite":
                    drop_sqlite(ctx, name)


def cached_seed_key(backend, bindings):
    """The seeded database depends on the schema (the migrations) and the
    size; a cache entry is reused only when both match."""
    digest = hashlib.sha1()
    root = os.path.join(HERE, "..", "numbers", "storage", "migrations")
    for name in sorted(os.listdir(root)):
        with open(os.path.join(root, name), "rb") as f:
            digest.update(name.encode() + f.read())
    return f"{backend}-{bindings}-{digest.hexdigest()[:12]}"


SEED_CACHE = "/var/tmp/ctibridge-bench-seed"


def seeded_sqlite(ctx, size, cache):
    """A SQLite database with `size` bindings at numbers-{size}.db: copied
    from the cache under /var/tmp when there (keyed by schema and size),
    else seeded and, with `cache`, copied there. Returns (path, seconds)."""
    db = os.path.join(ctx.dir, f"numbers-{size}.db")
    key = os.path.join(SEED_CACHE, cached_seed_key("sqlite", size))
    started = time.time()
    if cache and os.path.exists(key + ".db"):
        for suffix in ("", "-records"):
            shutil.copyfile(key + ".db" + suffix, db + suffix)
        return db, time.time() - started
    numbers = Numbers(ctx, "sqlite", db, name=f"numbers-seed-{size}")
    seed(ctx, numbers, None, size)
    if cache:
        os.makedirs(SEED_CACHE, exist_ok=True)
        for suffix in ("", "-records"):
            shutil.copyfile(db + suffix, key + ".tmp" + suffix)
        for suffix in ("-records", ""):  # the main file last: its presence means complete
            os.replace(key + ".tmp" + suffix, key + ".db" + suffix)
    return db, time.time() - started


def fresh_sqlite_copy(ctx, size, run):
    """A copy of the seeded file for one run, so that every binary and
    instance count starts from the same data (no records of an earlier run)."""
    src = os.path.join(ctx.dir, f"numbers-{size}.db")
    dst = os.path.join(ctx.dir, f"numbers-{size}-{run}.db")
    for suffix in ("", "-records"):
        shutil.copyfile(src + suffix, dst + suffix)
    return dst


def remove_sqlite(path):
    # The call records' own file (numbers/storage/sqlite/records_file.hpp) and the WALs.
    for suffix in ("", "-wal", "-shm", "-records", "-records-wal", "-records-shm"):
        if os.path.exists(path + suffix):
            os.unlink(path + suffix)


def postmaster_pid(pg):
    with open(f"{pg.root}/data/postmaster.pid") as f:
        return int(f.readline())


def seeded_postgres(ctx, size, cache, binary):
    """A throwaway PostgreSQL holding `size` bindings: its data directory
    copied from the cache when there, else seeded (and cached with `cache`).
    Returns (Postgres, seconds)."""
    key = os.path.join(SEED_CACHE, cached_seed_key("postgres", size))
    started = time.time()
    pg = Postgres(ctx, data_from=key if cache and os.path.isdir(key) else None)
    if pg.data_from:
        return pg, time.time() - started
    numbers = Numbers(ctx, "postgres", pg.conninfo, name=f"numbers-seed-{size}", binary=binary)
    seed(ctx, numbers, pg, size)
    if cache:
        os.makedirs(SEED_CACHE, exist_ok=True)
        pg.stop()
        subprocess.run(["cp", "-a", f"{pg.root}/data", key + ".tmp"], check=True)
        os.replace(key + ".tmp", key)
        pg.start()
    return pg, time.time() - started


def route_run(ctx, instances, seconds, size, name, pg=None):
    """One routing load: a wrk (16 connections) per instance at once.
    Answers/s summed; p50 and p99 the worst instance's; CPU per answer of the
    service instances and, on PostgreSQL, of the database server."""
    before = sum(cpu_ms(n.pid) for n in instances)
    db_before = cpu_ms(postmaster_pid(pg), with_children=True) if pg else 0.0
    outs = [None] * len(instances)

    def one(i):
        outs[i] = wrk(ctx, instances[i], "route.lua", seconds, 16, routing_env(size), f"{name}-{i + 1}")
    threads = [threading.Thread(target=one, args=(i,)) for i in range(len(instances))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    service_ms = sum(cpu_ms(n.pid) for n in instances) - before
    db_ms = (cpu_ms(postmaster_pid(pg), with_children=True) - db_before) if pg else 0.0
    out = {"rps": sum(o["rps"] for o in outs), "p50_ms": max(o["p50_ms"] for o in outs),
           "p99_ms": max(o["p99_ms"] for o in outs), "non2xx": sum(o["non2xx"] for o in outs),
           "errors": sum(o["errors"] for o in outs), "requests": sum(o["requests"] for o in outs),
           "load": max(o["load"] for o in outs)}
    answers = max(out["requests"], 1)
    out["service_cpu_ms_per_answer"] = service_ms / answers
    out["db_cpu_ms_per_answer"] = db_ms / answers
    ctx.log(f"  {name}: {out['rps']:.0f} answers/s over {len(instances)} instance(s), CPU per answer "
            f"{out['service_cpu_ms_per_answer']:.3f} ms service + {out['db_cpu_ms_per_answer']:.3f} ms database")
    return out


def bench_backend(ctx, a, backend, size, results):
    """At one size on one backend: routing answers/s and latency of each
    binary (the build under test and, with --numbers-baseline, an older one
    on the same data in the same run) and instance count (PostgreSQL: several
    ctib-numbers on one database), then binds/s with one instance. Appended
    to `results` as each run finishes."""
    binaries = ([("baseline", a.numbers_baseline)] if a.numbers_baseline else []) + [("now", ctx.numbers_binary)]
    if a.numbers_profile:
        # A run of its own: perf's sampling costs CPU on the same cores, which
        # would lower the figures of the run it watched.
        binaries.append(("now, perf-recorded", ctx.numbers_binary))
    all_counts = a.numbers_instances if backend == "postgres" else [1]
    pg = None
    try:
        if backend == "postgres":
            pg, took = seeded_postgres(ctx, size, a.numbers_cache, ctx.numbers_binary)
        else:
            seeded, took = seeded_sqlite(ctx, size, a.numbers_cache)
        ctx.log(f"  {backend}: {size} bindings ready in {took:.0f} s")
        for label, binary in binaries:
            profiled = label.endswith("perf-recorded")
            for count in [1] if profiled else all_counts:
                run = f"{label.split(',')[0]}{'-perf' if profiled else ''}-{count}"
                if pg:
                    # Every run starts with the same data: no records of an earlier one.
                    pg.psql("TRUNCATE call_records, push_outbox")
                    db = pg.conninfo
                else:
                    db = fresh_sqlite_copy(ctx, size, run)
                instances = [Numbers(ctx, backend, db, name=f"numbers-{backend}-{size}-{run}-{i + 1}", binary=binary)
                             for i in range(count)]
                try:
                    for n in instances:
                        n.start()
                    holder = {}
                    profiler = None
                    if profiled:
                        profiler = threading.Thread(target=lambda: holder.update(
                            data=profile_pid(ctx, instances[0].pid, min(10, a.wrk_seconds), f"perf-{backend}-{size}")))
                        profiler.start()
                    route = route_run(ctx, instances, a.wrk_seconds, size, f"route-{backend}-{size}-{run}", pg)
                    if profiler:
                        profiler.join()
                    bind = None
                    if count == 1 and not profiled:
                        bind = wrk(ctx, instances[0], "bind.lua", a.wrk_seconds, 4, {"CTIB_API_KEY": API_KEY},
                                   f"bind-{backend}-{size}-{run}")
                finally:
                    for n in instances:
                        n.stop()
                    if not pg:
                        remove_sqlite(db)
                results.append({"backend": backend, "bindings": size, "binary": label, "instances": count,
                                "route": route, "bind": bind, "seed_s": took, "perf_data": holder.get("data")})
    finally:
        if pg:
            pg.stop()
        if backend == "sqlite":
            remove_sqlite(os.path.join(ctx.dir, f"numbers-{size}.db"))


def profile_pid(ctx, pid, seconds, name):
    """perf record (DWARF call graphs: the release build has no frame
    pointers) of one ctib-numbers while wrk loads it."""
    data = os.path.join(ctx.dir, f"{name}.perf.data")
    r = subprocess.run(["perf", "record", "-F", "499", "--call-graph", "dwarf,16384", "-p", str(pid), "-o", data,
                        "--", "sleep", str(seconds)], capture_output=True, text=True, timeout=seconds + 120)
    if r.returncode != 0:
        ctx.log(f"  perf record failed: {r.stderr[-500:]}")
        return None
    return data
