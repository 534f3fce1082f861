// A Cloudflare Worker like the MCP servers deployed on Workers: @cloudflare/workers-oauth-provider
// guards /mcp and the paths below it (dynamic registration, PKCE, opaque access tokens that
// live 60 s, refresh rotation that keeps the previous refresh token valid until the new one is
// used), and a small JSON-RPC handler answers MCP. The /authorize page approves at once as user "alice" (the tests' stand-in for a login).
import { OAuthProvider } from '@cloudflare/workers-oauth-provider';

const ORIGIN = 'http://127.0.0.1:8787';

function reply(id, result, headers = {}) {
  return Response.json({ jsonrpc: '2.0', id, result }, { headers });
}

const mcp = {
  async fetch(request, env, ctx) {
    if (request.method === 'DELETE') return new Response(null, { status: 200 });
    if (request.method !== 'POST') return new Response(null, { status: 405, headers: { allow: 'POST, DELETE' } });
    const msg = await request.json();
    if (msg.id === undefined || msg.method === undefined) return new Response(null, { status: 202 });
    switch (msg.method) {
      case 'initialize':
        return reply(msg.id, {
          protocolVersion: msg.params?.protocolVersion ?? '2025-06-18',
          capabilities: { tools: {} },
          serverInfo: { name: 'worker-mcp', version: '1.0.0' },
        }, { 'mcp-session-id': crypto.randomUUID() });
      case 'ping':
        return reply(msg.id, {});
      case 'tools/list':
        return reply(msg.id, { tools: [{ name: 'whoami', description: 'The signed-in user', inputSchema: { type: 'object', properties: {} } }] });
      case 'tools/call':
        return reply(msg.id, { content: [{ type: 'text', text: `user=${ctx.props.userId}` }] });
      default:
        return Response.json({ jsonrpc: '2.0', id: msg.id, error: { code: -32601, message: `no method ${msg.method}` } });
    }
  },
};

const pages = {
  async fetch(request, env) {
    if (new URL(request.url).pathname !== '/authorize') return new Response('not found', { status: 404 });
    const auth = await env.OAUTH_PROVIDER.parseAuthRequest(request);
    const { redirectTo } = await env.OAUTH_PROVIDER.completeAuthorization({
      request: auth, userId: 'alice', metadata: {}, scope: auth.scope, props: { userId: 'alice' },
    });
    return Response.redirect(redirectTo, 302);
  },
};

const provider = new OAuthProvider({
  apiRoute: '/mcp',
  apiHandler: mcp,
  defaultHandler: pages,
  authorizeEndpoint: '/authorize',
  tokenEndpoint: '/token',
  clientRegistrationEndpoint: '/register',
  scopesSupported: ['mcp:tools'],
  resourceMetadata: { resource: `${ORIGIN}/mcp`, authorization_servers: [ORIGIN], scopes_supported: ['mcp:tools'] },
  accessTokenTTL: 60,
});

// Every token endpoint request is logged (`token-request GRANT_TYPE`), for the tests that
// count them in wrangler's output.
export default {
  async fetch(request, env, ctx) {
    if (request.method === 'POST' && new URL(request.url).pathname === '/token') {
      const form = await request.clone().formData().catch(() => null);
      console.log(`token-request ${form?.get('grant_type') ?? '?'}`);
    }
    return provider.fetch(request, env, ctx);
  },
};
