/**
 * Test support for the phone providers: a local HTTP server on 127.0.0.1 standing in for a vendor's API.
 * It records every request (method, path, query, headers, raw body) and answers with whatever the test's
 * handler returns, so a test can check the exact request and play back the vendor's documented answers,
 * error bodies included. Not used by the server.
 */
import { createHash, createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PageMessage, ProviderDeps } from '../../apps/server/src/notify/provider.ts';
import { FakeClock, createOutboundClient } from '../../apps/server/src/lib/index.ts';

export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: URLSearchParams;
  /** The query string as sent, without `?`. */
  rawQuery: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface StubAnswer {
  status: number;
  body?: string | object;
  headers?: Record<string, string>;
  /** Wait before answering (for timeout tests). */
  delayMs?: number;
}

export interface VendorStub {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  requests: RecordedRequest[];
  /** Replaces the handler; clears the recorded requests. */
  answer(handler: (req: RecordedRequest) => StubAnswer): void;
  close(): Promise<void>;
}

/** Starts a stub answering 500 until `answer()` is called. */
export async function startVendorStub(): Promise<VendorStub> {
  let handler: (req: RecordedRequest) => StubAnswer = () => ({ status: 500, body: 'no handler' });
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://stub');
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        path: url.pathname,
        query: url.searchParams,
        rawQuery: url.search.replace(/^\?/, ''),
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(recorded);
      let a: StubAnswer;
      try {
        a = handler(recorded);
      } catch (e) {
        a = { status: 599, body: `stub handler threw: ${(e as Error).message}` };
      }
      const body = typeof a.body === 'object' ? JSON.stringify(a.body) : (a.body ?? '');
      const headers = {
        'content-type': typeof a.body === 'object' ? 'application/json' : 'text/plain',
        ...a.headers,
      };
      const send = () => {
        if (!res.destroyed) res.writeHead(a.status, headers).end(body);
      };
      if (a.delayMs) setTimeout(send, a.delayMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    answer(h) {
      handler = h;
      requests.length = 0;
    },
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

/** Provider deps for tests: the outbound client allowing the stub's 127.0.0.1, a fake clock, a fixed public URL. */
export function testDeps(clock = new FakeClock('2026-11-21T12:00:00Z')): ProviderDeps {
  return { fetch: stubOutbound.fetch, clock, publicUrl: 'https://faultline.example.com' };
}

/** The outbound client as the server builds it, told that the stub's address may be reached. */
const stubOutbound = createOutboundClient({ allow: () => ['127.0.0.1'] });

/** A page as delivery builds it, for provider tests. */
export function samplePage(overrides: Partial<PageMessage> = {}): PageMessage {
  return {
    kind: 'page',
    incidentId: 42,
    title: 'Checkout error rate above 5%',
    levelText: 'P1',
    status: 'triggered',
    service: 'checkout-api',
    step: 'initial',
    incidentUrl: 'https://faultline.example.com/incidents/42',
    ackUrl: 'https://faultline.example.com/ack/tok123',
    alerts: [{ summary: 'error rate 7%', labels: { alertname: 'HighErrorRate' } }],
    ...overrides,
  };
}

/** RFC 3986 encoding (unreserved characters kept), written out here apart from the provider's own code. */
const rfc3986 = (s: string) =>
  Array.from(new TextEncoder().encode(s), (b) =>
    /[A-Za-z0-9\-_.~]/.test(String.fromCharCode(b))
      ? String.fromCharCode(b)
      : `%${b.toString(16).toUpperCase().padStart(2, '0')}`,
  ).join('');

/**
 * Recomputes an Alibaba Cloud V3 (`ACS3-HMAC-SHA256`) signature from a request as the stub received it and
 * the known secret, the way the vendor's gateway checks it: canonical request from the method, path, the
 * received query (decoded, re-encoded, sorted), the headers named in `SignedHeaders` with their received
 * values, and the SHA-256 of the received body. Returns the expected and the given signature.
 */
export function recomputeAcs3(req: RecordedRequest, accessKeySecret: string) {
  const auth = /^ACS3-HMAC-SHA256 Credential=([^,]+),SignedHeaders=([^,]+),Signature=([0-9a-f]{64})$/.exec(
    String(req.headers.authorization ?? ''),
  );
  if (!auth) throw new Error(`not an ACS3 Authorization header: ${req.headers.authorization}`);
  const [, credential, signedHeaderList, given] = auth;
  const signedHeaders = signedHeaderList!.split(';');
  const pairs = req.rawQuery
    .split('&')
    .filter(Boolean)
    .map((kv) => {
      const i = kv.indexOf('=');
      const [k, v] = i < 0 ? [kv, ''] : [kv.slice(0, i), kv.slice(i + 1)];
      return [rfc3986(decodeURIComponent(k)), rfc3986(decodeURIComponent(v))] as const;
    })
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const canonical = [
    req.method,
    req.path,
    pairs.map(([k, v]) => `${k}=${v}`).join('&'),
    signedHeaders.map((h) => `${h}:${String(req.headers[h] ?? '').trim()}\n`).join(''),
    signedHeaders.join(';'),
    createHash('sha256').update(req.body).digest('hex'),
  ].join('\n');
  const stringToSign = `ACS3-HMAC-SHA256\n${createHash('sha256').update(canonical).digest('hex')}`;
  const expected = createHmac('sha256', accessKeySecret).update(stringToSign).digest('hex');
  return { expected, given: given!, credential: credential!, signedHeaders };
}
