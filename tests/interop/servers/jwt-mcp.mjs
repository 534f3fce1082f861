// An MCP server (TypeScript SDK, stateless Streamable HTTP) that accepts only JWT access
// tokens issued for it by the given authorization server, and publishes its protected
// resource metadata. Tool `whoami` answers with the token's subject.
// With a third argument `idtoken:CLIENT_ID` it accepts the ID tokens of that client instead (as
// an MCP server that checks Cloudflare Access for SaaS tokens does); `whoami` then answers
// with the email.
// Usage: node jwt-mcp.mjs PORT ISSUER [idtoken:CLIENT_ID]
import express from 'express';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { requireBearerAuth } from '@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js';
import { InvalidTokenError } from '@modelcontextprotocol/sdk/server/auth/errors.js';

const [port, issuer, mode] = process.argv.slice(2);
const idTokenClient = mode?.startsWith('idtoken:') ? mode.slice('idtoken:'.length) : null;
const resource = `http://127.0.0.1:${port}/mcp`;
const metadataUrl = `http://127.0.0.1:${port}/.well-known/oauth-protected-resource/mcp`;
const keys = createRemoteJWKSet(new URL(`${issuer}/jwks`));

const verifier = {
  async verifyAccessToken(token) {
    try {
      const { payload } = await jwtVerify(token, keys, { issuer, audience: idTokenClient ?? resource });
      return {
        token, clientId: String(payload.client_id ?? payload.aud), expiresAt: payload.exp,
        scopes: idTokenClient ? ['mcp:tools'] : String(payload.scope ?? '').split(' ').filter(Boolean),
        extra: { sub: payload.sub, email: payload.email },
      };
    } catch (e) {
      throw new InvalidTokenError(`token refused: ${e.code ?? e.message}`);
    }
  },
};

const app = express();
app.use(express.json());
app.get('/.well-known/oauth-protected-resource/mcp', (req, res) =>
  res.json({ resource, authorization_servers: [issuer], scopes_supported: ['mcp:tools'] }));
app.all('/mcp', requireBearerAuth({ verifier, requiredScopes: ['mcp:tools'], resourceMetadataUrl: metadataUrl }), async (req, res) => {
  const server = new McpServer({ name: 'jwt-mcp', version: '1.0.0' });
  server.tool('whoami', 'The subject of the access token', {}, async (_args, extra) =>
    ({ content: [{ type: 'text', text: idTokenClient ? `email=${extra.authInfo?.extra?.email}` : `sub=${extra.authInfo?.extra?.sub}` }] }));
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
  res.on('close', () => { transport.close(); server.close(); });
  await server.connect(transport);
  await transport.handleRequest(req, res, req.body);
});
app.listen(Number(port), '127.0.0.1', () => console.log(`ready ${resource}`));
