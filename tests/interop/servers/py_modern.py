"""A dual-era MCP server from the Python `mcp` package (2.x): it answers the 2026-07-28
stateless revision and the initialize-based one on the same endpoint.

Usage: python py_modern.py PORT
"""

import sys

from mcp.server.mcpserver import MCPServer

server = MCPServer("py-modern")


@server.tool()
def add(a: int, b: int) -> int:
    """Add two integers."""
    return a + b


@server.tool()
def shout(text: str) -> str:
    """Upper-case a text."""
    return text.upper()


if __name__ == "__main__":
    server.run(transport="streamable-http", host="127.0.0.1", port=int(sys.argv[1]), json_response=True)
