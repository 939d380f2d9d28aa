#!/usr/bin/env python3
"""Hostile and busy HTTP clients for test_http.sh: an SSE reader that
reconnects with Last-Event-ID, a slowloris, and many connections at once.
Each prints one JSON line with what it saw."""
import asyncio
import json
import socket
import sys
import time


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


async def one(host, port, token, results):
    try:
        r, w = await asyncio.open_connection(host, port)
        w.write(f"GET /metrics HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\n"
                "Connection: close\r\n\r\n".encode())
        await w.drain()
        data = await r.read()
        w.close()
        status = data.split(b" ", 2)[1].decode() if data.startswith(b"HTTP/1.1") else "none"
    except Exception as e:  # counted, not hidden
        status = type(e).__name__
    results[status] = results.get(status, 0) + 1


async def many(host, port, token, n):
    results = {}
    await asyncio.wait_for(asyncio.gather(*(one(host, port, token, results) for _ in range(n))), 120)
    print(json.dumps(results))


if __name__ == "__main__":
    mode, host, port, token = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    if mode == "sse":
        sse(host, port, token)
    elif mode == "slowloris":
        slowloris(host, port, token)
    elif mode == "many":
        asyncio.run(many(host, port, token, int(sys.argv[5])))
