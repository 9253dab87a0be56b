/**
 * Connection limits of the HTTP server (docs/security.md#limits-and-headers): how long a request may take to
 * arrive, how long an idle connection stays, and how many connections one client address may hold. Without
 * them a client that sends its body a byte at a time holds a socket for ever, and a few hundred such sockets
 * exhaust the process's open files (the server then refuses everyone).
 */
import type { Server } from 'node:http';

/** The limits, from the boot env (all durations in ms). */
export interface HttpLimits {
  /** Longest time to receive a whole request, headers and body; then 408 and the connection closes. */
  requestTimeoutMs: number;
  /** Longest time to receive a request's headers (≤ requestTimeoutMs). */
  headersTimeoutMs: number;
  /** How long an idle keep-alive connection stays open. */
  keepAliveTimeoutMs: number;
  /** Open connections per client address; 0 = no cap. */
  maxConnectionsPerClient: number;
  /** Live-update streams open at once on this node. */
  maxStreams: number;
  /** Live-update streams open at once per API token or console session. */
  maxStreamsPerToken: number;
}

/** The defaults, as BootEnv gives them (tests and tools that build the app without an env). */
export const DEFAULT_HTTP_LIMITS: HttpLimits = {
  requestTimeoutMs: 30_000,
  headersTimeoutMs: 10_000,
  keepAliveTimeoutMs: 72_000,
  maxConnectionsPerClient: 128,
  maxStreams: 1_000,
  maxStreamsPerToken: 10,
};

/** The boot env's limit variables (config/env.ts validates them; http does not import the config). */
export interface LimitsEnv {
  FAULTLINE_REQUEST_TIMEOUT_MS: number;
  FAULTLINE_HEADERS_TIMEOUT_MS: number;
  FAULTLINE_KEEP_ALIVE_TIMEOUT_MS: number;
  FAULTLINE_MAX_CONNECTIONS_PER_CLIENT: number;
  FAULTLINE_MAX_STREAMS: number;
  FAULTLINE_MAX_STREAMS_PER_TOKEN: number;
}

/** The limits set by `FAULTLINE_*` variables. */
export function httpLimits(env: LimitsEnv): HttpLimits {
  return {
    requestTimeoutMs: env.FAULTLINE_REQUEST_TIMEOUT_MS,
    headersTimeoutMs: env.FAULTLINE_HEADERS_TIMEOUT_MS,
    keepAliveTimeoutMs: env.FAULTLINE_KEEP_ALIVE_TIMEOUT_MS,
    maxConnectionsPerClient: env.FAULTLINE_MAX_CONNECTIONS_PER_CLIENT,
    maxStreams: env.FAULTLINE_MAX_STREAMS,
    maxStreamsPerToken: env.FAULTLINE_MAX_STREAMS_PER_TOKEN,
  };
}

/**
 * Fastify's server options for these limits. Node checks the request and headers timeouts only every
 * `connectionsCheckingInterval` (30 s by default): once a second keeps a slow request's life close to the
 * timeout at the cost of one pass over the open connections.
 */
export function serverTimeouts(limits: HttpLimits) {
  return {
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    http: {
      requestTimeout: limits.requestTimeoutMs,
      headersTimeout: limits.headersTimeoutMs,
      connectionsCheckingInterval: 1_000,
    },
  };
}

/**
 * Counts open connections per client address and admits at most `max` at once (0: every one). Pure
 * bookkeeping; `capConnectionsPerClient` wires it to a server.
 */
export class ClientConnections {
  private readonly open = new Map<string, number>();
  private readonly max: number;
  constructor(max: number) {
    this.max = max;
  }

  /** Whether a new connection from `client` may stay; counts it when it may. */
  admit(client: string): boolean {
    const n = this.open.get(client) ?? 0;
    if (this.max > 0 && n >= this.max) return false;
    this.open.set(client, n + 1);
    return true;
  }

  /** A connection admitted for `client` closed. */
  release(client: string): void {
    const n = (this.open.get(client) ?? 0) - 1;
    if (n > 0) this.open.set(client, n);
    else this.open.delete(client);
  }

  /** Open connections of `client`. */
  count(client: string): number {
    return this.open.get(client) ?? 0;
  }
}

/**
 * Closes, at once, a new connection from a client address that already holds `max` open connections
 * (0: no cap). Behind a reverse proxy every connection comes from the proxy: raise the cap or set 0 there,
 * and let the proxy limit its clients.
 */
export function capConnectionsPerClient(server: Server, max: number): void {
  if (max <= 0) return;
  const connections = new ClientConnections(max);
  server.on('connection', (socket) => {
    const client = socket.remoteAddress ?? '';
    if (!connections.admit(client)) {
      socket.destroy();
      return;
    }
    socket.once('close', () => connections.release(client));
  });
}
