// A real OAuth 2.1 / OpenID Connect authorization server for sign-in tests: oidc-provider with
// its development login and consent forms, open dynamic registration, PKCE required, refresh
// tokens that rotate on every use (reusing an old one revokes the whole grant), RFC 8707
// resource indicators with JWT access tokens for one MCP server, and revocation.
// Usage: node oidc-as.mjs PORT RESOURCE_URL [ACCESS_TOKEN_TTL_SECONDS]
import Provider from 'oidc-provider';

const [port, resource, ttl = '600'] = process.argv.slice(2);
const issuer = `http://127.0.0.1:${port}`;
const accessTtl = Number(ttl);
let refreshes = 0;

const provider = new Provider(issuer, {
  scopes: ['openid', 'offline_access', 'mcp:tools'],
  cookies: { keys: ['interop-tests-only'] },
  pkce: { required: () => true },
  ttl: { AccessToken: accessTtl, AuthorizationCode: 60, RefreshToken: 86400, Interaction: 600, Session: 3600, Grant: 86400 },
  issueRefreshToken: async (ctx, client) => client.grantTypeAllowed('refresh_token'),
  rotateRefreshToken: () => true,
  clientDefaults: { grant_types: ['authorization_code', 'refresh_token'], token_endpoint_auth_method: 'none' },
  features: {
    devInteractions: { enabled: true },
    registration: { enabled: true },
    revocation: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: async () => resource,
      useGrantedResource: async () => true,
      getResourceServerInfo: async (ctx, indicator) => {
        if (indicator !== resource) throw new Provider.errors.InvalidTarget();
        return { scope: 'mcp:tools', audience: resource, accessTokenFormat: 'jwt', accessTokenTTL: accessTtl, jwt: { sign: { alg: 'RS256' } } };
      },
    },
  },
});
provider.on('grant.success', (ctx) => {
  if (ctx.oidc.params?.grant_type === 'refresh_token') console.log(`refresh ${++refreshes}`);
});
provider.on('grant.error', (ctx, err) => console.log(`grant.error ${err.message}`));
provider.listen(Number(port), '127.0.0.1', () => console.log(`ready ${issuer}`));
