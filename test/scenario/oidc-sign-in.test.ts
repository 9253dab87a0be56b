/**
 * Single sign-on against a real OpenID provider (the `oidc-provider` package, in process on a free port,
 * with its development login and consent pages): authorization code flow with PKCE, state and nonce; the
 * person is created on first sign-in (role viewer), linked by verified email when they already exist, and
 * found by (issuer, subject) afterwards; `next` only ever leads to a path on Faultline; a replayed callback
 * and a disabled account are refused. The browser is played by fetch with a small cookie jar.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Provider from 'oidc-provider';
import type { SessionInfo, SignInMethods, UserList } from '@faultline/contracts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { freePort } from '../support/process.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { QUICKSTART_CONFIG } from '../../apps/server/src/config/env.ts';

const CLIENT_ID = 'faultline-test';
const CLIENT_SECRET = 'a-test-client-secret-that-is-long-enough';

/** Accounts the provider knows: id → claims. */
const ACCOUNTS: Record<string, { email: string; email_verified: boolean; name: string }> = {
  'idp-new': { email: 'New.Person@Example.com', email_verified: true, name: 'New Person' },
  'idp-existing': { email: 'ann@example.com', email_verified: true, name: 'Ann (IdP)' },
  'idp-unverified': { email: 'bob@example.com', email_verified: false, name: 'Not Bob' },
};

/** Cookies by name, as a browser on 127.0.0.1 would keep them (ports do not separate cookies). */
class CookieJar {
  private readonly jar = new Map<string, string>();
  store(res: Response): void {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      const name = pair!.slice(0, i);
      const value = pair!.slice(i + 1);
      if (/expires=Thu, 01 Jan 1970/i.test(c) || value === '') this.jar.delete(name);
      else this.jar.set(name, value);
    }
  }
  header(): string {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  get(name: string): string | undefined {
    return this.jar.get(name);
  }
}

describe('OIDC single sign-on against a real provider', () => {
  // The machine's now, on purpose: the identity provider (oidc-provider, a real one) stamps its tokens with
  // the machine's clock, and Faultline checks their times against its own.
  const clock = new FakeClock(new Date());
  let s: TestServer;
  let idp: Server;
  let issuer: string;
  let faultline: string;

  beforeAll(async () => {
    const [idpPort, flPort] = [await freePort(), await freePort()];
    issuer = `http://127.0.0.1:${idpPort}`;
    faultline = `http://127.0.0.1:${flPort}`;
    const provider = new Provider(issuer, {
      clients: [
        {
          client_id: CLIENT_ID,
          client_secret: CLIENT_SECRET,
          redirect_uris: [`${faultline}/api/v1/auth/oidc/callback`],
          grant_types: ['authorization_code'],
          response_types: ['code'],
        },
      ],
      claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
      findAccount: (_ctx, id) => {
        const claims = ACCOUNTS[id];
        return claims ? { accountId: id, claims: () => ({ sub: id, ...claims }) } : undefined;
      },
      pkce: { required: () => true },
      cookies: { keys: ['oidc-test-cookie-key'] },
    });
    idp = createServer(provider.callback());
    await new Promise<void>((resolve) => idp.listen(idpPort, '127.0.0.1', resolve));
    s = await startTestServer({
      clock,
      providers: { email: recordingProvider() },
      engineLoop: false,
      // The identity provider listens on 127.0.0.1: discovery, token and key requests must be allowed there.
      configYaml: `${readFileSync(QUICKSTART_CONFIG, 'utf8')}\noutbound:\n  allow: ['127.0.0.1']\n`,
      env: {
        FAULTLINE_PORT: String(flPort),
        FAULTLINE_PUBLIC_URL: faultline,
        FAULTLINE_OIDC_ISSUER: issuer,
        FAULTLINE_OIDC_CLIENT_ID: CLIENT_ID,
        FAULTLINE_OIDC_CLIENT_SECRET: CLIENT_SECRET,
      },
    });
    for (const [email, name] of [
      ['ann@example.com', 'Ann'],
      ['bob@example.com', 'Bob'],
    ]) {
      const r = await s.api('/api/v1/users', {
        method: 'POST',
        body: JSON.stringify({ email, name, role: 'responder' }),
      });
      expect(r.status).toBe(201);
    }
  });
  afterAll(async () => {
    await s?.dispose();
    await new Promise((resolve) => idp?.close(resolve));
  });

  /** Follows one redirect by hand, keeping cookies. */
  async function go(jar: CookieJar, url: string, init: RequestInit = {}): Promise<Response> {
    const res = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), cookie: jar.header() },
    });
    jar.store(res);
    return res;
  }
  const location = (res: Response, base: string) => new URL(res.headers.get('location')!, base).href;

  /**
   * Plays the browser: Faultline's start → provider login (as `account`) → consent → Faultline's callback.
   * Returns the callback's answer and the jar.
   */
  async function signIn(account: string, next = '/incidents/42?tab=timeline') {
    const jar = new CookieJar();
    const start = await go(jar, `${faultline}/api/v1/auth/oidc/start?next=${encodeURIComponent(next)}`);
    expect(start.status).toBe(302);
    const auth = new URL(start.headers.get('location')!);
    expect(auth.origin).toBe(issuer);
    expect(auth.searchParams.get('code_challenge_method')).toBe('S256');
    expect(auth.searchParams.get('state')).toBeTruthy();
    expect(auth.searchParams.get('nonce')).toBeTruthy();
    let res = await go(jar, auth.href);
    let callback: string | null = null;
    // The provider's pages: login, then consent, each a form posted back to the interaction URL.
    for (let hops = 0; hops < 12 && !callback; hops++) {
      if (res.status >= 300 && res.status < 400) {
        const to = location(res, issuer);
        if (to.startsWith(faultline)) callback = to;
        else res = await go(jar, to);
        continue;
      }
      const html = await res.text();
      const action = /action="([^"]+)"/.exec(html)?.[1];
      expect(action, html).toBeTruthy();
      const form = html.includes('name="login"')
        ? new URLSearchParams({ prompt: 'login', login: account, password: 'any' })
        : new URLSearchParams({ prompt: 'consent' });
      res = await go(jar, new URL(action!, issuer).href, {
        method: 'POST',
        body: form,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
    }
    expect(callback).toBeTruthy();
    const back = await go(jar, callback!);
    return { back, jar, callback: callback! };
  }

  const whoAmI = async (jar: CookieJar) =>
    (await fetch(`${faultline}/api/v1/session`, { headers: { cookie: jar.header() } }).then((r) =>
      r.json(),
    )) as SessionInfo;

  it('the console learns that single sign-on is offered', async () => {
    const methods = (await (await fetch(`${faultline}/api/v1/auth/methods`)).json()) as SignInMethods;
    expect(methods).toEqual({ password: true, oidc: true });
  });

  it('a first sign-in creates the person (viewer, source oidc) and lands on `next` signed in', async () => {
    const { back, jar } = await signIn('idp-new');
    expect(back.status).toBe(302);
    expect(back.headers.get('location')).toBe('/incidents/42?tab=timeline');
    expect(jar.get('faultline_session')).toBeTruthy();
    const me = await whoAmI(jar);
    expect(me).toMatchObject({ name: 'new.person@example.com', role: 'viewer' });
    const { users } = (await (await s.api('/api/v1/users')).json()) as UserList;
    expect(users.find((u) => u.email === 'new.person@example.com')).toMatchObject({
      name: 'New Person',
      role: 'viewer',
      source: 'oidc',
      sso: true,
    });
  });

  it('signing in again finds the same person by issuer and subject', async () => {
    const { back, jar } = await signIn('idp-new', '/');
    expect(back.headers.get('location')).toBe('/');
    expect((await whoAmI(jar)).name).toBe('new.person@example.com');
    const { users } = (await (await s.api('/api/v1/users')).json()) as UserList;
    expect(users.filter((u) => u.email === 'new.person@example.com')).toHaveLength(1);
  });

  it('an existing person is linked by verified email and keeps their role', async () => {
    const { back, jar } = await signIn('idp-existing');
    expect(back.status).toBe(302);
    expect(await whoAmI(jar)).toMatchObject({ name: 'ann@example.com', role: 'responder' });
    const audit = (await (await s.api('/api/v1/audit?targetType=user')).json()) as {
      entries: { action: string; actor: string }[];
    };
    expect(audit.entries.some((e) => e.action === 'user.link-sso' && e.actor === 'oidc')).toBe(true);
  });

  it('an unverified email that belongs to someone else is refused', async () => {
    const { back, jar } = await signIn('idp-unverified');
    expect(back.status).toBe(302);
    expect(back.headers.get('location')).toMatch(/^\/signin\?ssoError=/);
    expect(jar.get('faultline_session')).toBeUndefined();
  });

  it('`next` never leads off the server, whatever a browser makes of it', async () => {
    // Classic open-redirect payloads: browsers drop tabs and newlines from URLs, read `\\` as `/`, and
    // resolve dot segments, so each of these could name another host.
    const payloads = [
      'https://evil.example.com/',
      '//evil.example.com/x',
      '/\\evil.example.com',
      '/\t/evil.example.com',
      '/\n/evil.example.com',
      '/\r\n/evil.example.com',
      '/\\/evil.example.com',
      '\\\\evil.example.com',
      '///evil.example.com',
      '/.//evil.example.com',
      '/./\\evil.example.com',
      ' //evil.example.com',
      'javascript:alert(1)',
      'http:evil.example.com',
    ];
    for (const next of payloads) {
      const { back } = await signIn('idp-new', next);
      expect(back.status, JSON.stringify(next)).toBe(302);
      const to = new URL(back.headers.get('location')!, faultline);
      expect(to.origin, JSON.stringify(next)).toBe(faultline);
    }
    // Percent-encoded slashes stay a path on this server.
    const { back } = await signIn('idp-new', '/%2F%2Fevil.example.com');
    expect(new URL(back.headers.get('location')!, faultline).origin).toBe(faultline);
  });

  it('a replayed callback is refused (state is single-use)', async () => {
    const { callback } = await signIn('idp-new');
    const replay = await go(new CookieJar(), callback);
    expect(replay.status).toBe(302);
    expect(replay.headers.get('location')).toMatch(/^\/signin\?ssoError=/);
  });

  it('a forged callback without a started sign-in is refused', async () => {
    const res = await go(new CookieJar(), `${faultline}/api/v1/auth/oidc/callback?code=forged&state=made-up`);
    expect(res.headers.get('location')).toMatch(/^\/signin\?ssoError=/);
  });

  it('a disabled person cannot sign in through single sign-on', async () => {
    const { users } = (await (await s.api('/api/v1/users')).json()) as UserList;
    const ann = users.find((u) => u.email === 'ann@example.com')!;
    expect(
      (await s.api(`/api/v1/users/${ann.id}`, { method: 'PATCH', body: JSON.stringify({ disabled: true }) })).status,
    ).toBe(200);
    const { back, jar } = await signIn('idp-existing');
    expect(back.headers.get('location')).toMatch(/^\/signin\?ssoError=/);
    expect(jar.get('faultline_session')).toBeUndefined();
  });
});
