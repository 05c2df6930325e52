"""Slow clients and an oversized body against a running server; a normal page must still answer.

    .venv/bin/python drills/slow_clients.py --server http://127.0.0.1:8000 \
        [--slow-headers 12] [--slow-bodies 6] [--seconds 20]

Against a loopback address only. It measures the portal's home page while idle, then opens
--slow-headers connections that send their request headers one byte at a time (slowloris),
--slow-bodies connections that announce a 1 MB body and send it 100 bytes a second, and one
request announcing a 300 MB body (which must be refused with 413 before it is sent), and measures
the home page again while they hold on. Prints p50/p95 idle and under the slow clients and the
time to the 413; exits 1 when a page failed, the 413 did not come within 5 s, or the p95 under
the slow clients is over twice idle.
"""

import argparse
import json
import socket
import statistics
import sys
import threading
import time
import urllib.parse
import urllib.request


def _loopback(url: str) -> tuple[str, int]:
    parts = urllib.parse.urlsplit(url)
    if parts.hostname not in ("127.0.0.1", "localhost", "::1"):
        sys.exit("drills only talk to loopback addresses")
    return parts.hostname, parts.port or 80


def _measure(base: str, seconds: float, pause: float = 0.2) -> list[float]:
    times = []
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        start = time.perf_counter()
        try:
            with urllib.request.urlopen(base + "/", timeout=60) as response:  # noqa: S310
                response.read()
            times.append(time.perf_counter() - start)
        except Exception:  # noqa: BLE001 - a failed page counts as a minute
            times.append(60.0)
        time.sleep(pause)
    return times


def _slow_headers(address, stop: threading.Event) -> None:
    request = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slow\r\nX-Pad: " + b"a" * 4000
    try:
        with socket.create_connection(address, timeout=120) as sock:
            for byte in request:
                if stop.is_set():
                    return
                sock.sendall(bytes([byte]))
                time.sleep(1.0)
    except OSError:
        return


def _slow_body(address, stop: threading.Event) -> None:
    head = (
        b"POST /accounts/login/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
        b"application/x-www-form-urlencoded\r\nContent-Length: 1048576\r\n\r\n"
    )
    try:
        with socket.create_connection(address, timeout=120) as sock:
            sock.sendall(head)
            while not stop.is_set():
                sock.sendall(b"a" * 100)
                time.sleep(1.0)
    except OSError:
        return


def _huge_body(address) -> tuple[float, str]:
    head = (
        b"POST /accounts/login/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
        b"application/octet-stream\r\nContent-Length: 314572800\r\n\r\n"
    )
    start = time.perf_counter()
    with socket.create_connection(address, timeout=30) as sock:
        sock.sendall(head + b"x" * 65536)
        sock.settimeout(5)
        try:
            answer = sock.recv(200).decode("latin-1")
        except TimeoutError:
            return time.perf_counter() - start, "no answer within 5 s"
    return time.perf_counter() - start, answer.split("\r\n", 1)[0]


def _summary(times: list[float]) -> dict:
    ordered = sorted(times)
    return {
        "n": len(ordered),
        "p50": round(statistics.median(ordered), 3),
        "p95": round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))], 3),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", default="http://127.0.0.1:8000")
    parser.add_argument("--slow-headers", type=int, default=12)
    parser.add_argument("--slow-bodies", type=int, default=6)
    parser.add_argument("--seconds", type=float, default=20.0)
    args = parser.parse_args()
    address = _loopback(args.server)
    base = args.server.rstrip("/")

    _measure(base, 3, pause=0.05)  # every worker loads its code and templates first
    idle = _measure(base, args.seconds / 2)
    stop = threading.Event()
    clients = [
        threading.Thread(target=_slow_headers, args=(address, stop), daemon=True)
        for _ in range(args.slow_headers)
    ] + [
        threading.Thread(target=_slow_body, args=(address, stop), daemon=True)
        for _ in range(args.slow_bodies)
    ]
    for client in clients:
        client.start()
    time.sleep(2)  # let them connect and start dribbling
    refused_after, answer = _huge_body(address)
    loaded = _measure(base, args.seconds)
    stop.set()

    idle_s, loaded_s = _summary(idle), _summary(loaded)
    print(
        json.dumps(
            {
                "idle": idle_s,
                "with_slow_clients": loaded_s,
                "slow_headers": args.slow_headers,
                "slow_bodies": args.slow_bodies,
                "ratio_p95": round(loaded_s["p95"] / idle_s["p95"], 2),
                "300MB_body": {"answer": answer, "after_s": round(refused_after, 3)},
            }
        )
    )
    failed = (
        any(t >= 60 for t in loaded) or loaded_s["p95"] > 2 * idle_s["p95"] or "413" not in answer
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
