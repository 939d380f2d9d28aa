#!/usr/bin/env python3
"""Hostile and busy HTTP clients for test_http.sh and test_http_abuse.sh:
an SSE reader that reconnects with Last-Event-ID, slowloris clients, header
floods, stream openers, idle connection holders and many connections at
once. Each prints one JSON line with what it saw."""
import asyncio
import json
import socket
import sys
import threading
import time


def connect(host, port, src=None, timeout=10):
    """A connection from source address `src` (any 127/8 address works on
    loopback: the server's per-address limit sees distinct clients)."""
    return socket.create_connection((host, port), timeout=timeout,
                                    source_address=(src, 0) if src else None)


def read_status(s):
    """The status code of the response on `s`, or what went wrong."""
    data = b""
    try:
        while b"\r\n" not in data:
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
    except OSError as e:
        return type(e).__name__
    if not data.startswith(b"HTTP/1.1 "):
        return "none"
    return data.split(b" ", 2)[1].decode()


def sse_read(host, port, token, count, last_id=None, timeout=15):
    """Reads `count` events from /api/v1/stream; returns [(id, event)]."""
    s = socket.create_connection((host, port), timeout=timeout)
    req = f"GET /api/v1/stream HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\n"
    if last_id is not None:
        req += f"Last-Event-ID: {last_id}\r\n"
    s.sendall((req + "\r\n").encode())
    buf = b""
    events = []
    deadline = time.time() + timeout
    while len(events) < count and time.time() < deadline:
        chunk = s.recv(65536)
        if not chunk:
            break
        buf += chunk
        # Chunked encoding: event text still arrives whole per event; we
        # look for our own fields only.
        while b"\n\n" in buf and len(events) < count:
            block, buf = buf.split(b"\n\n", 1)
            fields = {}
            for line in block.split(b"\n"):
                if b": " in line:
                    k, v = line.split(b": ", 1)
                    fields[k.split(b"\r\n")[-1].decode()] = v.decode()
            if "id" in fields and "event" in fields:
                events.append((int(fields["id"]), fields["event"]))
    s.close()
    return events


def sse(host, port, token):
    first = sse_read(host, port, token, 2)
    time.sleep(3.5)  # at 1 s intervals, 3 or more events are missed
    resumed = sse_read(host, port, token, 3, last_id=first[-1][0])
    print(json.dumps({"first": first, "resumed": resumed}))


def sse_read_when_free(host, port, token, count, last_id=None, timeout=15):
    """sse_read, retried while every stream slot is taken (503), as an
    EventSource client retries: a stream whose client left holds its slot
    until the server's next write to it fails, up to an interval later."""
    deadline = time.time() + timeout
    while True:
        events = sse_read(host, port, token, count, last_id, timeout)
        if events or time.time() > deadline:
            return events
        time.sleep(0.5)


def sse_garbage_id(host, port, token):
    """The first event of a new stream, then of one with a Last-Event-ID
    that is no id the server issued."""
    fresh = sse_read_when_free(host, port, token, 1)
    garbage = sse_read_when_free(host, port, token, 1, last_id="not-an-id")
    print(json.dumps({"fresh": fresh, "garbage": garbage}))


def slowloris(host, port, token):
    """Sends half a request and goes silent: the server must hang up."""
    s = socket.create_connection((host, port), timeout=30)
    s.sendall(b"GET /metrics HTTP/1.1\r\nHost: x\r\n")
    start = time.time()
    for _ in range(3):  # a few bytes, slowly, then silence
        time.sleep(1)
        s.sendall(b"X")
    try:
        data = s.recv(4096)
    except socket.timeout:
        data = None
    print(json.dumps({"closed": data is not None, "after_s": round(time.time() - start, 1),
                      "reply": (data or b"")[:40].decode(errors="replace")}))


async def one(host, port, token, results, src=None):
    try:
        r, w = await asyncio.open_connection(host, port, local_addr=(src, 0) if src else None)
        w.write(f"GET /metrics HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\n"
                "Connection: close\r\n\r\n".encode())
        await w.drain()
        data = await r.read()
        w.close()
        status = data.split(b" ", 2)[1].decode() if data.startswith(b"HTTP/1.1") else "none"
    except Exception as e:  # counted, not hidden
        status = type(e).__name__
    results[status] = results.get(status, 0) + 1


async def many(host, port, token, n, sources=1):
    """n requests at once, spread over `sources` addresses 127.0.0.1, .2, ..."""
    results = {}
    srcs = [f"127.0.0.{1 + i % sources}" for i in range(n)] if sources > 1 else [None] * n
    await asyncio.wait_for(asyncio.gather(*(one(host, port, token, results, src) for src in srcs)), 120)
    print(json.dumps(results))


def get_metrics(host, port, token, src=None):
    """One authenticated GET /metrics: (status, seconds)."""
    start = time.time()
    try:
        s = connect(host, port, src)
        s.sendall(f"GET /metrics HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\n"
                  "Connection: close\r\n\r\n".encode())
        status = read_status(s)
        s.close()
    except OSError as e:
        status = type(e).__name__
    return status, round(time.time() - start, 3)


def flood(host, port, n, seconds):
    """n clients that send header lines without end, reconnecting whenever
    the server hangs up, for `seconds`."""
    stop = time.time() + seconds
    counts = {"connections": 0, "hung_up": 0, "bytes": 0}
    lock = threading.Lock()
    line = b"X-Flood: " + b"a" * 90 + b"\r\n"

    def client():
        while time.time() < stop:
            try:
                s = connect(host, port, timeout=2)
            except OSError:
                time.sleep(0.05)
                continue
            with lock:
                counts["connections"] += 1
            try:
                s.sendall(b"GET /metrics HTTP/1.1\r\nHost: x\r\n")
                while time.time() < stop:
                    s.sendall(line * 64)
                    with lock:
                        counts["bytes"] += len(line) * 64
            except OSError:
                with lock:
                    counts["hung_up"] += 1
            s.close()

    threads = [threading.Thread(target=client) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(json.dumps(counts))


def slow(host, port, token, n, every, seconds, src=None):
    """n clients that send a request head one byte every `every` seconds,
    without a token, while an authenticated client asks for /metrics once a
    second; reports the slow clients' fate and the authenticated answers."""
    head = b"GET /metrics HTTP/1.1\r\nHost: x\r\nUser-Agent: " + b"s" * 200 + b"\r\n\r\n"
    stop = time.time() + seconds
    socks = []
    for _ in range(n):
        socks.append(connect(host, port, src, timeout=seconds + 5))
    sent = [0] * n
    hung_up = [None] * n
    start = time.time()
    answers = []
    next_byte = start
    while time.time() < stop:
        if time.time() >= next_byte:
            for i, s in enumerate(socks):
                if hung_up[i] is None:
                    try:
                        s.sendall(head[sent[i]:sent[i] + 1])
                        sent[i] += 1
                    except OSError:
                        hung_up[i] = round(time.time() - start, 1)
            next_byte += every
        answers.append(get_metrics(host, port, token))
        time.sleep(1)
    for i, s in enumerate(socks):
        if hung_up[i] is None:
            s.setblocking(False)
            try:
                data = s.recv(4096)
                hung_up[i] = data.split(b"\r\n", 1)[0].decode() if data else "eof"
            except BlockingIOError:
                pass
            except OSError:
                hung_up[i] = "reset"
        s.close()
    print(json.dumps({"answers": answers, "slow_hung_up": hung_up}))


def open_stream(host, port, token, src=None):
    s = connect(host, port, src)
    s.sendall(f"GET /api/v1/stream HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\n"
              "\r\n".encode())
    return s


def streams(host, port, token, serial, parallel):
    """`serial` streams opened and closed one after another, then
    `parallel` opened at once and held while /metrics is asked for."""
    one_by_one = {}
    for _ in range(serial):
        s = open_stream(host, port, token)
        status = read_status(s)
        one_by_one[status] = one_by_one.get(status, 0) + 1
        s.close()
        time.sleep(0.5)  # the server notices the close at its next check
    time.sleep(2)
    socks = [open_stream(host, port, token) for _ in range(parallel)]
    at_once = {}
    for s in socks:
        status = read_status(s)
        at_once[status] = at_once.get(status, 0) + 1
    metrics = get_metrics(host, port, token)
    for s in socks:
        s.close()
    print(json.dumps({"one_by_one": one_by_one, "at_once": at_once, "metrics_while_open": metrics}))


def hold(host, port, n, src):
    """Opens n idle connections from `src` at once; reports how many the
    server took (silent) and how many it refused at once (status or hang-up),
    then asks from the same address while they are held."""
    socks, refused = [], {}
    for _ in range(n):
        try:
            socks.append(connect(host, port, src, timeout=5))
        except OSError as e:
            refused[type(e).__name__] = refused.get(type(e).__name__, 0) + 1
    time.sleep(1)
    held = 0
    for s in socks:
        s.setblocking(False)
        try:
            data = s.recv(4096)
            key = data.split(b" ", 2)[1].decode() if data.startswith(b"HTTP/1.1 ") else "eof"
            refused[key] = refused.get(key, 0) + 1
        except BlockingIOError:
            held += 1
        except OSError as e:
            refused[type(e).__name__] = refused.get(type(e).__name__, 0) + 1
    for s in socks:
        s.close()
    print(json.dumps({"held": held, "refused": refused}))


if __name__ == "__main__":
    mode, host, port, token = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    args = sys.argv[5:]
    if mode == "flood":
        flood(host, port, int(args[0]), float(args[1]))
    elif mode == "slow":
        slow(host, port, token, int(args[0]), float(args[1]), float(args[2]))
    elif mode == "streams":
        streams(host, port, token, int(args[0]), int(args[1]))
    elif mode == "hold":
        hold(host, port, int(args[0]), args[1])
    elif mode == "metrics":
        print(json.dumps(get_metrics(host, port, token, args[0] if args else None)))
    elif mode == "sse_garbage_id":
        sse_garbage_id(host, port, token)
    elif mode == "sse":
        sse(host, port, token)
    elif mode == "slowloris":
        slowloris(host, port, token)
    elif mode == "many":
        asyncio.run(many(host, port, token, int(args[0]), int(args[1]) if len(args) > 1 else 1))
