/**
 * Silences (issue 16 item 1, DESIGN §5 step 3) with the quickstart config: a silenced alert is recorded and
 * visible, never pages, and names the silence that muted it; when the silence ends while the alert still
 * fires it pages then — once, not never and not twice; expiring a silence by hand pages at once; an alert
 * that resolves while muted pages nothing; bad silences are refused naming the field.
 *
 * The quickstart grades `severity="warning"` P3 and pages the payments team's on-call (oncall@example.com) by
 * email for checkout-api.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError, IncidentDetail, IncidentList, SilenceList, SilenceView } from '@faultline/contracts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../support/server.ts';

const cli = promisify(execFile);

const INTAKE = '/api/v1/intake/alertmanager/quickstart';
const T0 = '2026-11-21T14:00:00Z';

function amAlert(alertname: string, instance: string, status: 'firing' | 'resolved' = 'firing') {
  return {
    status,
    labels: { alertname, service: 'checkout-api', instance, severity: 'warning' },
    annotations: { summary: `${alertname} on ${instance}` },
    startsAt: '2026-11-21T13:55:00Z',
    fingerprint: `${alertname}-${instance}`.toLowerCase(),
  };
}

describe('silences: muted, explained, and paged once when they end', () => {
  const clock = new FakeClock(T0);
  const email = recordingProvider();
  let s: TestServer;

  beforeAll(async () => {
    s = await startTestServer({ clock, providers: { email }, engineLoop: false });
  });
  afterAll(() => s.dispose());

  const json = (method: string, body?: unknown): RequestInit => ({
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  async function silence(body: Record<string, unknown>): Promise<SilenceView> {
    const res = await s.api('/api/v1/silences', json('POST', body));
    expect(res.status).toBe(201);
    return (await res.json()) as SilenceView;
  }
  async function fire(...alerts: ReturnType<typeof amAlert>[]): Promise<void> {
    const res = await s.post(INTAKE, { version: '4', status: 'firing', receiver: 'faultline', alerts });
    expect(res.status).toBe(202);
    await s.engine!.drain();
  }
  const incidentOf = async (alertname: string) => {
    const list = (await (await s.api('/api/v1/incidents?status=all')).json()) as IncidentList;
    const inc = list.incidents.find((i) => i.groupKey === `service=checkout-api,alertname=${alertname}`);
    expect(inc).toBeDefined();
    return (await (await s.api(`/api/v1/incidents/${inc!.id}`)).json()) as IncidentDetail;
  };
  const emailsFor = (id: number) => email.sent.filter((m) => m.message.incidentId === id);
  const inMinutes = (m: number) => new Date(clock.now().getTime() + m * 60_000).toISOString();

  it('refuses bad silences with 400 naming the field', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ matchers: ['alertname=~"(unclosed"'], endsAt: inMinutes(60), comment: 'x' }, 'matchers.0'],
      [{ matchers: ['alertname="A"'], startsAt: inMinutes(60), endsAt: inMinutes(30), comment: 'x' }, 'endsAt'],
      [{ matchers: ['alertname="A"'], endsAt: inMinutes(60), comment: '  ' }, 'comment'],
      [{ matchers: ['instance=~".*"'], endsAt: inMinutes(60), comment: 'mutes everything' }, 'matchers'],
      [{ matchers: [], endsAt: inMinutes(60), comment: 'x' }, 'matchers'],
      [{ matchers: ['alertname="A"'], endsAt: inMinutes(-5), comment: 'x' }, 'endsAt'],
    ];
    for (const [body, path] of cases) {
      const res = await s.api('/api/v1/silences', json('POST', body));
      expect(res.status, JSON.stringify(body)).toBe(400);
      const err = (await res.json()) as ApiError;
      expect(
        err.error.fields?.map((f) => f.path),
        JSON.stringify(err),
      ).toContain(path);
    }
    const list = (await (await s.api('/api/v1/silences')).json()) as SilenceList;
    expect(list.silences).toHaveLength(0);
  });

  let latency: SilenceView;
  let incidentId: number;

  it('a silenced alert opens a visible incident that does not page, and names the silence', async () => {
    latency = await silence({
      matchers: ['alertname="HighLatency"', { name: 'service', value: 'checkout-.*', isRegex: true }],
      endsAt: inMinutes(60),
      comment: 'planned load test',
    });
    expect(latency).toMatchObject({ state: 'active', createdBy: 'admin', source: 'api' });
    expect(latency.matchers).toEqual(['alertname="HighLatency"', 'service=~"checkout-.*"']);

    await fire(amAlert('HighLatency', 'api-1'));
    const d = await incidentOf('HighLatency');
    incidentId = d.id;
    expect(d.status).toBe('triggered');
    expect(d.alerts[0]!.mutedBy).toEqual([
      expect.objectContaining({ kind: 'silence', id: latency.id, until: latency.endsAt }),
    ]);
    expect(d.alerts[0]!.mutedBy[0]!.reason).toContain(`muted by silence ${latency.id}`);
    expect(d.timeline.find((t) => t.kind === 'page_held')?.message).toContain(latency.id);
    expect(emailsFor(incidentId)).toHaveLength(0);
  });

  it('the preview lists the firing alerts the matchers accept now, and refuses an invalid regex', async () => {
    const res = await s.api('/api/v1/silences/preview', json('POST', { matchers: ['alertname="HighLatency"'] }));
    expect(res.status).toBe(200);
    const p = (await res.json()) as { matched: number; alerts: Array<{ incidentId: number }> };
    expect(p.matched).toBe(1);
    expect(p.alerts[0]!.incidentId).toBe(incidentId);
    const none = await s.api('/api/v1/silences/preview', json('POST', { matchers: ['alertname="Nothing"'] }));
    expect(((await none.json()) as { matched: number }).matched).toBe(0);
    const bad = await s.api('/api/v1/silences/preview', json('POST', { matchers: ['a=~"["'] }));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as ApiError).error.fields?.[0]?.path).toBe('matchers.0');
  });

  it('repeats while muted page nothing', async () => {
    clock.advance(20 * 60_000);
    await fire(amAlert('HighLatency', 'api-1'), amAlert('HighLatency', 'api-2'));
    expect(emailsFor(incidentId)).toHaveLength(0);
    const d = await incidentOf('HighLatency');
    expect(d.alerts.every((a) => a.mutedBy.length === 1)).toBe(true);
  });

  it('when the silence ends while the alert still fires, it pages then, once', async () => {
    clock.advance(41 * 60_000); // past the end
    await s.engine!.drain();
    expect(emailsFor(incidentId)).toHaveLength(1);
    expect(emailsFor(incidentId)[0]).toMatchObject({ recipient: 'oncall@example.com', message: { step: 'initial' } });
    const d = await incidentOf('HighLatency');
    expect(d.timeline.filter((t) => t.kind === 'page_released')).toHaveLength(1);
    expect(d.alerts.every((a) => a.mutedBy.length === 0)).toBe(true);
    const listed = (await (await s.api(`/api/v1/silences/${latency.id}`)).json()) as SilenceView;
    expect(listed.state).toBe('expired');

    // The next repeat of the alert and another release check page nothing more.
    await fire(amAlert('HighLatency', 'api-1'));
    await s.api(`/api/v1/silences/${latency.id}`, json('DELETE'));
    await s.engine!.drain();
    expect(emailsFor(incidentId)).toHaveLength(1);
  });

  it('expiring a silence by hand pages what it held at once, once', async () => {
    const errors = await silence({ matchers: ['alertname="ErrorRate"'], endsAt: inMinutes(120), comment: 'deploy' });
    await fire(amAlert('ErrorRate', 'api-1'));
    const d = await incidentOf('ErrorRate');
    expect(emailsFor(d.id)).toHaveLength(0);

    clock.advance(60_000);
    const res = await s.api(`/api/v1/silences/${errors.id}`, json('DELETE'));
    expect(res.status).toBe(200);
    expect(((await res.json()) as SilenceView).state).toBe('expired');
    await s.engine!.drain();
    expect(emailsFor(d.id)).toHaveLength(1);

    clock.advance(120 * 60_000); // the old end: its timer finds nothing held
    await s.engine!.drain();
    expect(emailsFor(d.id)).toHaveLength(1);
  });

  it('an alert that resolves while muted pages nothing when the silence ends', async () => {
    await silence({ matchers: ['alertname="DiskFull"'], endsAt: inMinutes(30), comment: 'cleanup' });
    await fire(amAlert('DiskFull', 'db-1'));
    const d = await incidentOf('DiskFull');
    await fire(amAlert('DiskFull', 'db-1', 'resolved'));
    clock.advance(31 * 60_000);
    await s.engine!.drain();
    expect(emailsFor(d.id)).toHaveLength(0);
    const after = await incidentOf('DiskFull');
    expect(after.timeline.some((t) => t.kind === 'page_dropped')).toBe(true);
  });

  it('a pending silence mutes nothing before it starts', async () => {
    const later = await silence({
      matchers: ['alertname="QueueDepth"'],
      startsAt: inMinutes(30),
      endsAt: inMinutes(90),
      comment: 'tomorrow',
    });
    expect(later.state).toBe('pending');
    await fire(amAlert('QueueDepth', 'q-1'));
    const d = await incidentOf('QueueDepth');
    expect(d.alerts[0]!.mutedBy).toEqual([]);
    expect(emailsFor(d.id)).toHaveLength(1);
  });

  it('lists silences by state; config silences cannot be changed through the API', async () => {
    const active = (await (await s.api('/api/v1/silences?state=pending')).json()) as SilenceList;
    expect(active.silences.map((x) => x.comment)).toEqual(['tomorrow']);
    const expired = (await (await s.api('/api/v1/silences?state=expired')).json()) as SilenceList;
    expect(expired.silences.map((x) => x.comment).sort()).toEqual(['cleanup', 'deploy', 'planned load test']);
    const res = await s.api('/api/v1/silences/config:anything', json('DELETE'));
    expect(res.status).toBe(409);
  });

  it('the CLI adds, queries, lists and expires silences; the changes are audited', async () => {
    const env = { ...process.env, FAULTLINE_TOKEN: ADMIN_TOKEN };
    const run = (...args: string[]) =>
      cli('node_modules/.bin/node', ['apps/server/src/cli/main.ts', ...args, '--url', s.url], { env });
    const query = await run('silence', 'query', 'alertname="QueueDepth"');
    expect(query.stdout).toContain('1 firing alert match');
    const added = await run(
      'silence',
      'add',
      'alertname="QueueDepth"',
      'instance=~"q-.*"',
      '--end',
      inMinutes(45),
      '--comment',
      'draining the queue',
    );
    const id = added.stdout.trim();
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const listed = await run('silence', 'list', '--state', 'active');
    expect(listed.stdout).toContain(id);
    expect(listed.stdout).toContain('alertname="QueueDepth", instance=~"q-.*"');
    expect((await run('silence', 'expire', id)).stdout).toContain(`${id} expired`);
    const shown = JSON.parse((await run('silence', 'show', id)).stdout) as SilenceView;
    expect(shown.state).toBe('expired');
    const audit = (await (await s.api(`/api/v1/audit?targetType=silence&targetId=${id}`)).json()) as {
      entries: Array<{ action: string }>;
    };
    expect(audit.entries.map((e) => e.action)).toEqual(['silence.expire', 'silence.create']);
  });
});
