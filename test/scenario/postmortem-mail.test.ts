/**
 * The postmortem's mail (issue 10 items 2 and 3): when a P1's postmortem opens, the review meeting's iCal
 * invitation goes by email to the participants (handler, coordinator, owner, owner's lead); when the postmortem
 * is published, the configured audience gets the rendered report and a link. Both are on the incident's
 * timeline. Email is a recording provider injected through the registry.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { IncidentDetail, IncidentList, PostmortemView } from '@faultline/contracts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const MIN = 60_000;
const INTAKE = '/api/v1/intake/alertmanager/pm-mail-test';
const ANA = { name: 'Ana', email: 'ana@example.com' };
const DAN = { name: 'Dan', email: 'dan@example.com' };
const AUDIENCE = ['eng@example.com', 'sre-leads@example.com'];

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
  teams: [{ id: 'payments', members: [{ ...ANA, role: 'manager' }, DAN], escalationPolicy: 'payments' }],
  escalationPolicies: [{ id: 'payments', name: 'Payments', steps: [{ targets: [{ user: DAN.email }] }] }],
  levels: {
    templates: false,
    rules: [{ id: 'critical', sequence: 'P', level: 1, alert: { matchers: ['severity="critical"'] } }],
  },
  integrations: [{ key: 'pm-mail-test', source: 'alertmanager', routeByLabel: 'service' }],
  postmortem: { publishTo: AUDIENCE },
});

describe('postmortem mail', () => {
  const clock = new FakeClock('2026-03-10T08:00:00Z');
  const email = recordingProvider();
  let s: TestServer;
  let incidentId = 0;
  let pm: PostmortemView;
  const post = (path: string, body?: unknown) =>
    s.api(path, { method: 'POST', ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

  beforeAll(async () => {
    s = await startTestServer({ clock, providers: { email }, engineLoop: false, configYaml: config });
    const res = await s.post(INTAKE, {
      version: '4',
      status: 'firing',
      alerts: [
        {
          status: 'firing',
          labels: { alertname: 'LedgerDown', service: 'pay-api', severity: 'critical' },
          annotations: { summary: 'Ledger is down' },
          startsAt: clock.now().toISOString(),
        },
      ],
    });
    expect(res.status).toBe(202);
    await s.engine!.drain();
    const list = (await (await s.api('/api/v1/incidents')).json()) as IncidentList;
    incidentId = list.incidents.find((i) => i.title === 'Ledger is down')!.id;
  });
  afterAll(() => s.dispose());

  it('emails the review meeting invitation to the participants when the postmortem opens', async () => {
    clock.advance(2 * MIN);
    await post(`/api/v1/incidents/${incidentId}/acknowledge`);
    clock.advance(8 * MIN);
    await post(`/api/v1/incidents/${incidentId}/resolve`);
    await s.engine!.drain();
    pm = (await (await s.api(`/api/v1/incidents/${incidentId}/postmortem`)).json()) as PostmortemView;
    const invitations = email.notices.filter((n) => n.message.subject.startsWith('Postmortem review:'));
    // The acknowledger (handler and coordinator, and so owner) and Ana, the team's manager (the owner's lead).
    expect(invitations.map((n) => n.recipient).sort()).toEqual([ANA.email]);
    const ics = invitations[0]!.message.calendar!;
    expect(ics).toContain('METHOD:REQUEST');
    expect(ics).toContain('DTSTART:20260311T081000Z'); // 24 hours after the resolve
    expect(ics).toMatch(/ATTENDEE;[^\r\n]*:MAILTO:ana@example\.com/);
    expect(invitations[0]!.message.text).toContain(`/incidents/${incidentId}/postmortem`);
    const timeline = ((await (await s.api(`/api/v1/incidents/${incidentId}`)).json()) as IncidentDetail).timeline;
    expect(timeline.map((t) => t.message)).toContain(`review meeting invitation sent to ${ANA.email}`);
  });

  it('sends the published report with a link to the configured audience, and only once published', async () => {
    expect((await post(`/api/v1/postmortems/${pm.id}/publish`)).status).toBe(412);
    expect(email.notices.filter((n) => AUDIENCE.includes(n.recipient))).toEqual([]);

    await s.api(`/api/v1/postmortems/${pm.id}`, {
      method: 'PATCH',
      body: JSON.stringify({
        owner: DAN.email,
        classification: 'dependency',
        changesReviewed: true,
        monitoringReviewed: true,
        clockExplanation: 'recovery waited for the ledger vendor',
        sections: { rootCause: 'The ledger vendor *throttled* us.' },
      }),
    });
    const action = await post(`/api/v1/postmortems/${pm.id}/actions`, {
      title: 'Cache ledger reads',
      owner: DAN.email,
      verifier: ANA.email,
      acceptanceCriteria: 'a vendor outage of 10 minutes is invisible to checkout',
      type: 'mitigate',
    });
    expect(action.status).toBe(200);
    expect((await post(`/api/v1/postmortems/${pm.id}/publish`)).status).toBe(200);
    await s.engine!.drain();
    const sent = email.notices.filter((n) => AUDIENCE.includes(n.recipient));
    expect(sent.map((n) => n.recipient).sort()).toEqual([...AUDIENCE].sort());
    for (const n of sent) {
      expect(n.message.subject).toBe(`Postmortem published: #${incidentId} Ledger is down`);
      expect(n.message.text.split('\n')[0]).toMatch(new RegExp(`/incidents/${incidentId}/postmortem$`));
      expect(n.message.text).toContain(`# Postmortem #${pm.id}: Ledger is down`);
      expect(n.message.text).toContain('The ledger vendor *throttled* us.');
      expect(n.message.text).toContain('| Cache ledger reads | dan@example.com | ana@example.com |');
    }
    // Publishing again sends nothing more.
    expect((await post(`/api/v1/postmortems/${pm.id}/publish`)).status).toBe(200);
    await s.engine!.drain();
    expect(email.notices.filter((n) => AUDIENCE.includes(n.recipient))).toHaveLength(2);
  });
});
