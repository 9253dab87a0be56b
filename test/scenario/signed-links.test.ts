/**
 * Acknowledge and resolve from signed links (DESIGN §7): a GET shows a confirmation page and changes nothing
 * (mail scanners follow links); its POST acts as the person the page went to, on the timeline as "<name> via
 * email link"; a second POST answers "already …"; a tampered, expired or wrong-action link is a 401 page and
 * changes nothing; resolving stops the escalation, so the next step pages nobody.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { signedActionLinks } from '../../apps/server/src/notify/links.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { ANA, DAN, MIN, actingConfig, detail, openIncident, seedPeople } from '../support/acting-fixtures.ts';

describe('signed ack and resolve links', () => {
  const clock = new FakeClock('2026-11-21T12:00:00Z');
  const email = recordingProvider();
  let s: TestServer;

  const pagesTo = (id: number) => email.sent.filter((m) => m.message.incidentId === id).map((m) => m.recipient);
  const linksFor = (id: number, recipient = ANA.email, now = clock.now()) =>
    signedActionLinks(s.rt, { incidentId: id, recipient, now, via: 'email link' });

  beforeAll(async () => {
    s = await startTestServer({ clock, providers: { email }, engineLoop: false, configYaml: actingConfig() });
    await seedPeople(s);
  });
  afterAll(() => s.dispose());

  it('the page’s ack link: GET shows who will act and changes nothing; POST acknowledges as that person', async () => {
    const id = await openIncident(s, 'AckByLink');
    const page = email.sent.find((m) => m.message.incidentId === id)!;
    expect(page.recipient).toBe(ANA.email);
    const link = page.message.ackUrl;
    expect(page.message.resolveUrl).toMatch(new RegExp(`^${s.url}/resolve/[\\w-]+\\.[\\w-]+$`));

    const shown = await fetch(link);
    expect(shown.status).toBe(200);
    expect(shown.headers.get('content-type')).toContain('text/html');
    const html = await shown.text();
    expect(html).toContain(`#${id} AckByLink on pay-api`);
    expect(html).toContain('Acknowledge as Ana');
    expect((await detail(s, id)).status).toBe('triggered');

    const acted = await fetch(link, { method: 'POST' });
    expect(acted.status).toBe(200);
    expect(await acted.text()).toContain(`Acknowledged #${id} AckByLink on pay-api.`);
    const d = await detail(s, id);
    expect(d.status).toBe('acknowledged');
    expect(d.timeline.filter((t) => t.kind === 'acknowledged')).toEqual([
      expect.objectContaining({ actor: 'Ana', message: 'acknowledged by Ana via email link' }),
    ]);
  });

  it('the same link twice answers "already acknowledged by Ana" and adds nothing', async () => {
    const id = await openIncident(s, 'AckTwice');
    const { ackUrl } = linksFor(id);
    expect((await fetch(ackUrl, { method: 'POST' })).status).toBe(200);
    const again = await fetch(ackUrl, { method: 'POST' });
    expect(again.status).toBe(200);
    expect(await again.text()).toContain(`#${id} was already acknowledged by Ana.`);
    expect((await detail(s, id)).timeline.filter((t) => t.kind === 'acknowledged')).toHaveLength(1);
    // The confirmation page no longer offers the button.
    const shown = await (await fetch(ackUrl)).text();
    expect(shown).toContain('already acknowledged');
    expect(shown).not.toContain('<button');
  });

  it('a tampered, expired or wrong-action link is a 401 page, and nothing changes', async () => {
    const id = await openIncident(s, 'BadLinks');
    const { ackUrl, resolveUrl } = linksFor(id);
    const [, token] = /\/ack\/(.+)$/.exec(ackUrl)!;
    const [payload, sig] = token!.split('.');
    // Claims for another incident under the original signature.
    const forged = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), incidentId: id + 1000 }),
    ).toString('base64url');
    const tampered = `${s.url}/ack/${forged}.${sig}`;
    const flipped = `${s.url}/ack/${payload}.${sig!.slice(0, -2)}${sig!.endsWith('AA') ? 'AB' : 'AA'}`;
    const expired = linksFor(id, ANA.email, new Date(clock.now().getTime() - 8 * 24 * 60 * MIN)).ackUrl;
    const ackTokenAsResolve = `${s.url}/resolve/${token}`;
    const resolveTokenAsAck = resolveUrl.replace('/resolve/', '/ack/');
    for (const url of [tampered, flipped, expired, ackTokenAsResolve, resolveTokenAsAck]) {
      for (const method of ['GET', 'POST']) {
        const res = await fetch(url, { method });
        expect(res.status, `${method} ${url}`).toBe(401);
        expect(await res.text()).toContain('This link is invalid or has expired');
      }
    }
    const d = await detail(s, id);
    expect(d.status).toBe('triggered');
    expect(d.timeline.some((t) => t.kind === 'acknowledged' || t.kind === 'resolved')).toBe(false);
  });

  it('a resolve link resolves as the recipient and stops the escalation: step 2 pages nobody', async () => {
    const id = await openIncident(s, 'ResolveByLink');
    expect(pagesTo(id)).toEqual([ANA.email]);
    const { resolveUrl } = linksFor(id);
    const shown = await fetch(resolveUrl);
    expect(shown.status).toBe(200);
    expect(await shown.text()).toContain('Resolve as Ana');
    expect((await detail(s, id)).status).toBe('triggered');

    const acted = await fetch(resolveUrl, { method: 'POST' });
    expect(acted.status).toBe(200);
    expect(await acted.text()).toContain(`Resolved #${id} ResolveByLink on pay-api.`);
    clock.advance(10 * MIN);
    await s.engine!.drain();
    clock.advance(30 * MIN);
    await s.engine!.drain();
    expect(pagesTo(id)).toEqual([ANA.email]); // Dan (step 2, after 10 minutes) was never paged
    const d = await detail(s, id);
    expect(d.status).toBe('resolved');
    expect(d.timeline.filter((t) => t.kind === 'resolved')).toEqual([
      expect.objectContaining({ actor: 'Ana', message: 'resolved by Ana via email link' }),
    ]);
    expect(d.timeline.map((t) => t.message)).toContain('escalation stopped: the incident is resolved');
    expect(pagesTo(id)).not.toContain(DAN.email);
  });

  it('after resolving, the resolve and ack links both answer "already resolved by Ana"', async () => {
    const id = await openIncident(s, 'ResolveTwice');
    const { ackUrl, resolveUrl } = linksFor(id);
    expect((await fetch(resolveUrl, { method: 'POST' })).status).toBe(200);
    for (const url of [resolveUrl, ackUrl]) {
      const res = await fetch(url, { method: 'POST' });
      expect(res.status).toBe(200);
      expect(await res.text()).toContain(`#${id} was already resolved by Ana.`);
    }
    expect((await detail(s, id)).timeline.filter((t) => t.kind === 'resolved')).toHaveLength(1);
  });

  it('a link for an incident that does not exist is a 404 page', async () => {
    const { ackUrl } = linksFor(999_999);
    expect((await fetch(ackUrl)).status).toBe(404);
    expect((await fetch(ackUrl, { method: 'POST' })).status).toBe(404);
  });
});
