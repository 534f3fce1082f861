#!/usr/bin/env python3
"""Peak memory of the bridge under a flood of maximum-size server messages and a slow host.

A Streamable HTTP server on 127.0.0.1 answers the handshake, then pushes COUNT notifications
of just under --max-message-size each down the GET stream as fast as the socket takes them.
The host reads the bridge's stdout slowly (READ_CHUNK bytes every READ_PAUSE seconds). When
every notification has reached the host, the bridge's peak resident memory (VmHWM from
/proc) is printed, with the bound stated in SECURITY.md (3 x max message size + 24 MiB).

    bench/flood.py BRIDGE_BINARY [--size-mib 32] [--count 16]

Linux only (it reads /proc). Everything stays on the loopback interface and the run stops by
itself: the server sends COUNT messages, then the host closes stdin.
"""

import argparse
import http.server
import json
import os
import shutil
import subprocess
import tempfile
import sys
import threading
import time

READ_CHUNK = 1 << 20
READ_PAUSE = 0.01


def make_handler(size, count, done):
    pad = "x" * (size - 200)

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("content-length", "0")))
            msg = json.loads(body)
            if "id" not in msg or "method" not in msg:
                self.send_response(202)
                self.send_header("content-length", "0")
                self.end_headers()
                return
            result = {}
            if msg["method"] == "initialize":
                result = {
                    "protocolVersion": "2025-11-25",
                    "capabilities": {},
                    "serverInfo": {"name": "flood", "version": "1"},
                }
            out = json.dumps({"jsonrpc": "2.0", "id": msg["id"], "result": result}).encode()
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.send_header("mcp-session-id", "flood-session")
            self.send_header("content-length", str(len(out)))
            self.end_headers()
            self.wfile.write(out)

        def do_GET(self):
            self.send_response(200)
            self.send_header("content-type", "text/event-stream")
            self.send_header("cache-control", "no-store")
            self.end_headers()
            try:
                for i in range(count):
                    note = {
                        "jsonrpc": "2.0",
                        "method": "notifications/message",
                        "params": {"level": "info", "data": f"{i:06d}{pad}"},
                    }
                    self.wfile.write(b"data: " + json.dumps(note).encode() + b"\n\n")
                    self.wfile.flush()
                done.wait(600)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def do_DELETE(self):
            self.send_response(200)
            self.send_header("content-length", "0")
            self.end_headers()

    return Handler


def vm(pid, key):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("bridge")
    ap.add_argument("--size-mib", type=int, default=32)
    ap.add_argument("--count", type=int, default=16)
    args = ap.parse_args()
    max_size = args.size_mib << 20
    done = threading.Event()
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), make_handler(max_size - 64, args.count, done)
    )
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/mcp"
    data_dir = tempfile.mkdtemp(prefix="flood-bench-")
    bridge = subprocess.Popen(
        [args.bridge, "proxy", url, "-q", "--max-message-size", str(max_size)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "MCP_BRIDGE_DATA_DIR": data_dir},
    )
    init = {
        "jsonrpc": "2.0",
        "id": 0,
        "method": "initialize",
        "params": {
            "protocolVersion": "2025-11-25",
            "capabilities": {},
            "clientInfo": {"name": "slow-host", "version": "1"},
        },
    }
    bridge.stdin.write((json.dumps(init) + "\n").encode())
    bridge.stdin.write(b'{"jsonrpc":"2.0","method":"notifications/initialized"}\n')
    bridge.stdin.flush()
    started = time.time()
    seen, newline_count, peak_mid = 0, 0, 0
    while newline_count < args.count + 1:
        chunk = bridge.stdout.read1(READ_CHUNK)
        if not chunk:
            break
        seen += len(chunk)
        newline_count += chunk.count(b"\n")
        peak_mid = max(peak_mid, vm(bridge.pid, "VmRSS"))
        time.sleep(READ_PAUSE)
    elapsed = time.time() - started
    peak = vm(bridge.pid, "VmHWM")
    done.set()
    bridge.stdin.close()
    try:
        bridge.wait(10)
    except subprocess.TimeoutExpired:
        bridge.kill()
    server.shutdown()
    shutil.rmtree(data_dir, ignore_errors=True)
    bound_kib = 3 * (max_size >> 10) + 24 * 1024
    print(
        json.dumps(
            {
                "max_message_mib": args.size_mib,
                "messages": args.count,
                "delivered_messages": newline_count - 1,
                "delivered_mib": round(seen / (1 << 20)),
                "seconds": round(elapsed, 1),
                "peak_rss_mib": round(peak / 1024, 1),
                "bound_mib": round(bound_kib / 1024),
                "within_bound": peak <= bound_kib,
            }
        )
    )
    return 0 if newline_count - 1 >= args.count else 1


if __name__ == "__main__":
    sys.exit(main())
