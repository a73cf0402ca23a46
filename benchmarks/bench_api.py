"""POST /api/plan under load: a real `peaceforce serve` on loopback, 1 and 4 concurrent clients for a fixed
duration each, beside the in-process plan() time measured in the same run.

Measured, in this order, in one run:

  * in-process: plan(examples/ukraine-reassure.yaml) alone (median of --repeats after a warm-up), and
    plan() + the JSON the API sends, while the server is up and idle;
  * the server (its default worker count unless --workers): for 1 and then 4 clients, each a thread with
    its own keep-alive httpx client posting the default scenario in a loop for --seconds: requests/s,
    p50 and p99 latency (send to last byte), errors (any status but 200, or a failed request).

Printed: the figures and the target beside them (issue 14: p50 with one client at most 2x the in-process
plan(), 0 errors). Targets are printed, never asserted.

    PYTHONPATH=src python benchmarks/bench_api.py [--seconds 15] [--repeats 5] [--runs 2000] [--workers N] [--quick]
"""

from __future__ import annotations

import argparse
import json
import threading
import time

import numpy as np

from _common import DEFAULT, median_time

TARGET_RATIO = 2.0
CLIENTS = (1, 4)


def load(api: str, body: dict, runs: int, clients: int, seconds: float) -> dict:
    """`clients` threads posting `body` until the deadline; latencies in seconds, errors counted."""
    import httpx

    latencies: list[list[float]] = [[] for _ in range(clients)]
    errors = [0] * clients
    start = threading.Barrier(clients + 1)
    deadline = [0.0]

    def client(i: int) -> None:
        with httpx.Client(base_url=api, timeout=120) as c:
            start.wait()
            while time.perf_counter() < deadline[0]:
                t = time.perf_counter()
                try:
                    r = c.post("/plan", json=body, params={"runs": runs})
                    r.read()
                    ok = r.status_code == 200
                except httpx.HTTPError:
                    ok = False
                latencies[i].append(time.perf_counter() - t)
                errors[i] += not ok

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for th in threads:
        th.start()
    began = time.perf_counter()
    deadline[0] = began + seconds
    start.wait()
    for th in threads:
        th.join()
    wall = time.perf_counter() - began
    lat = np.array([x for xs in latencies for x in xs])
    return {"clients": clients, "requests": len(lat), "rps": len(lat) / wall, "errors": sum(errors),
            "p50": float(np.percentile(lat, 50)) if len(lat) else float("nan"),
            "p99": float(np.percentile(lat, 99)) if len(lat) else float("nan")}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=15.0, help="duration of each load level")
    ap.add_argument("--repeats", type=int, default=5, help="in-process plan() calls timed")
    ap.add_argument("--runs", type=int, default=2000, help="incident runs per plan (the API's default: 2000)")
    ap.add_argument("--workers", type=int, default=None, help="server worker processes (default: the server's)")
    ap.add_argument("--quick", action="store_true", help="a smoke run: 2 s per level, 200 runs, 2 repeats")
    args = ap.parse_args()
    if args.quick:
        args.seconds, args.runs, args.repeats = 2.0, 200, 2

    import peaceforce
    from peaceforce import safe_yaml
    from peaceforce.api.live import LiveServer

    body = safe_yaml.load(DEFAULT.read_text(encoding="utf-8"))
    settings = {"workers": args.workers} if args.workers else {}
    with LiveServer(**settings) as server:
        with __import__("httpx").Client(base_url=server.api, timeout=120) as c:
            workers = c.get("/health").json()["workers"]
            for _ in range(2):  # every worker has planned once
                c.post("/plan", json=body, params={"runs": args.runs})
        t_plan, _ = median_time(lambda: peaceforce.plan(body, runs=args.runs), args.repeats)
        t_json, _ = median_time(lambda: json.dumps(peaceforce.plan(body, runs=args.runs).to_dict(),
                                                   separators=(",", ":")), args.repeats)
        results = [load(server.api, body, args.runs, n, args.seconds) for n in CLIENTS]

    print(f"POST /api/plan, default scenario, {args.runs} runs, {workers} server workers, {args.seconds:g} s per level")
    print(f"in-process plan():                  {t_plan * 1e3:8.0f} ms")
    print(f"in-process plan() + JSON:           {t_json * 1e3:8.0f} ms")
    print(f"{'clients':>8} {'requests':>9} {'req/s':>7} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
    for r in results:
        print(f"{r['clients']:>8} {r['requests']:>9} {r['rps']:>7.2f} {r['p50'] * 1e3:>8.0f} {r['p99'] * 1e3:>8.0f} "
              f"{r['errors']:>7}")
    one = results[0]
    ratio = one["p50"] / t_plan
    errors = sum(r["errors"] for r in results)
    print(f"ratio p50 (1 client) / in-process plan(): {ratio:5.2f}x   (target <= {TARGET_RATIO}x: "
          f"{'met' if ratio <= TARGET_RATIO else 'NOT met'})")
    print(f"errors: {errors}   (target 0: {'met' if errors == 0 else 'NOT met'})")


if __name__ == "__main__":
    main()
