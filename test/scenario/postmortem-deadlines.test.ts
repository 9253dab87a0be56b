/**
 * The closed loop (DESIGN §8, issue 10): a P1 resolved on a Friday evening before a public holiday gets a
 * postmortem due at the end of the next working day on its team's calendar; the incident cannot be closed
 * and the postmortem cannot be published until the checkpoints pass or are waived; bad input is refused
 * naming the field; an action past its due date shows in the board's Overdue lane and reminds its owner; a
 * mitigated incident gets a postmortem too; a level that needs none closes without one.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { extractText } from 'unpdf';
import type { ActionView, BoardView, IncidentDetail, IncidentList, PostmortemView } from '@faultline/contracts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../support/server.ts';

const MIN = 60_000;
const INTAKE = '/api/v1/intake/alertmanager/postmortem-test';
const ANA = { name: 'Ana', email: 'ana@example.com' };
const DAN = { name: 'Dan', email: 'dan@example.com' };

/** Team payments works on New York's calendar with US public holidays (Memorial Day: Monday 25 May 2026). */
const config = stringify({
  version: 1,
  catalog: {
    businessLines: [
      {
        id: 'commerce',
        modules: [{ id: 'core', tier: 'core', volume: 'high', services: [{ id: 'pay-api', team: 'payments' }] }],
      },
      {
        id: 'logistics',
        modules: [{ id: 'ship', tier: 'core', volume: 'low', services: [{ id: 'ship-api', team: 'payments' }] }],
      },
    ],
  },
  teams: [{ id: 'payments', members: [{ ...ANA, role: 'manager' }, DAN], escalationPolicy: 'payments' }],
  escalationPolicies: [{ id: 'payments', name: 'Payments', steps: [{ targets: [{ user: ANA.email }] }] }],
  levels: {
    templates: false,
    rules: [
      { id: 'critical', sequence: 'P', level: 1, alert: { matchers: ['severity="critical"'] } },
      { id: 'minor', sequence: 'P', level: 4, alert: { matchers: ['severity="info"'] } },
    ],
  },
  integrations: [{ key: 'postmortem-test', source: 'alertmanager', routeByLabel: 'service' }],
  postmortem: {
    required: ['P1', 'P2', 'P3'],
    calendars: [{ id: 'ny', timeZone: 'America/New_York', country: 'US' }],
    teamCalendars: { payments: 'ny' },
  },
});

describe('postmortem deadlines and checkpoints', () => {
  // Friday 22 May 2026, 18:00 in New York (EDT, UTC−4); Monday 25 May is Memorial Day.
  const clock = new FakeClock('2026-05-22T22:00:00Z');
  const email = recordingProvider();
  let s: TestServer;
  const json = async <T>(res: Response | Promise<Response>): Promise<T> => (await res).json() as Promise<T>;
  const post = (path: string, body?: unknown) =>
    s.api(path, { method: 'POST', ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const patch = (path: string, body: unknown) => s.api(path, { method: 'PATCH', body: JSON.stringify(body) });

  async function fire(alertname: string, severity: string, status: 'firing' | 'resolved' = 'firing'): Promise<number> {
    const res = await s.post(INTAKE, {
      version: '4',
      status,
      alerts: [
        {
          status,
          labels: { alertname, service: 'pay-api', severity },
          annotations: { summary: `${alertname} on pay-api` },
          startsAt: new Date(clock.now().getTime() - 2 * MIN).toISOString(),
          ...(status === 'resolved' ? { endsAt: clock.now().toISOString() } : {}),
        },
      ],
    });
    expect(res.status).toBe(202);
    await s.engine!.drain();
    const list = await json<IncidentList>(s.api('/api/v1/incidents?status=all'));
    return list.incidents.find((i) => i.title === `${alertname} on pay-api`)!.id;
  }

  beforeAll(async () => {
    s = await startTestServer({ clock, providers: { email }, engineLoop: false, configYaml: config });
  });
  afterAll(() => s.dispose());

  let incidentId = 0;
  let pm: PostmortemView;

  it('a P1 resolved on Friday evening before Memorial Day is due at the end of Tuesday in New York', async () => {
    incidentId = await fire('CheckoutDown', 'critical');
    clock.advance(3 * MIN);
    expect((await post(`/api/v1/incidents/${incidentId}/acknowledge`)).status).toBe(200);
    clock.advance(60 * MIN); // 19:03 New York
    expect((await post(`/api/v1/incidents/${incidentId}/resolve`)).status).toBe(200);
    await s.engine!.drain();
    const res = await s.api(`/api/v1/incidents/${incidentId}/postmortem`);
    expect(res.status).toBe(200);
    pm = (await res.json()) as PostmortemView;
    expect(pm).toMatchObject({ status: 'draft', level: 'P1', team: 'payments', owner: 'admin', calendar: 'ny' });
    // Saturday, Sunday and Memorial Day are off: one working day ends at Tuesday 26 May's midnight (EDT).
    expect(pm.dueAt).toBe('2026-05-27T04:00:00.000Z');
    expect(pm.reviewMeetingAt).toBe('2026-05-23T23:03:00.000Z');
    // The template is prefilled from the key times.
    expect(pm.sections.timeline.map((l) => l.source)).toEqual(
      expect.arrayContaining(['milestone:detected_at', 'milestone:acknowledged_at', 'milestone:resolved_at']),
    );
    expect(pm.sections.response.acknowledgeMinutes).toBe(3);
    expect(pm.checkpoints.filter((c) => c.state === 'missing').map((c) => c.id)).toEqual([
      'root_cause_classified',
      'changes_reviewed',
      'monitoring_reviewed',
      'clock_met_or_explained',
      'action_defined',
    ]);
    // The review meeting's invitation: 24 hours after resolution, the team's manager (the owner's lead) invited.
    const ics = await s.api(`/api/v1/postmortems/${pm.id}/review.ics`);
    expect(ics.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const invitation = await ics.text();
    expect(invitation).toContain('METHOD:REQUEST');
    expect(invitation).toContain('DTSTART:20260523T230300Z');
    expect(invitation).toMatch(/ATTENDEE;[^\r\n]*:MAILTO:ana@example\.com/);
    const timeline = (await json<IncidentDetail>(s.api(`/api/v1/incidents/${incidentId}`))).timeline;
    expect(timeline.some((t) => t.kind === 'postmortem' && t.message.includes('opened'))).toBe(true);
  });

  it('refuses bad input naming the field', async () => {
    const field = async (res: Response) => {
      expect(res.status).toBe(400);
      return ((await res.json()) as { error: { fields: Array<{ path: string }> } }).error.fields.map((f) => f.path);
    };
    expect(await field(await patch(`/api/v1/postmortems/${pm.id}`, { classification: 'gremlins' }))).toEqual([
      'classification',
    ]);
    const action = {
      title: 'Alert on checkout error rate',
      owner: DAN.email,
      verifier: ANA.email,
      acceptanceCriteria: 'the alert fires in a test',
      type: 'detect',
    };
    expect(await field(await post(`/api/v1/postmortems/${pm.id}/actions`, { ...action, verifier: DAN.email }))).toEqual(
      ['verifier'],
    );
    expect(
      await field(await post(`/api/v1/postmortems/${pm.id}/actions`, { ...action, dueAt: '2026-05-01T00:00:00Z' })),
    ).toEqual(['dueAt']);
    expect(
      await field(await post(`/api/v1/postmortems/${pm.id}/actions`, { ...action, acceptanceCriteria: '' })),
    ).toContain('acceptanceCriteria');
    expect(
      await field(await post(`/api/v1/postmortems/${pm.id}/waivers`, { checkpoint: 'nope', reason: 'x' })),
    ).toEqual(['checkpoint']);
  });

  it('cannot be closed or published until the checkpoints pass or are waived', async () => {
    const closing = await post(`/api/v1/incidents/${incidentId}/close`);
    expect(closing.status).toBe(412);
    expect(((await closing.json()) as { error: { message: string } }).error.message).toContain('root_cause_classified');
    expect((await post(`/api/v1/postmortems/${pm.id}/publish`)).status).toBe(412);

    const edited = await json<PostmortemView>(
      patch(`/api/v1/postmortems/${pm.id}`, {
        classification: 'change',
        detectionSource: 'monitoring',
        changesReviewed: true,
        monitoringReviewed: true,
        sections: { rootCause: 'A config push disabled the **payment** pool.' },
      }),
    );
    expect(edited.sections.rootCause).toBe('A config push disabled the **payment** pool.');
    expect(edited.sections.timeline.length).toBeGreaterThan(0); // other sections kept
    const action = await json<ActionView>(
      post(`/api/v1/postmortems/${pm.id}/actions`, {
        title: 'Alert on checkout error rate',
        owner: DAN.email,
        verifier: ANA.email,
        acceptanceCriteria: 'the alert fires in a test',
        type: 'detect',
        priority: 'high',
      }),
    );
    // Default due: 10 working days for P1, on the team's calendar.
    expect(action).toMatchObject({ state: 'open', overdue: false, dueAt: '2026-06-09T04:00:00.000Z' });

    // Recovery took over 10 minutes: the 1-5-10 checkpoint is missing until explained or waived.
    const still = await post(`/api/v1/postmortems/${pm.id}/publish`);
    expect(still.status).toBe(412);
    expect(((await still.json()) as { error: { fields: Array<{ path: string }> } }).error.fields).toEqual([
      { path: 'checkpoints.clock_met_or_explained', message: 'explain why the 1-5-10 targets were missed' },
    ]);
    const waived = await json<PostmortemView>(
      post(`/api/v1/postmortems/${pm.id}/waivers`, {
        checkpoint: 'clock_met_or_explained',
        reason: 'the resolve was recorded late; service was restored at 18:09',
      }),
    );
    expect(waived.checkpoints.find((c) => c.id === 'clock_met_or_explained')?.state).toBe('waived');
    const audit = await json<{ entries: Array<{ action: string }> }>(s.api('/api/v1/audit?limit=20'));
    expect(audit.entries.map((e) => e.action)).toContain('postmortem-checkpoint.waive');

    const published = await json<PostmortemView>(post(`/api/v1/postmortems/${pm.id}/publish`));
    expect(published).toMatchObject({ status: 'published', publishedBy: 'admin' });
    expect(await json(post(`/api/v1/incidents/${incidentId}/close`))).toEqual({ closed: true });
    expect((await json<IncidentDetail>(s.api(`/api/v1/incidents/${incidentId}`))).status).toBe('closed');

    const exported = await s.api(`/api/v1/postmortems/${pm.id}/markdown`);
    expect(exported.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    const md = await exported.text();
    expect(md.startsWith(`# Postmortem #${pm.id}: CheckoutDown on pay-api\n`)).toBe(true);
    expect(md).toContain('A config push disabled the **payment** pool.');
    expect(md).toContain('| Alert on checkout error rate | dan@example.com | ana@example.com |');

    // The PDF export, read back as text.
    const pdf = await s.api(`/api/v1/postmortems/${pm.id}/pdf`);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const { text } = await extractText(new Uint8Array(await pdf.arrayBuffer()), { mergePages: true });
    expect(text).toContain(`Postmortem #${pm.id}: CheckoutDown on pay-api`);
    expect(text).toContain('A config push disabled the **payment** pool.');
  });

  it('an action past its due date shows in Overdue and reminds its owner', async () => {
    const id = await fire('LoginSlow', 'critical');
    clock.advance(5 * MIN);
    await post(`/api/v1/incidents/${id}/resolve`);
    await s.engine!.drain();
    const p = await json<PostmortemView>(s.api(`/api/v1/incidents/${id}/postmortem`));
    const dueAt = new Date(clock.now().getTime() + 60 * MIN).toISOString();
    const action = await json<ActionView>(
      post(`/api/v1/postmortems/${p.id}/actions`, {
        title: 'Add a login latency SLO',
        owner: DAN.email,
        verifier: ANA.email,
        acceptanceCriteria: 'an SLO with a burn-rate alert exists',
        type: 'prevent',
        dueAt,
      }),
    );
    let board = await json<BoardView>(s.api('/api/v1/board?team=payments'));
    expect(board.pending.map((a) => a.id)).toContain(action.id);
    expect(board.overdue.map((a) => a.id)).not.toContain(action.id);
    expect(board.faults.map((f) => f.incidentId)).toContain(id);
    expect(board.faults.map((f) => f.incidentId)).not.toContain(incidentId); // published

    clock.advance(61 * MIN);
    await s.engine!.drain();
    board = await json<BoardView>(s.api('/api/v1/board?team=payments'));
    expect(board.overdue.map((a) => a.id)).toEqual([action.id]);
    expect(board.pending.map((a) => a.id)).not.toContain(action.id);
    // The business-line filter: pay-api is in commerce, not in logistics; an unknown line is refused by name.
    expect((await json<BoardView>(s.api('/api/v1/board?businessLine=commerce'))).overdue.map((a) => a.id)).toEqual([
      action.id,
    ]);
    const logistics = await json<BoardView>(s.api('/api/v1/board?businessLine=logistics'));
    expect([logistics.faults.length, logistics.overdue.length, logistics.pending.length]).toEqual([0, 0, 0]);
    const unknown = await s.api('/api/v1/board?businessLine=nope');
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { error: { fields: Array<{ path: string }> } }).error.fields[0]?.path).toBe(
      'businessLine',
    );
    expect(email.notices.filter((n) => n.recipient === DAN.email).map((n) => n.message.subject)).toContain(
      `Action #${action.id} "Add a login latency SLO" is overdue (due ${dueAt})`,
    );
    // The board's drag: open → in progress; the verifier alone verifies.
    expect((await json<ActionView>(post(`/api/v1/actions/${action.id}/move`, { to: 'in_progress' }))).state).toBe(
      'in_progress',
    );
    expect((await json<ActionView>(post(`/api/v1/actions/${action.id}/move`, { to: 'done' }))).state).toBe('done');
    expect((await post(`/api/v1/actions/${action.id}/move`, { to: 'verified' })).status).toBe(403);
    expect((await post(`/api/v1/actions/${action.id}/move`, { to: 'open' })).status).toBe(412);
    board = await json<BoardView>(s.api('/api/v1/board?owner=dan@example.com'));
    expect(board.pending.find((a) => a.id === action.id)?.state).toBe('done');
  });

  it('a mitigated incident gets a postmortem; a level that needs none closes without one', async () => {
    const mitigated = await fire('CartErrors', 'critical');
    clock.advance(4 * MIN);
    await fire('CartErrors', 'critical', 'resolved');
    expect((await json<IncidentDetail>(s.api(`/api/v1/incidents/${mitigated}`))).status).toBe('mitigated');
    expect((await s.api(`/api/v1/incidents/${mitigated}/postmortem`)).status).toBe(200);

    const minor = await fire('TypoOnFooter', 'info');
    await post(`/api/v1/incidents/${minor}/resolve`);
    await s.engine!.drain();
    expect((await s.api(`/api/v1/incidents/${minor}/postmortem`)).status).toBe(404);
    expect(await json(post(`/api/v1/incidents/${minor}/close`))).toEqual({ closed: true });
  });

  it('the CLI shows the postmortem, edits it, adds an action, prints the board and closes through the same API', async () => {
    const cli = async (...args: string[]) =>
      (
        await promisify(execFile)('node_modules/.bin/node', ['apps/server/src/cli/main.ts', ...args, '--url', s.url], {
          env: { ...process.env, FAULTLINE_TOKEN: ADMIN_TOKEN },
        })
      ).stdout;
    const id = await fire('SearchDown', 'critical');
    await post(`/api/v1/incidents/${id}/resolve`);
    await s.engine!.drain();
    const shown = await cli('postmortem', 'show', String(id));
    expect(shown).toContain('missing root_cause_classified — classify the root cause');
    const p = await json<PostmortemView>(s.api(`/api/v1/incidents/${id}/postmortem`));
    const edited = await cli(
      'postmortem',
      'edit',
      String(p.id),
      '--classification',
      'capacity',
      '--owner',
      ANA.email,
      '--changes-reviewed',
      '--monitoring-reviewed',
    );
    expect(edited).toContain('root cause class: capacity');
    expect(edited).toContain('passed  changes_reviewed');
    const added = await cli(
      'action',
      'add',
      String(p.id),
      '--title',
      'Autoscale search',
      '--owner',
      DAN.email,
      '--verifier',
      ANA.email,
      '--acceptance',
      'scales at 70% CPU',
      '--type',
      'prevent',
    );
    expect(added).toContain('[open] Autoscale search — owner dan@example.com, verifier ana@example.com');
    expect(await cli('board', '--team', 'payments', '--business-line', 'commerce')).toContain(
      `#${id} SearchDown on pay-api`,
    );
    await cli('postmortem', 'waive', String(p.id), 'clock_met_or_explained', '--reason', 'resolved by hand late');
    expect(await cli('incident', 'close', String(id))).toBe(`closed #${id}\n`);
    expect(await cli('postmortem', 'markdown', String(p.id))).toContain('| Autoscale search |');
  }, 180_000); // seven CLI processes, each starting Node and loading the CLI: slow on a loaded machine
});
