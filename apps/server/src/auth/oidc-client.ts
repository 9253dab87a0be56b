/**
 * OpenID Connect single sign-on (docs/identity.md) through openid-client: the authorization code flow with
 * PKCE (S256), state and nonce. Settings come from the boot env (FAULTLINE_OIDC_ISSUER, _CLIENT_ID,
 * _CLIENT_SECRET); the issuer's metadata is discovered at the first sign-in and kept for the process.
 *
 * Every request to the provider (discovery, token, JWKS, UserInfo) goes through the one outbound client
 * (lib/outbound): an issuer on a private network must be listed under `outbound.allow`.
 */
import * as client from 'openid-client';

import { AppError, redactText } from '../lib/index.ts';
import type { OutboundFetch } from '../lib/index.ts';
import type { OidcIdentity } from '../people/index.ts';

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
}

/**
 * The OIDC settings of the boot env, or null when single sign-on is off.
 * @throws AppError VALIDATION when only some of the three variables are set
 */
/** The boot env's single sign-on variables (config/env.ts validates them). */
export interface OidcEnv {
  FAULTLINE_OIDC_ISSUER?: string | undefined;
  FAULTLINE_OIDC_CLIENT_ID?: string | undefined;
  FAULTLINE_OIDC_CLIENT_SECRET?: string | undefined;
}

export function oidcSettings(env: OidcEnv): OidcSettings | null {
  const issuer = env.FAULTLINE_OIDC_ISSUER;
  const clientId = env.FAULTLINE_OIDC_CLIENT_ID;
  const clientSecret = env.FAULTLINE_OIDC_CLIENT_SECRET;
  if (!issuer && !clientId && !clientSecret) return null;
  if (!issuer || !clientId || !clientSecret) {
    const missing = [
      ['FAULTLINE_OIDC_ISSUER', issuer],
      ['FAULTLINE_OIDC_CLIENT_ID', clientId],
      ['FAULTLINE_OIDC_CLIENT_SECRET', clientSecret],
    ]
      .filter(([, v]) => !v)
      .map(([k]) => k!);
    throw new AppError(
      'VALIDATION',
      `bad environment:\n${missing.map((k) => `  ${k}: required when single sign-on is configured`).join('\n')}`,
      missing.map((k) => ({ path: k, message: 'required when single sign-on is configured' })),
    );
  }
  return { issuer, clientId, clientSecret };
}

/** A request body the outbound client can send again after a redirect (openid-client sends forms and JSON). */
function resendable(body: client.CustomFetchOptions['body']): string | URLSearchParams | Uint8Array | null {
  if (body === undefined || body === null || typeof body === 'string' || body instanceof URLSearchParams)
    return body ?? null;
  if (body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  throw new AppError('INTERNAL', 'single sign-on: a streamed request body is not supported');
}

/** An error's message, and its cause's (openid-client wraps the outbound client's error). */
function describe(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  const cause = (e as { cause?: unknown }).cause;
  return cause instanceof Error && !message.includes(cause.message) ? `${message}: ${cause.message}` : message;
}

/** Plain HTTP is accepted only for an issuer on this machine (development, tests). */
const isLoopback = (u: URL) => ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);

/** The identity the provider vouched for (from the validated ID token). */
export type { OidcIdentity };

/** One started sign-in: where to send the browser, and what to keep until the callback. */
export interface OidcStart {
  url: URL;
  state: string;
  nonce: string;
  codeVerifier: string;
}

export class OidcClient {
  private config: Promise<client.Configuration> | null = null;
  private readonly settings: OidcSettings;
  private readonly fetch: OutboundFetch;

  /** @param fetch the outbound client's fetch */
  constructor(settings: OidcSettings, fetch: OutboundFetch) {
    this.settings = settings;
    this.fetch = fetch;
  }

  private configuration(): Promise<client.Configuration> {
    if (!this.config) {
      const issuer = new URL(this.settings.issuer);
      const insecure = issuer.protocol === 'http:' && isLoopback(issuer);
      this.config = client
        .discovery(issuer, this.settings.clientId, this.settings.clientSecret, undefined, {
          execute: insecure ? [client.allowInsecureRequests] : [],
          // openid-client's requests carry their own signal; the outbound client adds its guard and limits.
          [client.customFetch]: (url: string, options: client.CustomFetchOptions) =>
            this.fetch(url, {
              method: options.method,
              headers: options.headers,
              body: resendable(options.body),
              redirect: options.redirect,
              signal: options.signal ?? null,
            }),
        })
        .catch((e: unknown) => {
          this.config = null; // try again at the next sign-in
          throw new AppError(
            'INTERNAL',
            `the single sign-on provider could not be reached: ${redactText(describe(e))}`,
          );
        });
    }
    return this.config;
  }

  /** Builds the provider's authorization URL with fresh state, nonce and PKCE verifier. */
  async start(redirectUri: string): Promise<OidcStart> {
    const config = await this.configuration();
    const codeVerifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: 'openid email profile',
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { url, state, nonce, codeVerifier };
  }

  /**
   * Exchanges the code in `callbackUrl` for tokens and validates the ID token (signature, issuer, audience,
   * expiry, nonce) and the state.
   * @throws AppError UNAUTHORIZED when the provider's answer does not check out
   */
  async finish(
    callbackUrl: URL,
    checks: { state: string; nonce: string; codeVerifier: string },
  ): Promise<OidcIdentity> {
    const config = await this.configuration();
    let claims: client.IDToken | undefined;
    let extra: Record<string, unknown> = {};
    try {
      const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: checks.codeVerifier,
        expectedState: checks.state,
        expectedNonce: checks.nonce,
        idTokenExpected: true,
      });
      claims = tokens.claims();
      // Providers may keep email and name out of the ID token and give them from the UserInfo endpoint
      // (OpenID Connect Core §5.4); its answer is checked to be about the same subject.
      if (claims && typeof claims.email !== 'string') {
        extra = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
      }
    } catch (e) {
      throw new AppError('UNAUTHORIZED', `single sign-on failed: ${redactText(describe(e))}`);
    }
    if (!claims) throw new AppError('UNAUTHORIZED', 'single sign-on failed: the provider sent no ID token');
    const all: Record<string, unknown> = { ...extra, ...claims };
    return {
      issuer: claims.iss,
      subject: claims.sub,
      email: typeof all.email === 'string' ? all.email : null,
      emailVerified: all.email_verified === true,
      name: typeof all.name === 'string' ? all.name : null,
    };
  }
}

declare module '../kernel/runtime.ts' {
  interface Runtime {
    /** Single sign-on settings from the boot env, or null when off. */
    oidc: OidcSettings | null;
  }
}
