/**
 * Issue 10's last gaps, through HTTP on a fake clock: the template of a postmortem follows its level
 * (`postmortem.templates`: P4 a short one; P1 the full default), and the API, the Markdown and the PDF keep to it;
 * the PDF prints Chinese (an embedded, subset CJK font) and reads back; an incident whose postmortem is past its
 * due time (on the team's working-day calendar) is marked on the incident list and page and can be filtered
 * (`postmortem=overdue`) until the postmortem is published.
 *
 * Runs on the embedded store, and on PostgreSQL in the scenario-postgres run (TEST_DATABASE_URL).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { extractText } from 'unpdf';
import type { IncidentDetail, IncidentPage, PostmortemView } from '@faultline/contracts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../support/server.ts';

const MIN = 60_000;
const INTAKE = '/api/v1/intake/alertmanager/pm-templates';
const ANA = { name: 'Ana', email: 'ana@example.com' };
const SHORT = ['summary', 'impact', 'timeline', 'rootCause', 'improvement'];

const config = stringify({
  version: 1,
  catalog: {
    businessLines: [
      {
        id: 'commerce',
        modules: [{ id: 'core', tier: 'core', volume: 'high', services: [{ id: 'pay-api', team: 'payments' }] }],
      },
    ],
  },
  teams: [{ id: 'payments', members: [{ ...ANA, role: 'manager' }], escalationPolicy: 'payments' }],
  escalationPolicies: [{ id: 'payments', name: 'Payments', steps: [{ targets: [{ user: ANA.email }] }] }],
  levels: {
    templates: false,
    rules: [
      { id: 'critical', sequence: 'P', level: 1, alert: { matchers: ['severity="critical"'] } },
      { id: 'minor', sequence: 'P', level: 4, alert: { matchers: ['severity="info"'] } },
    ],
  },
  integrations: [{ key: 'pm-templates', source: 'alertmanager', routeByLabel: 'service' }],
  postmortem: {
    required: ['P1', 'P4'],
    templates: { '4': SHORT },
    calendars: [{ id: 'cn', timeZone: 'Asia/Shanghai', country: 'CN' }],
    teamCalendars: { payments: 'cn' },
  },
});

describe('postmortem templates by level, CJK in the PDF, overdue postmortems on the incident list', () => {
  // Thursday 8 October 2026, 10:00 in Shanghai: the first working day after the National Day holiday (1–7 October);
  // Saturday 10 October is a make-up working day.
  const clock = new FakeClock('2026-10-08T02:00:00Z');
  let s: TestServer;
  const json = async <T>(res: Response | Promise<Response>): Promise<T> => (await res).json() as Promise<T>;
  const post = (path: string, body?: unknown) =>
    s.api(path, { method: 'POST', ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const patch = (path: string, body: unknown) => s.api(path, { method: 'PATCH', body: JSON.stringify(body) });
  const pdfText = async (id: number) => {
    const res = await s.api(`/api/v1/postmortems/${id}/pdf`);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const bytes = new Uint8Array(await res.arrayBuffer());
    return { size: bytes.length, text: (await extractText(bytes, { mergePages: true })).text };
  };

  /** Opens an incident from one alert, acknowledges and resolves it; its postmortem. */
  async function resolved(alertname: string, severity: string, summary: string): Promise<PostmortemView> {
    const res = await s.post(INTAKE, {
      version: '4',
      status: 'firing',
      alerts: [
        {
          status: 'firing',
          labels: { alertname, service: 'pay-api', severity },
          annotations: { summary },
          startsAt: new Date(clock.now().getTime() - 2 * MIN).toISOString(),
        },
      ],
    });
    expect(res.status).toBe(202);
    await s.engine!.drain();
    const list = await json<IncidentPage>(s.api('/api/v1/incidents?status=all'));
    const id = list.incidents.find((i) => i.title === summary)!.id;
    clock.advance(2 * MIN);
    expect((await post(`/api/v1/incidents/${id}/acknowledge`)).status).toBe(200);
    clock.advance(10 * MIN);
    expect((await post(`/api/v1/incidents/${id}/resolve`)).status).toBe(200);
    await s.engine!.drain();
    return json<PostmortemView>(s.api(`/api/v1/incidents/${id}/postmortem`));
  }

  beforeAll(async () => {
    s = await startTestServer({
      clock,
      providers: { email: recordingProvider() },
      engineLoop: false,
      configYaml: config,
    });
  });
  afterAll(() => s?.dispose());

  let p1: PostmortemView;
  let p4: PostmortemView;

  it("a postmortem takes its level's template; the API refuses sections outside it, naming them", async () => {
    p1 = await resolved('PayTimeout', 'critical', '支付服务超时');
    p4 = await resolved('SlowReport', 'info', 'Slow settlement report');
    expect(p1).toMatchObject({ level: 'P1', templateSource: 'default' });
    expect(p1.template).toEqual([
      'summary',
      'impact',
      'timeline',
      'rootCause',
      'prevention',
      'discovery',
      'response',
      'recovery',
      'improvement',
      'wentWell',
      'wentBadly',
      'lucky',
    ]);
    expect(p4).toMatchObject({ level: 'P4', templateSource: '4', template: SHORT });

    const refused = await patch(`/api/v1/postmortems/${p4.id}`, {
      sections: { rootCause: 'a slow query', wentWell: 'x', lucky: 'y' },
    });
    expect(refused.status).toBe(400);
    const fields = ((await refused.json()) as { error: { fields: Array<{ path: string; message: string }> } }).error
      .fields;
    expect(fields.map((f) => f.path)).toEqual(['sections.wentWell', 'sections.lucky']);
    expect(fields[0]!.message).toContain('4: summary, impact, timeline, rootCause, improvement');
    // Nothing half-written: the root cause of the refused patch was not stored.
    expect((await json<PostmortemView>(s.api(`/api/v1/postmortems/${p4.id}`))).sections.rootCause).toBe('');

    const ok = await json<PostmortemView>(
      patch(`/api/v1/postmortems/${p4.id}`, { sections: { rootCause: 'A slow query.', improvement: 'Add an index.' } }),
    );
    expect(ok.sections).toMatchObject({ rootCause: 'A slow query.', improvement: 'Add an index.' });
    expect((await patch(`/api/v1/postmortems/${p1.id}`, { sections: { lucky: 'it was 10:00' } })).status).toBe(200);
  });

  it("the exports print the template's sections only", async () => {
    const short = await (await s.api(`/api/v1/postmortems/${p4.id}/markdown`)).text();
    expect(short).toContain('## Root cause\n\nA slow query.');
    expect(short).toContain('## Improvement\n\nAdd an index.');
    for (const gone of ['## Prevention', '## Discovery', '## Response', '## Recovery', '## What went well'])
      expect(short).not.toContain(gone);
    const full = await (await s.api(`/api/v1/postmortems/${p1.id}/markdown`)).text();
    for (const kept of ['## Prevention', '## Discovery', '## Response', '## Recovery', '## Where we got lucky'])
      expect(full).toContain(kept);
    const { text } = await pdfText(p4.id);
    expect(text).toContain('Root cause');
    expect(text).not.toContain('Prevention');
  });

  it('the PDF prints Chinese text that reads back, in a subset font', async () => {
    await patch(`/api/v1/postmortems/${p1.id}`, {
      sections: { rootCause: '银行网关连接池耗尽，重试风暴放大了延迟 😀' },
    });
    const { text, size } = await pdfText(p1.id);
    expect(text).toContain(`Postmortem #${p1.id}: 支付服务超时`);
    expect(text).toContain('银行网关连接池耗尽，重试风暴放大了延迟 ?');
    expect(size).toBeLessThan(400_000);
  });

  it('an overdue postmortem is marked on the incident list and page, and the list filters by it', async () => {
    const overdueIds = async () =>
      (await json<IncidentPage>(s.api('/api/v1/incidents?status=all&postmortem=overdue'))).incidents.map((i) => i.id);
    // Resolved on Thursday 8 October at 10:12 Shanghai: a P1 is due at the end of Friday 9 October.
    expect(p1.dueAt).toBe('2026-10-09T16:00:00.000Z');
    expect(await overdueIds()).toEqual([]);
    const listed = (await json<IncidentPage>(s.api('/api/v1/incidents?status=all'))).incidents.find(
      (i) => i.id === p1.incidentId,
    )!;
    expect(listed).toMatchObject({ postmortemDueAt: p1.dueAt, postmortemOverdue: false });

    clock.advance(Date.parse('2026-10-09T16:00:00Z') - clock.now().getTime()); // midnight in Shanghai: now overdue
    expect(await overdueIds()).toEqual([p1.incidentId]);
    const page = await json<IncidentPage>(s.api('/api/v1/incidents?status=all&postmortem=overdue'));
    expect(page.total).toBe(1);
    expect(page.incidents[0]).toMatchObject({ postmortemOverdue: true, postmortemDueAt: p1.dueAt });
    const detail = await json<IncidentDetail>(s.api(`/api/v1/incidents/${p1.incidentId}`));
    expect(detail.postmortemOverdue).toBe(true);
    expect((await json<PostmortemView>(s.api(`/api/v1/postmortems/${p1.id}`))).overdue).toBe(true);
    // The P4's three working days are Friday, Saturday 10 October (a make-up working day) and Monday.
    expect(p4.dueAt).toBe('2026-10-12T16:00:00.000Z');
    // The filter combines with the others and is refused when malformed.
    expect((await s.api('/api/v1/incidents?postmortem=overdue')).status).toBe(200);
    expect((await json<IncidentPage>(s.api('/api/v1/incidents?status=open&postmortem=overdue'))).incidents).toEqual([]);
    const bad = await s.api('/api/v1/incidents?postmortem=late');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('postmortem');

    // The CLI lists them too, and shows a postmortem's template.
    const cli = async (...args: string[]) =>
      (
        await promisify(execFile)('node_modules/.bin/node', ['apps/server/src/cli/main.ts', ...args, '--url', s.url], {
          env: { ...process.env, FAULTLINE_TOKEN: ADMIN_TOKEN },
        })
      ).stdout;
    expect(await cli('incident', 'list', '--status', 'all', '--postmortem', 'overdue')).toBe(
      `#${p1.incidentId}  P1  resolved  pay-api  支付服务超时  [postmortem OVERDUE]\n1 shown of 1 matching\n`,
    );
    expect(await cli('postmortem', 'show', String(p4.incidentId))).toContain(
      'template: 4 — summary, impact, timeline, rootCause, improvement',
    );

    // Published: no longer due, so no longer overdue anywhere.
    for (const checkpoint of [
      'root_cause_classified',
      'changes_reviewed',
      'monitoring_reviewed',
      'clock_met_or_explained',
      'action_defined',
      'owner_assigned',
    ])
      expect((await post(`/api/v1/postmortems/${p1.id}/waivers`, { checkpoint, reason: 'test' })).status).toBe(200);
    expect((await post(`/api/v1/postmortems/${p1.id}/publish`)).status).toBe(200);
    expect(await overdueIds()).toEqual([]);
    expect(await json<IncidentDetail>(s.api(`/api/v1/incidents/${p1.incidentId}`))).toMatchObject({
      postmortemDueAt: null,
      postmortemOverdue: false,
    });
  }, 120_000); // two CLI processes, each starting Node and loading the CLI: slow on a loaded machine
});
