/**
 * Fixtures shared by the "acting from messages" scenarios (signed links, short links, Slack buttons, Twilio
 * replies): one team paged through a two-step policy, its people, and helpers that open an incident and give
 * a person a verified contact method. People are written straight into the people tables (upserts), so the
 * scenarios do not depend on how the config sync or the contact-method verification flow create them.
 */
import { stringify } from 'yaml';
import { and, eq } from 'drizzle-orm';
import type { IncidentDetail, IncidentList } from '@faultline/contracts';
import { contactMethods } from '../../apps/server/src/notify/tables.ts';
import { teamMembers, teams, users } from '../../apps/server/src/people/tables.ts';
import type { TestServer } from './server.ts';

export const MIN = 60_000;
export const INTAKE = '/api/v1/intake/alertmanager/acting-test';

/** People, by role: Ana is paged first, Dan second; Vic is a viewer of nothing; Zed is in no team. */
export const ANA = { name: 'Ana', email: 'ana@example.com' };
export const DAN = { name: 'Dan', email: 'dan@example.com' };
export const VIC = { name: 'Vic', email: 'vic@example.com' };

/**
 * The config: team `payments` (Ana, Dan) paged through policy `payments`; `channels` as given; `outboundAllow` lists
 * what outbound calls may reach besides public addresses (the vendor stubs' 127.0.0.1).
 */
export function actingConfig(
  channels: unknown[] = [],
  firstStepChannels: string[] = [],
  outboundAllow: string[] = [],
): string {
  return stringify({
    version: 1,
    catalog: {
      businessLines: [
        {
          id: 'commerce',
          modules: [{ id: 'core', tier: 'core', volume: 'high', services: [{ id: 'pay-api', team: 'payments' }] }],
        },
      ],
    },
    teams: [{ id: 'payments', members: [ANA, DAN], escalationPolicy: 'payments' }],
    channels,
    escalationPolicies: [
      {
        id: 'payments',
        name: 'Payments',
        steps: [
          { targets: [{ user: ANA.email }, ...firstStepChannels.map((channel) => ({ channel }))] },
          { delayMinutes: 10, targets: [{ user: DAN.email }] },
        ],
      },
    ],
    levels: {
      templates: false,
      rules: [{ id: 'critical', sequence: 'P', level: 2, alert: { matchers: ['severity="critical"'] } }],
    },
    integrations: [{ key: 'acting-test', source: 'alertmanager', routeByLabel: 'service' }],
    outbound: { allow: outboundAllow },
  });
}

/** Opens an incident on pay-api titled `<alertname> on pay-api` and runs the engine; returns its id. */
export async function openIncident(s: TestServer, alertname: string): Promise<number> {
  const res = await s.post(INTAKE, {
    version: '4',
    status: 'firing',
    alerts: [
      {
        status: 'firing',
        labels: { alertname, service: 'pay-api', severity: 'critical' },
        annotations: { summary: `${alertname} on pay-api` },
        startsAt: '2026-11-21T12:00:00Z',
      },
    ],
  });
  if (res.status !== 202) throw new Error(`intake answered ${res.status}`);
  await s.engine!.drain();
  const list = (await (await s.api('/api/v1/incidents?status=all')).json()) as IncidentList;
  const found = list.incidents.find((i) => i.title === `${alertname} on pay-api`);
  if (!found) throw new Error(`no incident for ${alertname}`);
  return found.id;
}

export async function detail(s: TestServer, id: number): Promise<IncidentDetail> {
  return (await (await s.api(`/api/v1/incidents/${id}`)).json()) as IncidentDetail;
}

/** The user `p` (created if the config sync has not), as a member of `team` with `teamRole` when given. */
export async function ensureUser(
  s: TestServer,
  p: { name: string; email: string },
  opts: { role?: string; team?: string; teamRole?: string } = {},
): Promise<number> {
  const now = s.rt.clock.now();
  const db = s.rt.db;
  await db
    .insert(users)
    .values({
      email: p.email,
      name: p.name,
      role: opts.role ?? 'viewer',
      source: 'api',
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing();
  const [u] = await db.select({ id: users.id }).from(users).where(eq(users.email, p.email));
  if (opts.team) {
    await db
      .insert(teams)
      .values({ id: opts.team, name: opts.team, source: 'config', createdAt: now, updatedAt: now })
      .onConflictDoNothing();
    await db
      .insert(teamMembers)
      .values({ teamId: opts.team, userId: u!.id, role: opts.teamRole ?? 'responder', source: 'config' })
      .onConflictDoUpdate({
        target: [teamMembers.teamId, teamMembers.userId],
        set: { role: opts.teamRole ?? 'responder' },
      });
  }
  return u!.id;
}

/** Gives user `userId` a contact method (`verified` by default). */
export async function addContact(
  s: TestServer,
  userId: number,
  kind: 'sms' | 'voice' | 'chat',
  address: string,
  verified = true,
): Promise<void> {
  const now = s.rt.clock.now();
  await s.rt.db
    .insert(contactMethods)
    .values({ userId, kind, address, verifiedAt: verified ? now : null, createdAt: now })
    .onConflictDoNothing();
  if (verified) {
    await s.rt.db
      .update(contactMethods)
      .set({ verifiedAt: now })
      .where(and(eq(contactMethods.userId, userId), eq(contactMethods.address, address)));
  }
}

/** The team's responders: Ana and Dan as responders of `payments`. */
export async function seedPeople(s: TestServer): Promise<{ ana: number; dan: number; vic: number }> {
  return {
    ana: await ensureUser(s, ANA, { team: 'payments' }),
    dan: await ensureUser(s, DAN, { team: 'payments' }),
    vic: await ensureUser(s, VIC, { role: 'viewer' }),
  };
}
