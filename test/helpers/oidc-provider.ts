// A real OpenID Connect provider (oidc-provider) on a random 127.0.0.1 port, with one client for
// the app under test and its built-in development login and consent pages (any login is
// accepted; the claims come from `accounts`). It listens before it is configured, so the app
// can be built with its issuer first and its callback URL registered once the app has a port.
import { generateKeyPairSync } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import type { OidcProviderConfig } from '../../src/config.ts';

export interface ProviderAccount {
  email?: string;
  email_verified?: boolean;
  name?: string;
}

export interface LocalOidcProvider {
  issuer: string;
  /** This provider as GAZETTE_OIDC_PROVIDERS would describe it: id "local", shown as "Local". */
  config: OidcProviderConfig;
  /** Claims by login name; a login not listed signs in with a subject and nothing else. */
  accounts: Map<string, ProviderAccount>;
  /** Registers the app's callback URLs and starts answering (until then every request gets a 503). */
  start(redirectUris: string[]): void;
  /**
   * Plays a person at the provider over plain HTTP: follows the authorization URL, logs in as
   * `login` and consents (or cancels at the login page), and returns where the provider sends
   * the browser back to.
   */
  signIn(authorizationUrl: string, action: { login: string } | { cancel: true }): Promise<URL>;
  close(): Promise<void>;
}

const CLIENT_ID = 'gazette-test';
const CLIENT_SECRET = 'a-client-secret-only-the-tests-know';

export async function listenOidcProvider(): Promise<LocalOidcProvider> {
  let handler: http.RequestListener = (_req, res) => res.writeHead(503).end('not started');
  const server = http.createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const accounts = new Map<string, ProviderAccount>();

  const start = (redirectUris: string[]) => {
    const provider = new Provider(issuer, {
      clients: [
        {
          client_id: CLIENT_ID,
          client_secret: CLIENT_SECRET,
          redirect_uris: redirectUris,
          grant_types: ['authorization_code'],
          response_types: ['code'],
        },
      ],
      claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
      cookies: { keys: ['test-only-cookie-key'] },
      // Own signing key and lifetimes: oidc-provider's development defaults print warnings.
      jwks: { keys: [generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' })] },
      ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600 },
      findAccount: (_ctx, sub) => ({ accountId: sub, claims: () => ({ sub, ...accounts.get(sub) }) }),
    });
    provider.on('server_error', (_ctx, error) => console.error('oidc-provider server_error', error));
    handler = provider.callback();
  };

  async function signIn(authorizationUrl: string, action: { login: string } | { cancel: true }): Promise<URL> {
    const jar = new Map<string, string>();
    let url = new URL(authorizationUrl);
    let body: URLSearchParams | undefined;
    for (let step = 0; step < 20; step++) {
      if (url.origin !== issuer) return url;
      const response = await fetch(url, {
        method: body ? 'POST' : 'GET',
        body,
        redirect: 'manual',
        headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') },
      });
      for (const line of response.headers.getSetCookie()) {
        const [pair] = line.split(';');
        const eq = pair!.indexOf('=');
        const [name, value] = [pair!.slice(0, eq), pair!.slice(eq + 1)];
        if (value) jar.set(name, value);
        else jar.delete(name);
      }
      body = undefined;
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        url = new URL(location, url);
        continue;
      }
      const page = await response.text();
      if (response.status !== 200)
        throw new Error(`the provider answered ${response.status}: ${page.replace(/<style[\s\S]*<\/style>/, '').slice(0, 800)}`);
      if ('cancel' in action) {
        const cancel = /<a href="([^"]+)">\[ Cancel \]<\/a>/.exec(page);
        if (!cancel) throw new Error('no cancel link on the provider page');
        url = new URL(cancel[1]!.replace(/&amp;/g, '&'), url);
        continue;
      }
      const form = /<form[^>]*action="([^"]+)"[\s\S]*?name="prompt" value="([a-z]+)"/.exec(page);
      if (!form) throw new Error(`no login or consent form on the provider page: ${page.slice(0, 500)}`);
      url = new URL(form[1]!.replace(/&amp;/g, '&'), url);
      body = new URLSearchParams({ prompt: form[2]! });
      if (form[2] === 'login') {
        body.set('login', action.login);
        body.set('password', 'any password works here');
      }
    }
    throw new Error('the provider kept redirecting');
  }

  return {
    issuer,
    config: { id: 'local', name: 'Local', issuer, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, scopes: 'openid email profile' },
    accounts,
    start,
    signIn,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
