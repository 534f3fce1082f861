"""A 2026-07-28 desktop host: the Python `mcp` package's Client, which probes with
`server/discover`, launching mcp-bridge over stdio in front of a server that needs a sign-in.
It lists the tools, opens a `subscriptions/listen` for tool list changes, lists again on the
event, and calls `whoami`. Prints one JSON line with what it saw and when (ms since the epoch).

The SDK gives the child process only HOME, PATH and a few other variables: what the bridge
and its browser need (MCP_BRIDGE_*, SLOW_BROWSER_*) is passed on explicitly.

Usage: python py_host.py BRIDGE_BIN URL
"""

import asyncio
import json
import os
import sys
import time

from mcp import Client, StdioServerParameters


def now() -> float:
    return time.time() * 1000


async def main() -> None:
    bridge, url = sys.argv[1], sys.argv[2]
    env = {k: v for k, v in os.environ.items() if k.startswith(("MCP_BRIDGE_", "SLOW_BROWSER_"))}
    params = StdioServerParameters(command=bridge, args=["proxy", url, "--store", "file"], env=env)
    out: dict = {"started_at": now()}
    async with Client(params) as client:
        out["connected_at"] = now()
        out["protocol"] = client.protocol_version
        out["instructions"] = client.instructions
        out["tools_before"] = [t.name for t in (await client.list_tools()).tools]
        async with client.listen(tools_list_changed=True) as sub:
            out["honored_tools"] = bool(sub.honored.tools_list_changed)
            async for _event in sub:
                out["event_at"] = now()
                out["tools_after"] = [t.name for t in (await client.list_tools()).tools]
                out["listed_at"] = now()
                break
        result = await client.call_tool("whoami", {})
        out["call"] = result.content[0].text
    print(json.dumps(out), flush=True)


asyncio.run(main())
