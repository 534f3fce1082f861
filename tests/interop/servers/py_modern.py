"""A dual-era MCP server from the Python `mcp` package (2.x): it answers the 2026-07-28
stateless revision and the initialize-based one on the same endpoint. Besides plain tools it
has tools that need the client's help (elicitation, sampling, roots: on 2026-07-28 these come
as `input_required` results), a tool that announces a change of the tool list and of a
resource (on 2026-07-28 through `subscriptions/listen`), and that resource.

Usage: python py_modern.py PORT
"""

import sys
from typing import Annotated

from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.resolve import Elicit, ListRoots, Resolve, Sample
from mcp_types import CreateMessageResult, ListRootsResult, SamplingMessage, TextContent
from pydantic import BaseModel

server = MCPServer("py-modern")


@server.tool()
def add(a: int, b: int) -> int:
    """Add two integers."""
    return a + b


@server.tool()
def shout(text: str) -> str:
    """Upper-case a text."""
    return text.upper()


class Name(BaseModel):
    name: str


def ask_name() -> Elicit[Name]:
    return Elicit("What is your name?", Name)


@server.tool()
def greet(who: Annotated[Name, Resolve(ask_name)]) -> str:
    """Greet the user, asking for the name."""
    return f"Hello, {who.name}!"


def ask_model() -> Sample:
    return Sample([SamplingMessage(role="user", content=TextContent(type="text", text="Say hi"))], max_tokens=20)


@server.tool()
def relay(reply: Annotated[CreateMessageResult, Resolve(ask_model)]) -> str:
    """Ask the client's model and pass on what it said."""
    return f"model said: {reply.content.text}"


def roots() -> ListRoots:
    return ListRoots()


@server.tool()
def count_roots(found: Annotated[ListRootsResult, Resolve(roots)]) -> str:
    """Count the client's roots."""
    return f"{len(found.roots)} roots"


@server.tool()
async def touch(ctx: Context) -> str:
    """Announce that the tool list and the note changed."""
    await ctx.notify_tools_changed()
    await ctx.notify_resource_updated("note://a")
    return "touched"


@server.resource("note://a")
def note() -> str:
    return "a note"


if __name__ == "__main__":
    server.run(transport="streamable-http", host="127.0.0.1", port=int(sys.argv[1]), json_response=True)
