/**
 * Test support for the provider tests (imported only by `*.test.ts`): a real local HTTP server that records
 * each request and answers as the vendor would, a URL nothing listens on, and sample messages.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeClock, createOutboundClient } from '../../apps/server/src/lib/index.ts';
import type { NoticeMessage, PageMessage, ProviderDeps } from '../../apps/server/src/notify/provider.ts';

export interface RecordedRequest {
  method: string;
  /** Path and query exactly as sent, e.g. `/robot/send?access_token=…`. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface TestServer {
  /** `http://127.0.0.1:<port>` (no trailing slash). */
  base: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** Starts a server on 127.0.0.1 with an ephemeral port; `answer` writes the response for each request. */
export async function startServer(answer: (req: RecordedRequest, res: ServerResponse) => void): Promise<TestServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rec = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(rec);
      answer(rec, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Writes a JSON answer. */
export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

/** Writes a plain-text answer. */
export function text(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
  res.end(body);
}

/** A base URL on which nothing listens (a port that was just freed): requests get ECONNREFUSED. */
export async function refusedBase(): Promise<string> {
  const s = await startServer(() => undefined);
  await s.close();
  return s.base;
}

/** The instant test clocks start at; Unix seconds 1795262400. */
export const NOW = new Date('2026-11-21T12:00:00Z');

/**
 * The outbound client as the server builds it, with this machine's loopback address allowed (the test servers
 * listen on 127.0.0.1): the same guard, timeout and size limit as in production.
 */
export const testOutbound = createOutboundClient({ allow: () => ['127.0.0.1'] });

/** Provider dependencies for a test: the outbound client allowing 127.0.0.1, a fake clock at `NOW`. */
export function testDeps(overrides: Partial<ProviderDeps> = {}): ProviderDeps & { clock: FakeClock } {
  return {
    fetch: testOutbound.fetch,
    clock: new FakeClock(NOW),
    publicUrl: 'https://faultline.example',
    ...overrides,
  } as ProviderDeps & {
    clock: FakeClock;
  };
}

/** A page with two alerts and a resolve link. */
export function samplePage(overrides: Partial<PageMessage> = {}): PageMessage {
  return {
    kind: 'page',
    incidentId: 42,
    title: 'Payment API 5xx above 5%',
    levelText: 'P1',
    status: 'triggered',
    service: 'payments-api',
    step: 'initial',
    incidentUrl: 'https://faultline.example/incidents/42',
    ackUrl: 'https://faultline.example/ack/eyJhY3Rpb24iOiJhY2sifQ.c2ln',
    resolveUrl: 'https://faultline.example/resolve/eyJhY3Rpb24iOiJyZXNvbHZlIn0.c2ln',
    alerts: [
      { summary: 'HTTP 5xx ratio 7.2% on payments-api', labels: { service: 'payments-api', severity: 'critical' } },
      { summary: 'p99 latency 2.4 s on payments-api', labels: { service: 'payments-api' } },
    ],
    ...overrides,
  };
}

/** A person's check-in links, as a page of an incident that forms a response group carries them. */
export const SAMPLE_CHECK_IN = {
  joinUrl: 'https://faultline.example/check-in/eyJhY3Rpb24iOiJjaGVjay1pbiJ9.c2ln?state=joined',
  declineUrl: 'https://faultline.example/check-in/eyJhY3Rpb24iOiJjaGVjay1pbiJ9.c2ln?state=declined',
} as const;

/** A notice (no incident). */
export function sampleNotice(): NoticeMessage {
  return { kind: 'notice', subject: 'Level rules approved', text: 'Version 7 of the level rules is now active.' };
}
