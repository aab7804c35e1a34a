// A local OpenID Connect provider for tests and demos (npm oidc-provider, dev interactions: any password).
//   node scripts/oidc-provider.mjs PORT CONFIG.json
// CONFIG: {"clients":[{"client_id","client_secret","redirect_uris":[...]}], "accounts":"accounts.json", "jwks":{"keys":[...]}}
// Clients may also register themselves (RFC 7591, POST /reg), so each test gets a client for its own redirect URL.
// The accounts file ({"alice":{"preferred_username":"alice","groups":["pam-admins"]}}) is read at every sign-in,
// so a test can change someone's groups between two sign-ins.
import Provider from 'oidc-provider';
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';

const port = Number(process.argv[2] ?? 4010);
const config = JSON.parse(readFileSync(process.argv[3], 'utf8'));
const issuer = `http://127.0.0.1:${port}`;

const provider = new Provider(issuer, {
  clients: (config.clients ?? []).map((c) => ({
    client_id: c.client_id,
    client_secret: c.client_secret,
    redirect_uris: c.redirect_uris,
    grant_types: ['authorization_code'],
    response_types: ['code'],
  })),
  claims: { openid: ['sub'], profile: ['preferred_username', 'name', 'groups'], email: ['email'] },
  // Profile claims go into the id_token itself, where Kagi reads them.
  conformIdTokenClaims: false,
  pkce: { required: () => true },
  cookies: { keys: [randomBytes(32).toString('hex')] },
  // CONFIG.jwks (optional): the signing keys, so tests can also sign tokens as this provider (logout tokens it never sends).
  ...(config.jwks ? { jwks: config.jwks } : {}),
  // Back-channel logout: a client registered with backchannel_logout_uri is told when its session ends here.
  features: { devInteractions: { enabled: true }, registration: { enabled: true }, backchannelLogout: { enabled: true } },
  // The provider refuses to post to special-use addresses (its SSRF guard); here Kagi listens on 127.0.0.1, on
  // this machine only, so its own fetch goes without that guard. A real IdP reaches Kagi at its public address.
  fetch: (url, options) => {
    delete options.dispatcher;
    return globalThis.fetch(url, options);
  },
  async findAccount(ctx, id) {
    const accounts = JSON.parse(readFileSync(config.accounts, 'utf8'));
    const claims = accounts[id];
    if (!claims) return undefined;
    return { accountId: id, async claims() { return { sub: id, ...claims }; } };
  },
});
// The provider's dev-mode warnings would go to stdout, which the tests read for the ready line.
console.warn = () => {};
const server = provider.listen(port, '127.0.0.1', () => console.log(`oidc-provider listening on ${issuer}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
