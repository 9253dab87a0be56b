/**
 * An HTTP server on a free loopback port that answers every request 204 and keeps what it received: a
 * stand-in for the receiver of Faultline's webhook channel (exactly-once test, escalation benchmark). It does
 * not verify signatures; the webhook provider's own tests do.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedHook {
  /** Arrival time, ms since the epoch (after the whole body was read). */
  at: number;
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface WebhookSink {
  /** `http://127.0.0.1:<port>` (no trailing slash). */
  url: string;
  /** Requests so far, in order of arrival (empty when started with `keep: false`). */
  requests: ReceivedHook[];
  /** Requests so far (also counted when not kept). */
  count(): number;
  /** Arrival times of every request, ms since the epoch. */
  arrivals: number[];
  close(): Promise<void>;
}

/**
 * Starts the sink. `keep: false` records only arrival times (a benchmark's 10,000 bodies are not needed).
 */
export async function startWebhookSink(opts: { keep?: boolean } = {}): Promise<WebhookSink> {
  const keep = opts.keep ?? true;
  const requests: ReceivedHook[] = [];
  const arrivals: number[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const at = Date.now();
      arrivals.push(at);
      if (keep)
        requests.push({
          at,
          method: req.method ?? '',
          url: req.url ?? '',
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        });
      res.writeHead(204).end();
    });
  });
  // A client killed mid-request resets its connection; that request simply never arrived.
  server.on('clientError', (_e, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    arrivals,
    count: () => arrivals.length,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
