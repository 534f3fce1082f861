// A real OAuth 2.1 / OpenID Connect authorization server for sign-in tests: oidc-provider with
// its development login and consent forms, open dynamic registration, PKCE required, refresh
// tokens that rotate on every use (reusing an old one revokes the whole grant), RFC 8707
// resource indicators with JWT access tokens for one MCP server, and revocation. Every token
// endpoint request is logged (`token-request GRANT_TYPE STATUS`).
// With a fourth argument `saas:CLIENT_ID:REDIRECT_URI` it stands in for a Cloudflare Access for
// SaaS application instead: one pre-registered public client with a fixed loopback redirect URI,
// no registration, no resource indicators, RS256 ID tokens carrying the user's email.
// Usage: node oidc-as.mjs PORT RESOURCE_URL [ACCESS_TOKEN_TTL_SECONDS] [saas:CLIENT_ID:REDIRECT_URI]
import Provider from 'oidc-provider';

const [port, resource, ttl = '600', saasArg] = process.argv.slice(2);
const saas = saasArg?.startsWith('saas:')
  ? { clientId: saasArg.split(':')[1], redirectUri: saasArg.split(':').slice(2).join(':') }
  : null;
const issuer = `http://127.0.0.1:${port}`;
const accessTtl = Number(ttl);
let refreshes = 0;

const saasConfig = saas ? {
  clients: [{
    client_id: saas.clientId, token_endpoint_auth_method: 'none', redirect_uris: [saas.redirectUri],
    grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'],
  }],
  conformIdTokenClaims: false,
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  findAccount: async (ctx, id) => ({
    accountId: id,
    claims: async () => ({ sub: id, email: `${id}@example.com`, email_verified: true, name: id }),
  }),
} : {};

const provider = new Provider(issuer, {
  ...saasConfig,
  scopes: ['openid', 'offline_access', 'mcp:tools'],
  cookies: { keys: ['interop-tests-only'] },
  pkce: { required: () => true },
  ttl: { AccessToken: accessTtl, AuthorizationCode: 60, RefreshToken: 86400, Interaction: 600, Session: 3600, Grant: 86400 },
  issueRefreshToken: async (ctx, client) => client.grantTypeAllowed('refresh_token'),
  rotateRefreshToken: () => true,
  clientDefaults: { grant_types: ['authorization_code', 'refresh_token'], token_endpoint_auth_method: 'none' },
  features: {
    devInteractions: { enabled: true },
    registration: { enabled: !saas },
    revocation: { enabled: true },
    resourceIndicators: {
      enabled: !saas,
      defaultResource: async () => resource,
      useGrantedResource: async () => true,
      getResourceServerInfo: async (ctx, indicator) => {
        if (indicator !== resource) throw new Provider.errors.InvalidTarget();
        return { scope: 'mcp:tools', audience: resource, accessTokenFormat: 'jwt', accessTokenTTL: accessTtl, jwt: { sign: { alg: 'RS256' } } };
      },
    },
  },
});
// Every request to the token endpoint, whatever its outcome, for tests that count them.
provider.use(async (ctx, next) => {
  await next();
  if (ctx.method === 'POST' && ctx.path === '/token') {
    console.log(`token-request ${ctx.oidc?.params?.grant_type ?? '?'} ${ctx.status}`);
  }
});
provider.on('grant.success', (ctx) => {
  if (ctx.oidc.params?.grant_type === 'refresh_token') console.log(`refresh ${++refreshes}`);
});
provider.on('grant.error', (ctx, err) => console.log(`grant.error ${err.message}`));
provider.listen(Number(port), '127.0.0.1', () => console.log(`ready ${issuer}`));
