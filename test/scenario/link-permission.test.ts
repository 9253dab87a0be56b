/**
 * Acknowledge and resolve links are checked when they are used (issue 15 item 6, docs/security.md): a link
 * acts for the person the page was made for only while that person still may respond to the incident — not
 * disabled, and responder or above for the incident's team — and only while the address it was sent to is
 * still theirs. A link that may no longer act is a 403 page and changes nothing; the GET page says why and
 * offers no button.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { contactMethods, notificationRules } from '../../apps/server/src/notify/tables.ts';
import { teamMembers, users } from '../../apps/server/src/people/tables.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { ANA, actingConfig, detail, openIncident, seedPeople } from '../support/acting-fixtures.ts';

const HOME = 'ana.home@example.com';

describe('a link acts only while its person still may respond', () => {
  const clock = new FakeClock('2026-11-21T12:00:00Z');
  const email = recordingProvider();
  let s: TestServer;
  let ana: number;

  /** Opens an incident; returns it and the links of the page Ana got for it. */
  async function paged(name: string, to = ANA.email) {
    const id = await openIncident(s, name);
    const page = email.sent.find((m) => m.message.incidentId === id && m.recipient === to);
    expect(page, `a page to Ana for ${name}`).toBeDefined();
    return { id, ackUrl: page!.message.ackUrl, resolveUrl: page!.message.resolveUrl! };
  }

  async function refused(url: string, id: number, status = 'triggered') {
    const shown = await fetch(url);
    const html = await shown.text();
    expect(shown.status, html).toBe(403);
    expect(html).not.toContain('<button');
    const acted = await fetch(url, { method: 'POST' });
    expect(acted.status).toBe(403);
    expect(await acted.text()).toContain('Nothing was changed');
    const d = await detail(s, id);
    expect(d.status).toBe(status);
    expect(d.timeline.some((t) => t.kind === 'acknowledged' || t.kind === 'resolved')).toBe(false);
  }

  beforeAll(async () => {
    s = await startTestServer({ clock, providers: { email }, engineLoop: false, configYaml: actingConfig() });
    ({ ana } = await seedPeople(s));
  });
  afterAll(() => s.dispose());

  beforeEach(async () => {
    // Ana as the fixtures make her: enabled, viewer server-wide, responder of payments, her email verified.
    await s.rt.db.update(users).set({ disabledAt: null, role: 'viewer' }).where(eq(users.id, ana));
    await s.rt.db
      .insert(teamMembers)
      .values({ teamId: 'payments', userId: ana, role: 'responder', source: 'config' })
      .onConflictDoUpdate({ target: [teamMembers.teamId, teamMembers.userId], set: { role: 'responder' } });
  });

  it('acts while Ana may respond', async () => {
    const { id, ackUrl } = await paged('LinkStillGood');
    const acted = await fetch(ackUrl, { method: 'POST' });
    expect(acted.status).toBe(200);
    expect((await detail(s, id)).timeline.find((t) => t.kind === 'acknowledged')).toMatchObject({ actor: 'Ana' });
  });

  it('is refused once Ana is disabled', async () => {
    const { id, ackUrl, resolveUrl } = await paged('LinkDisabled');
    await s.rt.db.update(users).set({ disabledAt: clock.now() }).where(eq(users.id, ana));
    await refused(ackUrl, id);
    await refused(resolveUrl, id);
  });

  it('is refused once Ana has left the team and may not respond elsewhere', async () => {
    const { id, ackUrl } = await paged('LinkLeftTeam');
    await s.rt.db.delete(teamMembers).where(and(eq(teamMembers.teamId, 'payments'), eq(teamMembers.userId, ana)));
    await refused(ackUrl, id);
  });

  it('is refused once Ana is only a viewer of the team', async () => {
    const { id, resolveUrl } = await paged('LinkViewer');
    await s.rt.db
      .update(teamMembers)
      .set({ role: 'viewer' })
      .where(and(eq(teamMembers.teamId, 'payments'), eq(teamMembers.userId, ana)));
    await refused(resolveUrl, id);
  });

  it('is refused once the address it went to is no longer hers', async () => {
    // Ana pages herself at a second mailbox, then drops it: links sent there stop acting for her.
    const [home] = await s.rt.db
      .insert(contactMethods)
      .values({ userId: ana, kind: 'email', address: HOME, verifiedAt: clock.now(), createdAt: clock.now() })
      .returning();
    await s.rt.db.delete(notificationRules).where(eq(notificationRules.userId, ana));
    await s.rt.db.insert(notificationRules).values(
      (['high', 'low'] as const).map((urgency) => ({
        userId: ana,
        contactMethodId: home!.id,
        urgency,
        delayMinutes: 0,
        createdAt: clock.now(),
      })),
    );
    const { id, ackUrl } = await paged('LinkAddressGone', HOME);
    await s.rt.db.delete(contactMethods).where(eq(contactMethods.id, home!.id));
    await refused(ackUrl, id);
  });
});
