/**
 * Nobody takes over someone else's pages (issue 15 item 2, docs/security.md "Who can change whom"): a team
 * manager may not put a person on their team without the person's consent, and may never read or change
 * another person's contact methods or notification rules — not even of a member of their own team. The
 * attack this file replays, end to end: the manager of `storefront` adds Vera (a responder of `payments`) to
 * storefront, gives her the manager's own mailbox, verifies it with the code from that mailbox, points her
 * rules at it and removes her again; then `payments` is paged. The page must reach Vera, not the manager.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { ContactMethodList, ContactMethodView, IncidentList, TokenCreated, UserList } from '@faultline/contracts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { coreCatalog } from '../support/catalog-fixture.ts';

const VERA = 'vera@example.com'; // responder of payments: the victim
const MAX = 'max@example.com'; // manager of storefront: the attacker
const MAX_INBOX = 'max.private@example.com'; // a mailbox Max reads
const INTAKE = '/api/v1/intake/alertmanager/takeover-test';

const config = stringify({
  version: 1,
  catalog: coreCatalog({ 'pay-api': 'payments', 'shop-api': 'storefront' }),
  teams: [
    { id: 'payments', members: [{ name: 'Vera', email: VERA }], escalationPolicy: 'payments' },
    { id: 'storefront', members: [{ name: 'Max', email: MAX, role: 'manager' }], oncall: [MAX] },
  ],
  escalationPolicies: [{ id: 'payments', steps: [{ targets: [{ user: VERA }] }] }],
  levels: {
    templates: false,
    rules: [{ id: 'critical', sequence: 'P', level: 2, alert: { matchers: ['severity="critical"'] } }],
  },
  integrations: [{ key: 'takeover-test', source: 'alertmanager', routeByLabel: 'service' }],
});

describe('a team manager cannot take over the pages of someone outside their team', () => {
  const clock = new FakeClock('2026-11-21T12:00:00Z');
  const email = recordingProvider();
  let s: TestServer;
  let maxToken: string;
  let veraId: number;

  const asMax = (path: string, method = 'GET', body?: unknown) =>
    fetch(`${s.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${maxToken}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  beforeAll(async () => {
    s = await startTestServer({ clock, configYaml: config, providers: { email }, engineLoop: false });
    const t = await s.api('/api/v1/tokens', {
      method: 'POST',
      body: JSON.stringify({ name: 'max laptop', role: 'viewer', user: MAX }),
    });
    expect(t.status).toBe(201);
    maxToken = ((await t.json()) as TokenCreated).token;
    const { users } = (await (await s.api('/api/v1/users')).json()) as UserList;
    veraId = users.find((u) => u.email === VERA)!.id;
  });
  afterAll(() => s.dispose());

  it('the whole attack: add, re-point, verify, remove — the next page still goes to Vera only', async () => {
    const steps: Record<string, number> = {};
    // 1. Put Vera on storefront without asking her.
    steps.add = (await asMax('/api/v1/teams/storefront/members', 'POST', { email: VERA, role: 'viewer' })).status;
    // 2. Give her a contact method that is Max's mailbox.
    const created = await asMax(`/api/v1/users/${veraId}/contact-methods`, 'POST', {
      kind: 'email',
      address: MAX_INBOX,
    });
    steps.addMethod = created.status;
    const method = created.ok ? ((await created.json()) as ContactMethodView) : null;
    if (method) {
      // 3. Verify it with the code that arrives in Max's mailbox.
      steps.sendCode = (await asMax(`/api/v1/users/${veraId}/contact-methods/${method.id}/send-code`, 'POST')).status;
      const code = /\d{6}/.exec(email.notices.findLast((n) => n.recipient === MAX_INBOX)?.message.text ?? '')?.[0];
      steps.verify = (
        await asMax(`/api/v1/users/${veraId}/contact-methods/${method.id}/verify`, 'POST', { code: code ?? '000000' })
      ).status;
      // 4. Page Max's mailbox instead of hers, at every urgency.
      steps.rules = (
        await asMax(`/api/v1/users/${veraId}/notification-rules`, 'PUT', {
          rules: [
            { contactMethodId: method.id, urgency: 'high', delayMinutes: 0 },
            { contactMethodId: method.id, urgency: 'low', delayMinutes: 0 },
          ],
        })
      ).status;
    }
    // 5. Take her off the team again, leaving no trace on the team.
    steps.remove = (await asMax(`/api/v1/teams/storefront/members/${veraId}`, 'DELETE')).status;

    // Then payments is paged.
    const res = await s.post(INTAKE, {
      version: '4',
      alerts: [{ status: 'firing', labels: { alertname: 'PayDown', service: 'pay-api', severity: 'critical' } }],
    });
    expect(res.status).toBe(202);
    await s.engine!.drain();
    const { incidents } = (await (await s.api('/api/v1/incidents')).json()) as IncidentList;
    const incident = incidents.find((i) => i.service === 'pay-api')!;
    const pages = email.sent.filter((p) => p.message.incidentId === incident.id).map((p) => p.recipient);
    expect(pages).toEqual([VERA]);
    expect(email.sent.some((p) => p.recipient === MAX_INBOX)).toBe(false);

    // Each step was refused, and Vera's contact methods are still her own.
    expect(steps).toEqual({ add: 403, addMethod: 403, remove: 404 });
    const { contactMethods } = (await (
      await s.api(`/api/v1/users/${veraId}/contact-methods`)
    ).json()) as ContactMethodList;
    expect(contactMethods.map((m) => m.address)).toEqual([VERA]);
  });

  it('even with Vera on his team, Max may neither read nor change her contact methods or rules', async () => {
    // An admin puts Vera on storefront (the direct way, audited): membership gives Max no power over her.
    const add = await s.api('/api/v1/teams/storefront/members', {
      method: 'POST',
      body: JSON.stringify({ email: VERA, role: 'responder' }),
    });
    expect(add.status).toBe(200);
    const base = `/api/v1/users/${veraId}`;
    expect((await asMax(`${base}/contact-methods`)).status).toBe(403);
    expect((await asMax(`${base}/notification-rules`)).status).toBe(403);
    expect((await asMax(`${base}/contact-methods`, 'POST', { kind: 'email', address: MAX_INBOX })).status).toBe(403);
    expect((await asMax(`${base}/notification-rules`, 'PUT', { rules: [] })).status).toBe(403);
    const { contactMethods } = (await (await s.api(`${base}/contact-methods`)).json()) as ContactMethodList;
    const own = contactMethods[0]!;
    expect((await asMax(`${base}/contact-methods/${own.id}`, 'DELETE')).status).toBe(403);
    expect((await asMax(`${base}/contact-methods/${own.id}/send-code`, 'POST')).status).toBe(403);
    // Removing her only narrows who Max pages: that stays his to do.
    expect((await asMax(`/api/v1/teams/storefront/members/${veraId}`, 'DELETE')).status).toBe(200);
  });
});
