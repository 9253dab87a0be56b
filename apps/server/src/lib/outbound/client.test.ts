/**
 * The outbound client against real HTTP servers on loopback addresses (127.0.0.1 and 127.0.0.2). Refusals of
 * private and metadata addresses are checked with a tripwire connector that records what would have been
 * connected and connects nothing, so no packet leaves the machine even if the guard were wrong.
 */
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConnector } from 'undici';
import { createOutboundClient, OutboundError, type OutboundOptions } from './client.ts';

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}
interface Stub {
  port: number;
  seen: Seen[];
  close(): Promise<void>;
}

async function stub(host: string, answer: (req: Seen, res: ServerResponse) => void): Promise<Stub> {
  const seen: Seen[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      };
      seen.push(r);
      answer(r, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return {
    port: (server.address() as AddressInfo).port,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A connector that records the host it was asked for and connects nothing. */
function tripwire() {
  const asked: string[] = [];
  const connector: buildConnector.connector = (opts, cb) => {
    asked.push(opts.hostname);
    cb(new Error('tripwire: this test makes no connection'), null);
  };
  return { asked, connector };
}

const client = (allow: string[], more: Partial<OutboundOptions> = {}) =>
  createOutboundClient({ allow: () => allow, ...more });

async function failure(p: Promise<unknown>): Promise<OutboundError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(OutboundError);
  return e as OutboundError;
}

describe('outbound client', () => {
  let a: Stub; // 127.0.0.1
  let b: Stub; // 127.0.0.2
  beforeAll(async () => {
    b = await stub('127.0.0.2', (_r, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('from b'));
    a = await stub('127.0.0.1', (r, res) => {
      const path = r.url.split('?')[0];
      if (path === '/to-b') res.writeHead(307, { location: `http://127.0.0.2:${b.port}/landed` }).end();
      else if (path === '/to-b-303') res.writeHead(303, { location: `http://127.0.0.2:${b.port}/landed` }).end();
      else if (path === '/to-metadata')
        res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
      else if (path === '/to-file') res.writeHead(302, { location: 'file:///etc/passwd' }).end();
      else if (path === '/loop') res.writeHead(302, { location: '/loop' }).end();
      else if (path === '/big') res.writeHead(200).end('x'.repeat(2048));
      else if (path === '/slow') setTimeout(() => res.writeHead(200).end('late'), 2_000);
      else if (path === '/empty') res.writeHead(204).end();
      else res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, path }));
    });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('reaches an allowed address and returns the whole answer', async () => {
    const c = client(['127.0.0.1']);
    const res = await c.fetch(`http://127.0.0.1:${a.port}/hello`, {
      method: 'POST',
      body: '{"x":1}',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, path: '/hello' });
    expect(a.seen.at(-1)).toMatchObject({ method: 'POST', body: '{"x":1}' });
    expect((await c.fetch(`http://127.0.0.1:${a.port}/empty`)).status).toBe(204);
    await c.close();
  });

  it('refuses loopback without an allow list, naming the address and the setting, not the URL', async () => {
    const before = a.seen.length;
    const e = await failure(client([]).fetch(`http://127.0.0.1:${a.port}/secret-path?token=t0k`));
    expect(e.kind).toBe('refused');
    expect(e.message).toMatch(/^refused: 127\.0\.0\.1 is a loopback address; .*outbound\.allow/);
    expect(e.message).not.toContain('secret-path');
    expect(e.message).not.toContain('t0k');
    expect(a.seen.length).toBe(before);
  });

  it('refuses a name that resolves to a loopback address (localhost), unless the name is allowed', async () => {
    const before = a.seen.length;
    const e = await failure(client([]).fetch(`http://localhost:${a.port}/x`));
    expect(e.message).toMatch(/^refused: localhost resolves to 127\.0\.0\.1, a loopback address/);
    expect(a.seen.length).toBe(before);
    const res = await client(['localhost']).fetch(`http://localhost:${a.port}/x`);
    expect(res.status).toBe(200);
    expect(a.seen.at(-1)!.headers.host).toBe(`localhost:${a.port}`);
  });

  it.each([
    ['http://10.1.2.3/hook', 'a private address'],
    ['http://192.168.0.10/hook', 'a private address'],
    ['http://169.254.169.254/latest/meta-data/', 'the cloud metadata address'],
    ['http://[fd00:ec2::254]/latest/', 'the cloud metadata address'],
    ['http://[fe80::1]/x', 'a link-local address'],
    ['http://[fc00::5]/x', 'a unique-local address'],
    ['http://[::ffff:169.254.169.254]/x', 'the cloud metadata address'],
    ['http://0.0.0.0:8080/x', 'the unspecified address'],
  ])('refuses %s before connecting', async (url, what) => {
    const wire = tripwire();
    const e = await failure(client([], { connector: wire.connector }).fetch(url));
    expect(e.kind).toBe('refused');
    expect(e.message).toContain(what);
    expect(wire.asked).toEqual([]);
  });

  it('checks the addresses a name resolves to, keeps only allowed ones, and refuses when none is left', async () => {
    const wire = tripwire();
    const resolve = async (host: string) =>
      host === 'metadata.internal.example'
        ? [{ address: '169.254.169.254', family: 4 }]
        : host === 'mixed.example'
          ? [
              { address: '10.9.9.9', family: 4 },
              { address: '93.184.216.34', family: 4 },
            ]
          : [{ address: '10.0.0.5', family: 4 }];
    const c = client([], { resolve, connector: wire.connector });
    const meta = await failure(c.fetch('http://metadata.internal.example/latest'));
    expect(meta.message).toMatch(
      /^refused: metadata\.internal\.example resolves to 169\.254\.169\.254, the cloud metadata address/,
    );
    const priv = await failure(c.fetch('https://hooks.internal.example/h'));
    expect(priv.message).toMatch(/resolves to 10\.0\.0\.5, a private address/);
    expect(wire.asked).toEqual([]);
    // A name with a public and a private address: the connection may only go to the public one.
    await failure(c.fetch('http://mixed.example/'));
    expect(wire.asked).toEqual(['mixed.example']);
  });

  it('connects a name allowed by name to what it resolves to (a made-up name on loopback)', async () => {
    const resolve = async () => [{ address: '127.0.0.1', family: 4 }];
    const res = await client(['hooks.internal.example'], { resolve }).fetch(
      `http://hooks.internal.example:${a.port}/named`,
    );
    expect(await res.json()).toEqual({ ok: true, path: '/named' });
    expect(a.seen.at(-1)!.headers.host).toBe(`hooks.internal.example:${a.port}`);
  });

  it('re-checks every redirect: a hop to an address that is not allowed is refused and never reached', async () => {
    const before = b.seen.length;
    const e = await failure(
      client(['127.0.0.1']).fetch(`http://127.0.0.1:${a.port}/to-b`, { method: 'POST', body: 'x' }),
    );
    expect(e.message).toMatch(/^redirected to 127\.0\.0\.2: refused: 127\.0\.0\.2 is a loopback address/);
    expect(b.seen.length).toBe(before);
    // Loopback hops connect for real; anything else would hit the tripwire.
    const wire = tripwire();
    const real = buildConnector({});
    const connector: buildConnector.connector = (opts, cb) =>
      opts.hostname.startsWith('127.') ? real(opts, cb) : wire.connector(opts, cb);
    const meta = await failure(client(['127.0.0.1'], { connector }).fetch(`http://127.0.0.1:${a.port}/to-metadata`));
    expect(meta.message).toMatch(/redirected to 169\.254\.169\.254: refused: .*the cloud metadata address/);
    expect(wire.asked).toEqual([]);
    expect((await failure(client(['127.0.0.1']).fetch(`http://127.0.0.1:${a.port}/to-file`))).message).toMatch(
      /redirect to a file: URL was refused/,
    );
    expect((await failure(client(['127.0.0.1']).fetch(`http://127.0.0.1:${a.port}/loop`))).message).toBe(
      'more than 5 redirects',
    );
  });

  it('follows an allowed redirect (307 keeps the method and body, 303 becomes GET; credentials stay at their origin)', async () => {
    const c = client(['127.0.0.0/8']);
    const res = await c.fetch(`http://127.0.0.1:${a.port}/to-b`, {
      method: 'POST',
      body: 'payload',
      headers: { authorization: 'Bearer s3cr3t', 'x-other': '1' },
    });
    expect(await res.text()).toBe('from b');
    const landed = b.seen.at(-1)!;
    expect(landed).toMatchObject({ method: 'POST', url: '/landed', body: 'payload' });
    expect(landed.headers.authorization).toBeUndefined();
    expect(landed.headers['x-other']).toBe('1');
    await c.fetch(`http://127.0.0.1:${a.port}/to-b-303`, { method: 'POST', body: 'payload' });
    expect(b.seen.at(-1)).toMatchObject({ method: 'GET', body: '' });
  });

  it('returns a redirect as it is with redirect: manual, and fails with redirect: error', async () => {
    const c = client(['127.0.0.1']);
    const res = await c.fetch(`http://127.0.0.1:${a.port}/to-b`, { redirect: 'manual' });
    expect(res.status).toBe(307);
    expect(res.headers.get('location')).toBe(`http://127.0.0.2:${b.port}/landed`);
    expect((await failure(c.fetch(`http://127.0.0.1:${a.port}/to-b`, { redirect: 'error' }))).kind).toBe('redirect');
  });

  it('sends user:password@ as Basic authentication, not in the request', async () => {
    await client(['127.0.0.1']).fetch(`http://hook%20user:p%40ss@127.0.0.1:${a.port}/auth`);
    const r = a.seen.at(-1)!;
    expect(r.url).toBe('/auth');
    expect(r.headers.authorization).toBe(`Basic ${Buffer.from('hook user:p@ss').toString('base64')}`);
  });

  it('bounds the answer size and the time', async () => {
    const c = client(['127.0.0.1'], { maxResponseBytes: 1024 });
    const big = await failure(c.fetch(`http://127.0.0.1:${a.port}/big`));
    expect(big).toMatchObject({ kind: 'too-large', message: 'the answer is larger than 1024 bytes' });
    expect(await (await c.fetch(`http://127.0.0.1:${a.port}/big`, { maxResponseBytes: 4096 })).text()).toHaveLength(
      2048,
    );
    const slow = await failure(c.fetch(`http://127.0.0.1:${a.port}/slow`, { timeoutMs: 200 }));
    expect(slow).toMatchObject({ kind: 'timeout', message: 'timed out after 0.2 s' });
  });

  it('names a network failure by its code', async () => {
    const closed = await stub('127.0.0.1', () => undefined);
    await closed.close();
    const e = await failure(client(['127.0.0.1']).fetch(`http://127.0.0.1:${closed.port}/`));
    expect(e).toMatchObject({ kind: 'network', code: 'ECONNREFUSED', message: 'ECONNREFUSED' });
  });

  it('reads the allow list at each call (a config reload applies at once)', async () => {
    let allow: string[] = [];
    const c = createOutboundClient({ allow: () => allow });
    expect((await failure(c.fetch(`http://127.0.0.1:${a.port}/`))).kind).toBe('refused');
    allow = ['127.0.0.1'];
    expect((await c.fetch(`http://127.0.0.1:${a.port}/`)).status).toBe(200);
  });
});
