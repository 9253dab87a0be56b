/**
 * Chasing overdue improvement actions (issue 10 item 4): an action past its due date reminds its owner at the
 * due time and again every `remindEveryHours` while it stays overdue; the incident's coordinator and the
 * action's tracker get a digest of the overdue actions every `digestEveryHours`, which stops once nothing is
 * overdue. The digest is on the incident's timeline. Email is a recording provider; time is a fake clock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { ActionView, IncidentDetail, IncidentList, PostmortemView } from '@faultline/contracts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const INTAKE = '/api/v1/intake/alertmanager/chasing-test';
const ANA = { name: 'Ana', email: 'ana@example.com' };
const DAN = { name: 'Dan', email: 'dan@example.com' };
const BO = { name: 'Bo', email: 'bo@example.com' };
const QUEUE = 'payments-queue@example.com';

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
  teams: [{ id: 'payments', members: [ANA, DAN, BO], escalationPolicy: 'payments' }],
  escalationPolicies: [{ id: 'payments', name: 'Payments', steps: [{ targets: [{ user: ANA.email }] }] }],
  levels: {
    templates: false,
    rules: [{ id: 'major', sequence: 'P', level: 2, alert: { matchers: ['severity="major"'] } }],
  },
  integrations: [{ key: 'chasing-test', source: 'alertmanager', routeByLabel: 'service' }],
  postmortem: { remindEveryHours: 24, digestEveryHours: 24, inviteToReview: false },
});

describe('chasing overdue actions', () => {
  const clock = new FakeClock('2026-09-01T07:00:00Z');
  const email = recordingProvider();
  let s: TestServer;
  let incidentId = 0;
  let pm: PostmortemView;
  const actions: ActionView[] = [];
  const post = async <T>(path: string, body?: unknown): Promise<T> => {
    const res = await s.api(path, { method: 'POST', ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    expect(res.status, `${path}: ${await res.clone().text()}`).toBe(200);
    return (await res.json()) as T;
  };
  const to = (who: string) => email.notices.filter((n) => n.recipient === who).map((n) => n.message);
  const later = async (ms: number) => {
    clock.advance(ms);
    await s.engine!.drain();
  };

  beforeAll(async () => {
    s = await startTestServer({ clock, providers: { email }, engineLoop: false, configYaml: config });
    await s.post(INTAKE, {
      version: '4',
      status: 'firing',
      alerts: [
        {
          status: 'firing',
          labels: { alertname: 'RefundsSlow', service: 'pay-api', severity: 'major' },
          annotations: { summary: 'Refunds are slow' },
          startsAt: clock.now().toISOString(),
        },
      ],
    });
    await s.engine!.drain();
    const list = (await (await s.api('/api/v1/incidents')).json()) as IncidentList;
    incidentId = list.incidents.find((i) => i.title === 'Refunds are slow')!.id;
    await post(`/api/v1/incidents/${incidentId}/roles`, { action: 'assign', role: 'coordinator', to: ANA.email });
    await post(`/api/v1/incidents/${incidentId}/resolve`);
    await s.engine!.drain();
    pm = (await (await s.api(`/api/v1/incidents/${incidentId}/postmortem`)).json()) as PostmortemView;
    expect(pm.owner).toBe(ANA.email); // the coordinator
    for (const [title, owner, hours, tracker] of [
      ['Shard the refunds queue', DAN.email, 1, QUEUE],
      ['Alert on refund latency', BO.email, 3, undefined],
    ] as const)
      actions.push(
        await post<ActionView>(`/api/v1/postmortems/${pm.id}/actions`, {
          title,
          owner,
          verifier: ANA.email,
          acceptanceCriteria: `${title} holds in a load test`,
          type: 'prevent',
          dueAt: new Date(clock.now().getTime() + hours * HOUR).toISOString(),
          ...(tracker ? { tracker } : {}),
        }),
      );
  });
  afterAll(() => s.dispose());

  it('reminds the owner at the due time and sends the coordinator and the tracker a digest', async () => {
    await later(61 * MIN);
    expect(to(DAN.email).map((m) => m.subject)).toEqual([
      `Action #${actions[0]!.id} "Shard the refunds queue" is overdue (due ${actions[0]!.dueAt})`,
    ]);
    const digests = [ANA.email, QUEUE].map((who) => to(who).filter((m) => m.subject.includes('overdue improvement')));
    for (const d of digests) {
      expect(d.map((m) => m.subject)).toEqual(['Faultline: 1 overdue improvement action']);
      expect(d[0]!.text).toContain(
        `- #${actions[0]!.id} "Shard the refunds queue" (incident #${incidentId}), owner ${DAN.email}`,
      );
    }
    const timeline = ((await (await s.api(`/api/v1/incidents/${incidentId}`)).json()) as IncidentDetail).timeline;
    expect(timeline.map((t) => t.message)).toEqual(
      expect.arrayContaining([
        `overdue actions digest sent to ${ANA.email}`,
        `overdue actions digest sent to ${QUEUE}`,
      ]),
    );
  });

  it('a second action going overdue reminds its owner but waits for the next digest', async () => {
    await later(2 * HOUR);
    expect(to(BO.email).map((m) => m.subject)).toEqual([
      `Action #${actions[1]!.id} "Alert on refund latency" is overdue (due ${actions[1]!.dueAt})`,
    ]);
    expect(to(ANA.email).filter((m) => m.subject.includes('overdue improvement'))).toHaveLength(1);
  });

  it('a day later the owner is reminded again and the digest lists both', async () => {
    await later(22 * HOUR);
    expect(to(DAN.email).map((m) => m.subject)[1]).toBe(
      `Action #${actions[0]!.id} "Shard the refunds queue" is still overdue (due ${actions[0]!.dueAt}, reminder 2)`,
    );
    const anaDigests = to(ANA.email).filter((m) => m.subject.includes('overdue improvement'));
    expect(anaDigests.map((m) => m.subject)).toEqual([
      'Faultline: 1 overdue improvement action',
      'Faultline: 2 overdue improvement actions',
    ]);
    expect(anaDigests[1]!.text.split('\n').map((l) => l.slice(0, l.indexOf('"')))).toEqual([
      `- #${actions[0]!.id} `,
      `- #${actions[1]!.id} `,
    ]);
    // The tracker sees only its own action.
    expect(
      to(QUEUE)
        .filter((m) => m.subject.includes('overdue improvement'))
        .map((m) => m.subject),
    ).toEqual(['Faultline: 1 overdue improvement action', 'Faultline: 1 overdue improvement action']);
  });

  it('stops chasing once the actions are done; the unpublished postmortem is chased daily', async () => {
    for (const a of actions) await post(`/api/v1/actions/${a.id}/move`, { to: 'done' });
    const before = email.notices.length;
    await later(24 * HOUR);
    await later(24 * HOUR);
    expect(email.notices.slice(before).filter((n) => n.message.subject.includes('ction'))).toEqual([]);
    // Due at the end of Wednesday 2 September (one working day, UTC calendar): reminded then and a day later.
    expect(to(ANA.email).filter((m) => m.subject.startsWith(`Postmortem #${pm.id} is overdue`))).toHaveLength(2);
  });
});
