"""HTTP load: `wrk` against `timeline serve` (waitress) on loopback, reads and writes mixed.

Starts the production server on 127.0.0.1 with a fresh database holding one story of
--events (default 2,000) generated events (benchmarks/timeline_latency.py's generator), waits
for /healthz, then runs Debian's `wrk` for --duration seconds with --connections open:

- 90 % timeline reads of that story: first pages, date ranges, confidence, a search, CSV;
- 10 % article writes (POST /api/v1/articles), every body a new Arabic or English text with
  `lang` given, half of them into a second story.

Reported from wrk's own output: requests/s, latency p50/p99, socket errors and non-2xx/3xx
responses; afterwards the database is checked: the articles stored are exactly the POSTs
that succeeded (wrk counts them in a Lua table per thread) and integrity_check is ok. The
reference, in the same run and with the same wrk settings: GET /api/v1/healthz alone, the
server's floor. Only loopback, bounded in time.

    .venv/bin/python benchmarks/http_load.py
    .venv/bin/python benchmarks/http_load.py --duration 10 --connections 8
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from timeline_latency import build_story  # noqa: E402

from timeline.store import Store  # noqa: E402

MIX_LUA = r"""
local reads = {
  "/api/v1/stories/big/timeline?limit=50",
  "/api/v1/stories/big/timeline?from=2003&to=2004&limit=50",
  "/api/v1/stories/big/timeline?from=2020&limit=100",
  "/api/v1/stories/big/timeline?min_confidence=0.9&limit=50",
  "/api/v1/stories/big/timeline?q=ceasefire&limit=50",
  "/api/v1/stories/big/timeline?format=csv&from=2011&limit=50",
}
counter, posted, thread_id = 0, 0, 0  -- globals: thread:get reads them
local threads = {}

function setup(thread)
  thread:set("thread_id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(thread_id * 7919)
end

function request()
  counter = counter + 1
  if WRITES_EVERY > 0 and counter % WRITES_EVERY == 0 then
    local text, lang
    if counter % 20 == 0 then
      text = "قال الوزير يوم الأربعاء إن المحادثات جرت في 5 نوفمبر 2024. رقم " ..
             thread_id .. "-" .. counter
      lang = "ar"
    else
      text = "Talks resumed on 5 March 2024 in Geneva, two days after the vote. Item " ..
             thread_id .. "-" .. counter
      lang = "en"
    end
    local story = (counter % 30 == 0) and ', "story": "live"' or ''
    local body = '{"title": "load ' .. thread_id .. '-' .. counter .. '", "text": "' .. text ..
                 '", "lang": "' .. lang .. '", "published_at": "2024-11-07"' .. story .. '}'
    return wrk.format("POST", "/api/v1/articles",
                      {["Content-Type"] = "application/json"}, body)
  end
  return wrk.format("GET", reads[math.random(#reads)])
end

function response(status, headers, body)
  if status == 201 then posted = posted + 1 end
end

function done(summary, latency, requests)
  local total = 0
  for _, t in ipairs(threads) do total = total + t:get("posted") end
  io.write(string.format("posted_201 %d\n", total))
end
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_ready(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    sys.exit(f"server not ready at {url}")


def run_wrk(url: str, threads: int, connections: int, duration: int, script: Path | None
            ) -> dict[str, float | str]:
    cmd = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency",
           "--timeout", "10s"]
    if script:
        cmd += ["-s", str(script)]
    out = subprocess.run([*cmd, url], capture_output=True, text=True,
                         timeout=duration + 60).stdout
    figures: dict[str, float | str] = {"raw": out}
    for key, pattern in (("rps", r"Requests/sec:\s+([\d.]+)"),
                         ("requests", r"(\d+) requests in"),
                         ("non2xx", r"Non-2xx or 3xx responses: (\d+)"),
                         ("posted", r"posted_201 (\d+)")):
        m = re.search(pattern, out)
        figures[key] = float(m.group(1)) if m else 0.0
    for pct in ("50", "99"):
        m = re.search(rf"\s{pct}%\s+([\d.]+)(us|ms|s)\b", out)
        if m:
            scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[m.group(2)]
            figures[f"p{pct}"] = float(m.group(1)) * scale
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    figures["socket_errors"] = sum(int(g) for g in m.groups()) if m else 0
    return figures


def line(label: str, f: dict[str, float | str]) -> str:
    return (f"{label}: {f['rps']:.1f} req/s, p50 {f.get('p50', 0):.1f} ms, "
            f"p99 {f.get('p99', 0):.1f} ms, {int(f['requests']):,} requests, "
            f"errors: {int(f['socket_errors'])} socket, {int(f['non2xx'])} non-2xx/3xx")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--events", type=int, default=2_000)
    ap.add_argument("--duration", type=int, default=30)
    ap.add_argument("--connections", type=int, default=16)
    ap.add_argument("--threads", type=int, default=2, help="wrk threads")
    ap.add_argument("--server-threads", type=int, default=8)
    ap.add_argument("--writes-every", type=int, default=10,
                    help="every Nth request of a wrk thread is a write (0: reads only)")
    args = ap.parse_args(argv)
    if shutil.which("wrk") is None:
        sys.exit("wrk not found: apt-get install wrk")

    folder = Path(tempfile.mkdtemp(prefix="http-load-"))
    db = folder / "load.db"
    with Store(db) as store:
        build_story(store, "big", args.events, 20, 2024)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "timeline.cli", "serve", "--host", "127.0.0.1", "--port",
         str(port), "--db", str(db), "--threads", str(args.server_threads)],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_ready(f"{base}/api/v1/healthz")
        urllib.request.urlopen(f"{base}/api/v1/stories/big/timeline?limit=1", timeout=120)
        print(f"machine: {platform.machine()}, nproc {os.cpu_count()}, Python "
              f"{platform.python_version()}, load average {os.getloadavg()[0]:.2f}; "
              f"server: timeline serve (waitress, {args.server_threads} threads); "
              f"story of {args.events:,} events; wrk -t{args.threads} -c{args.connections} "
              f"-d{args.duration}s")
        script = folder / "mix.lua"
        script.write_text(f"WRITES_EVERY = {args.writes_every}\n" + MIX_LUA, encoding="utf-8")
        with Store(db) as store:
            before = store.counts()["articles"]
        mix = run_wrk(base, args.threads, args.connections, args.duration, script)
        floor = run_wrk(f"{base}/api/v1/healthz", args.threads, args.connections,
                        args.duration, None)
    finally:
        server.terminate()
        server.wait(30)
    with Store(db) as store:
        stored = store.counts()["articles"] - before
        check = store.integrity_check()
        dupes = store.db.execute("SELECT count(*) - count(DISTINCT text_hash) FROM articles"
                                 ).fetchone()[0]
    print(line("mix (90% timeline reads, 10% article writes)", mix))
    print(f"  writes: {int(mix['posted'])} answered 201, {stored} articles stored, "
          f"{dupes} duplicates, integrity_check {check}")
    print(line("reference: GET /api/v1/healthz", floor))
    print(f"load average at the end: {os.getloadavg()[0]:.2f}")
    shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
