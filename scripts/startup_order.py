#!/usr/bin/env python3
"""Write link/startup.ld: the functions a launch executes, laid out next to each other.

    scripts/startup_order.py BINARY [BINARY ...] [--out link/startup.ld]

Each BINARY is a release build with its symbols (scripts/startup-order.sh makes the glibc
and, where the target is installed, the static musl one that the releases ship). It is run
under valgrind's callgrind the way a host runs it: against a loopback MCP server over http
and over https, with the credential and the era already stored, with the default store, and
in the mcp-remote argument form; each run sends `initialize`, `tools/list` and `tools/call`
and then closes stdin. Every function of the binary that any run executed becomes one input
section pattern of the linker script, run by run (the plain http launch first, so that what
only https adds sits at the end); the binaries' sets are joined, since the two C libraries and
the targets' instantiations differ.

Why: the kernel maps a program's code into memory 64 KiB around every page it touches, so
code executed at start but scattered over the binary makes most of `.text` resident. Laid
out together, it is a fraction (bench/STARTUP.md has the figures).

The patterns leave out what changes from build to build (the hash of a Rust symbol's legacy
mangling, the crate disambiguators of the v0 mangling, aws-lc's version prefix, LLVM's local
suffixes), so the script keeps working after a version bump or a dependency update; what it
then misses only costs memory, never correctness. Regenerate it when start-up changes.
"""

import argparse
import json
import os
import re
import shutil
import ssl
import subprocess
import sys
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

INIT = {
    "jsonrpc": "2.0",
    "id": 1,
    "method": "initialize",
    "params": {
        "protocolVersion": "2025-06-18",
        "capabilities": {},
        "clientInfo": {"name": "startup-order", "version": "1"},
    },
}
AFTER = [
    {"jsonrpc": "2.0", "id": 2, "method": "tools/list", "params": {}},
    {"jsonrpc": "2.0", "id": 3, "method": "tools/call", "params": {"name": "echo", "arguments": {"text": "x"}}},
]


class Server(BaseHTTPRequestHandler):
    """A Streamable HTTP server with sessions and JSON answers, the benchmark's kind."""

    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, body=None):
        data = json.dumps(body).encode() if body is not None else b""
        self.send_response(status)
        if body is not None:
            self.send_header("content-type", "application/json")
            self.send_header("mcp-session-id", "startup-order")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        message = json.loads(self.rfile.read(int(self.headers["content-length"])))
        if not isinstance(message, dict) or "id" not in message:
            return self.reply(202)
        method = message.get("method")
        if method == "initialize":
            result = {
                "protocolVersion": "2025-06-18",
                "capabilities": {"tools": {}},
                "serverInfo": {"name": "startup-order", "version": "1"},
            }
        elif method == "tools/list":
            result = {"tools": [{"name": "echo", "inputSchema": {"type": "object"}}]}
        else:
            result = {"content": [{"type": "text", "text": "x"}]}
        self.reply(200, {"jsonrpc": "2.0", "id": message["id"], "result": result})

    def do_GET(self):
        self.reply(405)

    def do_DELETE(self):
        self.reply(200)


def serve(tls_dir=None):
    server = ThreadingHTTPServer(("127.0.0.1", 0), Server)
    scheme = "http"
    if tls_dir:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(os.path.join(tls_dir, "cert.pem"), os.path.join(tls_dir, "key.pem"))
        server.socket = context.wrap_socket(server.socket, server_side=True)
        scheme = "https"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"{scheme}://127.0.0.1:{server.server_address[1]}/mcp"


def self_signed(directory):
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", os.path.join(directory, "key.pem"), "-out", os.path.join(directory, "cert.pem")],
        check=True, capture_output=True,
    )


def launch(prefix, binary, args, env):
    """One launch as a host makes it: initialize, two calls, then end of input."""
    child = subprocess.Popen(prefix + [binary] + args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, env=env)
    for message in [INIT] + AFTER:
        child.stdin.write((json.dumps(message) + "\n").encode())
        child.stdin.flush()
        if not child.stdout.readline():
            break
    child.stdin.close()
    child.wait(timeout=120)


def executed(profile, binary):
    """The functions of `binary` that callgrind's `profile` saw executed, in first-seen order."""
    names, objects, seen, order, current = {}, {}, set(), [], None
    line_re = re.compile(r"^(c?ob|c?fn)=\((\d+)\)(?: (.*))?$")
    with open(profile, errors="replace") as f:
        for line in f:
            m = line_re.match(line.rstrip("\n"))
            if not m:
                continue
            kind, key, name = m.groups()
            table = objects if kind.endswith("ob") else names
            if name is not None:
                table[key] = name
            if kind == "ob":
                current = objects.get(key)
            elif kind == "fn" and current in (binary, "???"):
                name = names[key]
                if name not in seen:
                    seen.add(name)
                    order.append(name)
    return order


def pattern(symbol):
    """The input section names a function's code may sit in, without the per-build parts."""
    name = symbol.split("'")[0]  # callgrind marks recursion levels as NAME'2
    name = re.sub(r"(\.llvm\.\d+|\.\d+)$", "", name)
    if name.startswith("_ZN"):
        name = re.sub(r"17h[0-9a-f]{16}E$", "17h*", name)
    else:
        if name.startswith("_R"):
            name = re.sub(r"Cs[0-9A-Za-z]+_", "Cs*_", name)
        name = re.sub(r"^aws_lc_\d+_\d+_\d+_", "aws_lc_*_", name) + "*"
    if not re.fullmatch(r"[A-Za-z0-9_$.*]+", name):
        return None  # not a function of its own section (e.g. callgrind's "(below main)")
    return f".text.{name} .text.unlikely.{name}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("binaries", nargs="+", metavar="BINARY")
    parser.add_argument("--out", default="link/startup.ld")
    args = parser.parse_args()
    binaries = [os.path.abspath(b) for b in args.binaries]
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is needed (apt-get install valgrind)")
    for binary in binaries:
        sections = subprocess.run(["readelf", "-SW", binary], capture_output=True, text=True, check=True).stdout
        if ".symtab" not in sections:
            sys.exit(f"{binary} has no symbols: build it with CARGO_PROFILE_RELEASE_STRIP=none")

    work = tempfile.mkdtemp(prefix="startup-order-")
    try:
        self_signed(work)
        _, http_url = serve()
        _, https_url = serve(work)
        env = {k: v for k, v in os.environ.items() if k not in ("RUST_BACKTRACE", "RUST_LOG")}
        ca = ["--ca-file", os.path.join(work, "cert.pem")]
        runs = [
            ("http", ["proxy", http_url, "--store", "file"]),
            ("default-store", ["proxy", http_url]),
            ("mcp-remote-form", [http_url]),
            ("https", ["proxy", https_url, "--store", "file"] + ca),
        ]
        order, seen = [], set()
        for name, run_args in runs:
            for n, binary in enumerate(binaries):
                env["MCP_BRIDGE_DATA_DIR"] = os.path.join(work, f"data-{n}")
                launch([], binary, run_args, env)  # untimed first launch: the era is remembered
                profile = os.path.join(work, f"callgrind.{name}.{n}")
                launch(["valgrind", "--tool=callgrind", "--demangle=no", f"--callgrind-out-file={profile}"],
                       binary, run_args, env)
                found = executed(profile, binary)
                print(f"{name}, {binary}: "
                      f"{len(found)} functions", file=sys.stderr)
                for symbol in found:
                    p = pattern(symbol)
                    if p and p not in seen:
                        seen.add(p)
                        order.append(p)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    with open(args.out, "w") as out:
        out.write("/* The functions a launch executes, kept together (scripts/startup_order.py wrote\n")
        out.write("   this file; build.rs passes it to the linker of Linux release builds). */\n")
        out.write("SECTIONS\n{\n  .text.startup_order :\n  {\n")
        for p in order:
            out.write(f"    *({p})\n")
        out.write("  }\n}\nINSERT BEFORE .text;\n")
    print(f"{args.out}: {len(order)} patterns", file=sys.stderr)


if __name__ == "__main__":
    main()
