/**
 * Live-update streams are capped (docs/security.md#limits-and-headers): at most
 * `FAULTLINE_MAX_STREAMS_PER_TOKEN` per API token or console session (more answer 429 RATE_LIMITED) and
 * `FAULTLINE_MAX_STREAMS` on the node in all (more answer 503 UNAVAILABLE with Retry-After); a closed stream
 * frees its place. A stream outlives the request timeout (it is an answer, not a request), and a
 * team-limited stream still gets its own team's messages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { ApiError, TokenCreated } from '@faultline/contracts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { coreCatalog } from '../support/catalog-fixture.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { waitFor } from '../support/wait.ts';

const PER_TOKEN = 2;
const IN_ALL = 4;
const INTAKE = '/api/v1/intake/alertmanager/stream-limits';

const config = stringify({
  version: 1,
  catalog: coreCatalog({ 'pay-api': 'payments', 'shop-api': 'storefront' }),
  teams: [
    { id: 'payments', members: [{ name: 'Ana', email: 'ana@example.com' }] },
    { id: 'storefront', members: [{ name: 'Sam', email: 'sam@example.com' }] },
  ],
  integrations: [{ key: 'stream-limits', source: 'alertmanager', routeByLabel: 'service' }],
});

interface Stream {
  status: number;
  retryAfter: string | null;
  /** The error body of a refused stream. */
  error: ApiError | null;
  /** incidentIds of the `data:` messages so far. */
  incidents: number[];
  close(): Promise<void>;
}

/** Opens `GET /api/v1/stream` with a bearer token and reads it in the background. */
async function openStream(url: string, token: string): Promise<Stream> {
  const abort = new AbortController();
  const res = await fetch(`${url}/api/v1/stream`, {
    headers: { authorization: `Bearer ${token}` },
    signal: abort.signal,
  });
  const incidents: number[] = [];
  if (res.status !== 200) {
    return {
      status: res.status,
      retryAfter: res.headers.get('retry-after'),
      error: (await res.json()) as ApiError,
      incidents,
      close: async () => undefined,
    };
  }
  const pump = (async () => {
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let buffered = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffered += decoder.decode(value, { stream: true });
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        if (line.startsWith('data: ')) {
          const m = JSON.parse(line.slice(6)) as { incidentId?: number };
          if (m.incidentId !== undefined) incidents.push(m.incidentId);
        }
      }
    }
  })().catch(() => undefined);
  return {
    status: 200,
    retryAfter: null,
    error: null,
    incidents,
    async close() {
      abort.abort();
      await pump;
    },
  };
}

describe('live-update stream caps', () => {
  const clock = new FakeClock('2026-11-21T14:00:00Z');
  let s: TestServer;
  const open: Stream[] = [];

  beforeAll(async () => {
    s = await startTestServer({
      configYaml: config,
      clock,
      providers: { email: recordingProvider() },
      engineLoop: false,
      env: {
        FAULTLINE_MAX_STREAMS_PER_TOKEN: String(PER_TOKEN),
        FAULTLINE_MAX_STREAMS: String(IN_ALL),
        FAULTLINE_REQUEST_TIMEOUT_MS: '1000',
        FAULTLINE_HEADERS_TIMEOUT_MS: '1000',
      },
    });
  });
  afterAll(async () => {
    for (const st of open) await st.close();
    await s.dispose();
  });

  async function token(name: string, team?: string): Promise<string> {
    const res = await s.api('/api/v1/tokens', {
      method: 'POST',
      body: JSON.stringify({ name, role: 'viewer', ...(team ? { team } : {}) }),
    });
    expect(res.status).toBe(201);
    return ((await res.json()) as TokenCreated).token;
  }
  async function stream(t: string): Promise<Stream> {
    const st = await openStream(s.url, t);
    open.push(st);
    return st;
  }
  /** Waits until the server has counted a closed stream out (it learns of it when the socket closes). */
  async function reopen(t: string): Promise<Stream> {
    return waitFor('a place for the stream', async () => {
      const st = await stream(t);
      return st.status === 200 ? st : null;
    });
  }

  it(`a token gets ${PER_TOKEN} streams; the next answers 429 naming the cap, and a closed one frees its place`, async () => {
    const alice = await token('alice-dashboard');
    const first = await stream(alice);
    expect((await stream(alice)).status).toBe(200);
    const third = await stream(alice);
    expect(third.status).toBe(429);
    expect(third.error!.error.code).toBe('RATE_LIMITED');
    expect(third.error!.error.message).toContain(`${PER_TOKEN} live-update streams`);
    // Another token is not affected.
    const bob = await token('bob-dashboard');
    expect((await stream(bob)).status).toBe(200);

    await first.close();
    expect((await reopen(alice)).status).toBe(200);
  });

  it(`the node serves ${IN_ALL} streams in all; the next answers 503 UNAVAILABLE with Retry-After`, async () => {
    // alice 2 + bob 1 are open; one more fills the node.
    const carol = await token('carol-dashboard');
    expect((await stream(carol)).status).toBe(200);
    const refused = await stream(await token('dave-dashboard'));
    expect(refused.status).toBe(503);
    expect(refused.error!.error.code).toBe('UNAVAILABLE');
    expect(refused.error!.error.message).toContain(`${IN_ALL} live-update streams`);
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    for (const st of open.splice(0)) await st.close();
  });

  it("a team-limited stream outlives the request timeout and carries its team's incidents only", async () => {
    const payments = await stream(await reopenToken('payments-board', 'payments'));
    await new Promise((r) => setTimeout(r, 2_500)); // past FAULTLINE_REQUEST_TIMEOUT_MS and its check
    for (const service of ['shop-api', 'pay-api']) {
      const res = await s.post(INTAKE, {
        version: '4',
        status: 'firing',
        alerts: [{ status: 'firing', labels: { alertname: `Down-${service}`, service } }],
      });
      expect(res.status).toBe(202);
    }
    await s.engine!.drain();
    const list = (await (await s.api('/api/v1/incidents')).json()) as {
      incidents: Array<{ id: number; team: string | null }>;
    };
    const mine = list.incidents.find((i) => i.team === 'payments')!.id;
    const theirs = list.incidents.find((i) => i.team === 'storefront')!.id;
    await waitFor('the payments incident on the stream', async () => payments.incidents.includes(mine));
    expect(payments.incidents).not.toContain(theirs);
  });

  /** A team-limited token whose streams may open (the earlier streams are closed). */
  async function reopenToken(name: string, team: string): Promise<string> {
    const t = await token(name, team);
    const probe = await reopen(t);
    await probe.close();
    return t;
  }
});
