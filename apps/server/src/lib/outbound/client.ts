/**
 * The one outbound HTTP client (docs/security.md, "Secrets and outbound calls"): every provider, webhook, KPI
 * query, Slack call and OpenID Connect request goes through `OutboundClient.fetch`, which
 *
 * - refuses addresses that policy.ts does not allow, **after DNS resolution**: a name is resolved here, every
 *   address it resolves to is checked, and the connection is made to the checked addresses only (the socket's own
 *   lookup is pinned to them, so a second, different DNS answer cannot slip in);
 * - follows redirects itself (`redirect: 'follow'`, at most 5), so every hop is checked the same way, drops
 *   `Authorization` and `Cookie` when a redirect leaves the origin, and refuses a redirect to anything but
 *   http(s);
 * - bounds each call by a timeout (default 10 s, connection, redirects and answer included) and the answer's size
 *   (default 1 MiB), and returns the answer fully read;
 * - sends a URL's `user:password@` as an `Authorization: Basic` header, never in the request line;
 * - fails with `OutboundError`, whose message never contains the URL (for many vendors the URL is the secret).
 *
 * Built on undici (the HTTP client inside Node's fetch): an `Agent` whose connector does the checks.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import { Agent, buildConnector, fetch as undiciFetch } from 'undici';
import { redactText } from '../redact.ts';
import { addressRefusal, allowsName, parseAllowList, type AllowList } from './policy.ts';

/** What went wrong with an outbound call; `refused` is the guard's verdict and retrying cannot change it. */
export type OutboundErrorKind = 'refused' | 'timeout' | 'too-large' | 'network' | 'redirect';

/** The one error of the outbound client. The message is short and names a host at most, never a URL. */
export class OutboundError extends Error {
  override name = 'OutboundError';
  readonly kind: OutboundErrorKind;
  /** The network error code when `kind` is `network` (`ECONNREFUSED`, `ENOTFOUND`, …). */
  readonly code: string | null;
  constructor(kind: OutboundErrorKind, message: string, code: string | null = null) {
    super(message);
    this.kind = kind;
    this.code = code;
  }
}

/** A request: fetch's init restricted to what can be sent again after a redirect, plus the limits. */
export interface OutboundInit {
  method?: string;
  headers?: Record<string, string> | Headers;
  body?: string | URLSearchParams | Uint8Array | null;
  /** `follow` (default): follow, checking each hop; `manual`: return the 3xx; `error`: fail on a 3xx. */
  redirect?: 'follow' | 'manual' | 'error';
  signal?: AbortSignal | null;
  /** Overall limit for this call, ms (default: the client's). */
  timeoutMs?: number;
  /** Largest answer body read, bytes (default: the client's); a larger one fails with `too-large`. */
  maxResponseBytes?: number;
}

/** fetch through the client: resolves with the whole answer (a standard `Response`), or throws `OutboundError`. */
export type OutboundFetch = (url: string | URL, init?: OutboundInit) => Promise<Response>;

export interface OutboundClient {
  fetch: OutboundFetch;
  /** Closes pooled connections. */
  close(): Promise<void>;
}

/** Resolves a host name to its addresses (all of them), like `dns.lookup(host, { all: true })`. */
export type Resolve = (hostname: string) => Promise<LookupAddress[]>;

export interface OutboundOptions {
  /** The current `outbound.allow` entries (read at each connection, so a config reload applies at once). */
  allow: () => readonly string[];
  /** Replaces DNS resolution (tests resolve made-up names). */
  resolve?: Resolve;
  /**
   * Replaces the socket connector (tests: a tripwire that records what would have been connected and connects
   * nothing). It receives only addresses the guard allowed, or names allowed by the list.
   */
  connector?: buildConnector.connector;
  /** Default per-call limit, ms (10 s). */
  timeoutMs?: number;
  /** Default answer size limit, bytes (1 MiB). */
  maxResponseBytes?: number;
  /** Redirects followed at most (5). */
  maxRedirects?: number;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;
const DEFAULT_MAX_REDIRECTS = 5;
/** Statuses whose answer has no body (a `Response` refuses one). */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);
/** Headers that must not follow a redirect to another origin (the Fetch standard drops `Authorization` too). */
const ORIGIN_BOUND_HEADERS = ['authorization', 'cookie', 'proxy-authorization'];

const systemResolve: Resolve = (hostname) =>
  new Promise((resolve, reject) =>
    dnsLookup(hostname, { all: true }, (err, addresses) => (err ? reject(err) : resolve(addresses))),
  );

const describeBytes = (n: number) => (n >= 1024 * 1024 ? `${n / (1024 * 1024)} MiB` : `${n} bytes`);

/** `refused: <host> is a loopback address; …` */
function refusal(host: string, what: string, address?: string): OutboundError {
  const subject = address && address !== host ? `${host} resolves to ${address}, ${what}` : `${host} is ${what}`;
  return new OutboundError(
    'refused',
    `refused: ${subject}; outbound calls reach only public addresses unless outbound.allow lists the host or address`,
  );
}

/** Creates the client. One per server; `close()` at shutdown. */
export function createOutboundClient(options: OutboundOptions): OutboundClient {
  const resolve = options.resolve ?? systemResolve;
  const defaultTimeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const defaultMaxBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const maxRedirects = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS;

  let lastEntries: readonly string[] | null = null;
  let lastList: AllowList = { names: [], ranges: [] };
  const allowList = (): AllowList => {
    const entries = options.allow();
    if (entries !== lastEntries) {
      lastEntries = entries;
      lastList = parseAllowList(entries);
    }
    return lastList;
  };

  // The addresses checked for each host name, handed to the socket's lookup: the socket connects to what was
  // checked and nothing else. A name never checked fails closed.
  const checked = new Map<string, LookupAddress[]>();
  const pinnedLookup = (
    hostname: string,
    opts: { all?: boolean },
    callback: (err: Error | null, address: string | LookupAddress[], family?: number) => void,
  ) => {
    const addresses = checked.get(hostname);
    if (!addresses?.length) return callback(refusal(hostname, 'not a checked address'), '');
    if (opts.all) return callback(null, addresses);
    return callback(null, addresses[0]!.address, addresses[0]!.family);
  };
  const socketConnector = options.connector ?? buildConnector({ lookup: pinnedLookup } as buildConnector.BuildOptions);

  const guardedConnector: buildConnector.connector = (opts, callback) => {
    const host = opts.hostname;
    const list = allowList();
    if (isIP(host)) {
      const why = allowsName(list, host) ? null : addressRefusal(list, host);
      if (why) return callback(refusal(host, why), null);
      return socketConnector(opts, callback);
    }
    resolve(host).then(
      (addresses) => {
        const byName = allowsName(list, host);
        const allowed = byName ? addresses : addresses.filter((a) => addressRefusal(list, a.address) === null);
        if (allowed.length === 0) {
          const first = addresses[0];
          return callback(
            first
              ? refusal(host, addressRefusal(list, first.address)!, first.address)
              : new OutboundError('network', `${host} has no address`, 'ENOTFOUND'),
            null,
          );
        }
        checked.set(host, allowed);
        socketConnector(opts, callback);
      },
      (err: unknown) => callback(err as Error, null),
    );
  };

  const agent = new Agent({ connect: guardedConnector });

  /** One request, no redirect handling; the answer fully read within `maxBytes`. */
  async function once(
    url: URL,
    method: string,
    headers: Headers,
    body: string | URLSearchParams | Uint8Array | null | undefined,
    signal: AbortSignal,
    maxBytes: number,
  ): Promise<Response> {
    const res = await undiciFetch(url, {
      method,
      headers: Object.fromEntries(headers),
      body: body ?? null,
      redirect: 'manual',
      signal,
      dispatcher: agent,
    });
    const chunks: Uint8Array[] = [];
    let size = 0;
    if (res.body) {
      for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
        size += chunk.byteLength;
        if (size > maxBytes) {
          await res.body.cancel().catch(() => {});
          throw new OutboundError('too-large', `the answer is larger than ${describeBytes(maxBytes)}`);
        }
        chunks.push(chunk);
      }
    }
    const out = new Headers();
    for (const [k, v] of res.headers) out.append(k, v);
    return new Response(NULL_BODY.has(res.status) ? null : Buffer.concat(chunks), {
      status: res.status,
      statusText: res.statusText,
      headers: out,
    });
  }

  async function outboundFetch(input: string | URL, init: OutboundInit = {}): Promise<Response> {
    const timeoutMs = init.timeoutMs ?? defaultTimeout;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    let url = new URL(input);
    let method = (init.method ?? 'GET').toUpperCase();
    let body = init.body;
    const headers = new Headers(init.headers);
    for (let hop = 0; ; hop++) {
      if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        throw new OutboundError('redirect', `a redirect to a ${url.protocol} URL was refused`);
      }
      if (url.username || url.password) {
        // Credentials in the URL travel as Basic authentication (RFC 9110 §11.2), never in the request line.
        if (!headers.has('authorization')) {
          const user = decodeURIComponent(url.username);
          const pass = decodeURIComponent(url.password);
          headers.set('authorization', `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`);
        }
        url = new URL(url);
        url.username = '';
        url.password = '';
      }
      let res: Response;
      try {
        res = await once(url, method, headers, body, signal, init.maxResponseBytes ?? defaultMaxBytes);
      } catch (e) {
        const err = asOutboundError(e, timeout, timeoutMs);
        if (hop > 0 && err.kind === 'refused') {
          throw new OutboundError('refused', `redirected to ${url.hostname}: ${err.message}`);
        }
        throw err;
      }
      const location = res.headers.get('location');
      const redirect = res.status >= 300 && res.status < 400 && res.status !== 304 && location !== null;
      if (!redirect || init.redirect === 'manual') return res;
      if (init.redirect === 'error')
        throw new OutboundError('redirect', `HTTP ${res.status}: redirects are not followed`);
      if (hop >= maxRedirects) throw new OutboundError('redirect', `more than ${maxRedirects} redirects`);
      let next: URL;
      try {
        next = new URL(location, url);
      } catch {
        throw new OutboundError('redirect', `HTTP ${res.status} with an unreadable Location`);
      }
      if (next.origin !== url.origin) for (const h of ORIGIN_BOUND_HEADERS) headers.delete(h);
      // Fetch standard §4.4 step 12: 303, and 301/302 after a POST, continue as GET without a body.
      if (res.status === 303 ? method !== 'HEAD' : (res.status === 301 || res.status === 302) && method === 'POST') {
        method = 'GET';
        body = null;
        for (const h of ['content-type', 'content-length', 'content-encoding', 'content-language']) headers.delete(h);
      }
      url = next;
    }
  }

  return {
    fetch: outboundFetch,
    close: () => agent.close(),
  };
}

/** Any failure of a call as an `OutboundError` (undici wraps connector errors in `TypeError: fetch failed`). */
function asOutboundError(e: unknown, timeout: AbortSignal, timeoutMs: number): OutboundError {
  for (let cur: unknown = e, depth = 0; cur && depth < 5; cur = (cur as { cause?: unknown }).cause, depth++) {
    if (cur instanceof OutboundError) return cur;
  }
  if (timeout.aborted || (e as { name?: string })?.name === 'TimeoutError') {
    return new OutboundError('timeout', `timed out after ${timeoutMs / 1000} s`);
  }
  if ((e as { name?: string })?.name === 'AbortError') return new OutboundError('timeout', 'aborted');
  const cause = (e as { cause?: { code?: unknown; message?: unknown } }).cause;
  const code =
    typeof cause?.code === 'string'
      ? cause.code
      : typeof (e as { code?: unknown }).code === 'string'
        ? (e as { code: string }).code
        : null;
  if (code === 'UND_ERR_CONNECT_TIMEOUT') return new OutboundError('timeout', 'timed out connecting', code);
  if (code) return new OutboundError('network', code, code);
  // No code: fetch's own refusals (`bad port`); a short cause says more than nothing. It never holds the URL, but
  // is redacted all the same.
  const said = typeof cause?.message === 'string' ? redactText(cause.message).slice(0, 80) : '';
  return new OutboundError('network', said || 'the connection failed');
}
