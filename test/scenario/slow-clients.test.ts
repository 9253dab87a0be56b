/**
 * Slow clients cannot exhaust the server (docs/security.md#limits-and-headers): a request whose body trickles
 * in is answered 408 and its connection closed once `FAULTLINE_REQUEST_TIMEOUT_MS` has passed, and one client
 * address holds at most `FAULTLINE_MAX_CONNECTIONS_PER_CLIENT` connections, so hundreds of slow sockets from
 * one address leave the server reachable for everyone else — even with a small open-file limit, which is
 * what made about 870 such sockets take a server down.
 *
 * The server runs as a child process with its open files capped (`prlimit`), on the store of the run. The
 * slow sockets come from 127.0.0.2 and the normal requests from 127.0.0.1 (both loopback), as an attacker
 * and a user would come from two addresses.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, spawnServer, stopChild, waitHealthy, type ServerChild } from '../support/child-server.ts';
import { ADMIN_TOKEN, dropDatabase, freshDatabaseUrl } from '../support/server.ts';
import { waitFor } from '../support/wait.ts';

const REQUEST_TIMEOUT_MS = 2_000;
/** Open files of the server process: PGlite alone holds about 120; 400 leaves room for ~280 sockets. */
const FILE_LIMIT = 400;
const SLOW_SOCKETS = 500;
const ATTACKER = '127.0.0.2';

interface SlowSocket {
  socket: Socket;
  /** What the server sent back, as text. */
  answer(): string;
  closed(): boolean;
}

/** Sends a request's headers and the first byte of a 100 kB body, then one more byte every 500 ms. */
function slowBody(port: number, localAddress = ATTACKER): SlowSocket {
  const socket = connect({ port, host: '127.0.0.1', localAddress });
  let answer = '';
  let closed = false;
  let drip: NodeJS.Timeout | undefined;
  socket.on('data', (b) => (answer += b.toString('utf8')));
  socket.on('error', () => undefined);
  socket.on('close', () => {
    closed = true;
    clearInterval(drip);
  });
  socket.on('connect', () => {
    socket.write(
      'POST /api/v1/intake/generic/quickstart-generic HTTP/1.1\r\nHost: faultline\r\n' +
        'Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{',
    );
    drip = setInterval(() => socket.write(' '), 500);
  });
  return { socket, answer: () => answer, closed: () => closed };
}

/** GET on a new connection of its own (fetch would reuse a kept-alive one), from 127.0.0.1; its status. */
function getFresh(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = get(url, { agent: false, headers, timeout: 5_000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url} within 5 s`)));
    req.on('error', reject);
  });
}

describe('slow request bodies', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  let server: ServerChild;
  const slow: SlowSocket[] = [];

  beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'faultline-slow-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const databaseUrl = await freshDatabaseUrl();
    if (databaseUrl) cleanups.push(() => dropDatabase(databaseUrl));
    const port = await freePort();
    server = spawnServer(
      port,
      {
        FAULTLINE_DATA_DIR: dataDir,
        FAULTLINE_ADMIN_TOKEN: ADMIN_TOKEN,
        FAULTLINE_LOG_LEVEL: 'warn',
        FAULTLINE_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
        FAULTLINE_HEADERS_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
        ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
      },
      'slow-clients',
      { fileLimit: FILE_LIMIT },
    );
    cleanups.push(() => stopChild(server));
    await waitHealthy(server, 100_000);
  }, 120_000);
  afterAll(async () => {
    for (const s of slow) s.socket.destroy();
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  const port = () => Number(new URL(server.url).port);

  it('a body that trickles in is answered 408 and cut off after the request timeout', async () => {
    const one = slowBody(port(), '127.0.0.1');
    slow.push(one);
    const started = Date.now();
    // The server checks its timeouts about once a second.
    await waitFor('the slow request to be cut off', async () => one.closed(), REQUEST_TIMEOUT_MS + 6_000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 100);
    expect(one.answer()).toMatch(/^HTTP\/1\.1 408 /);
  });

  it(`${SLOW_SOCKETS} slow sockets from one address leave the server reachable, and are all cut off`, async () => {
    for (let i = 0; i < SLOW_SOCKETS; i++) slow.push(slowBody(port()));
    const attackers = slow.slice(-SLOW_SOCKETS);
    await waitFor('the slow sockets to connect or be refused', async () =>
      attackers.every((s) => !s.socket.connecting),
    );
    await new Promise((r) => setTimeout(r, 300));

    expect(await getFresh(`${server.url}/healthz`)).toBe(200);
    expect(await getFresh(`${server.url}/api/v1/incidents`, { authorization: `Bearer ${ADMIN_TOKEN}` })).toBe(200);

    await waitFor(
      'every slow socket to be closed',
      async () => attackers.every((s) => s.closed()),
      REQUEST_TIMEOUT_MS + 8_000,
    );
    expect(await getFresh(`${server.url}/healthz`)).toBe(200);
  });
});
