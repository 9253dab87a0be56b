/**
 * The public status page (issue 17 point 9), through the API on a fake clock: a communicator publishes
 * status updates of a P1 to the public audience with a public title and component statuses; anyone, signed
 * out, reads the page as JSON and Atom — component status, the public incident's history, uptime bars whose
 * days follow the viewer's zone — and nothing internal (the incident's title, its actions, who published,
 * the service) ever appears there. Email subscribers confirm through an emailed link (double opt-in), then
 * receive each public update with a link to unsubscribe. Bad input is refused with the field named and nothing
 * written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import type { IncidentDetail, ResponseRoom, StatusPageView } from '@faultline/contracts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { ANA, MIN, actingConfig } from '../support/acting-fixtures.ts';

/** Strings of the internal incident that must never reach the public page. */
const INTERNAL = ['db-7 disk full', 'SECRET-RUNBOOK', 'pay-api', ANA.email, 'admin', 'Shop 42'];
const FAN = 'fan@example.com';
const SHY = 'shy@example.com'; // asks, never confirms

describe('the public status page', () => {
  const clock = new FakeClock('2026-11-21T12:00:00Z');
  const email = recordingProvider();
  let s: TestServer;
  let id: number;

  /** Signed out: no credentials at all. */
  const publicGet = (path: string) => fetch(`${s.url}${path}`);
  const page = async (query = '') => {
    const res = await publicGet(`/api/v1/status${query}`);
    expect(res.status).toBe(200);
    return (await res.json()) as StatusPageView;
  };
  const update = (body: Record<string, unknown>) =>
    s.api(`/api/v1/incidents/${id}/updates`, { method: 'POST', body: JSON.stringify(body) });
  const room = async () => (await (await s.api(`/api/v1/incidents/${id}/room`)).json()) as ResponseRoom;
  const fieldsOf = async (res: Response) =>
    ((await res.json()) as { error: { fields?: Array<{ path: string }> } }).error.fields?.map((f) => f.path);

  beforeAll(async () => {
    const config = parse(actingConfig()) as Record<string, unknown>;
    config.statusPage = {
      title: 'Acme status',
      timeZone: 'Asia/Shanghai',
      uptimeDays: 3,
      components: [
        { id: 'checkout', name: 'Checkout', description: 'Paying for an order', services: ['pay-api'] },
        { id: 'login', name: 'Sign-in' },
      ],
    };
    s = await startTestServer({ clock, providers: { email }, engineLoop: false, configYaml: stringify(config) });
  });
  afterAll(() => s.dispose());

  it('signed out, the page answers: all operational, days before the page began have no data', async () => {
    const p = await page();
    expect(p).toMatchObject({ title: 'Acme status', timeZone: 'Asia/Shanghai', status: 'operational', incidents: [] });
    expect(p.components.map((c) => [c.id, c.status])).toEqual([
      ['checkout', 'operational'],
      ['login', 'operational'],
    ]);
    // 12:00Z is 20:00 in Shanghai: the bars are the 19th, 20th and 21st there. The page begins now, so no day
    // has data yet; a minute later the 21st has.
    expect(p.components[0]!.days.map((d) => [d.date, d.uptime])).toEqual([
      ['2026-11-19', null],
      ['2026-11-20', null],
      ['2026-11-21', null],
    ]);
    clock.advance(MIN);
    expect((await page()).components[0]!.days.map((d) => d.uptime)).toEqual([null, null, 1]);
  });

  const mailsTo = (to: string) => email.notices.filter((n) => n.recipient === to).map((n) => n.message);
  const subscribe = (address: string) =>
    fetch(`${s.url}/api/v1/status/subscriptions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: address }),
    });

  it('subscribing by email is double opt-in: the emailed link confirms, its GET changes nothing', async () => {
    expect((await subscribe(FAN)).status).toBe(202);
    expect((await subscribe(SHY)).status).toBe(202);
    const bad = await subscribe('not-an-address');
    expect(bad.status).toBe(400);
    expect(await fieldsOf(bad)).toEqual(['email']);
    await s.engine!.drain();
    const [mail] = mailsTo(FAN);
    expect(mail?.subject).toBe('Confirm your subscription to Acme status');
    const link = /https?:\/\/\S+\/status\/subscriptions\/confirm\/\S+/
      .exec(mail!.text)![0]
      .replace(/^https?:\/\/[^/]+/, s.url);
    const shown = await fetch(link);
    expect(shown.status).toBe(200);
    expect(await shown.text()).toContain('<button type="submit">Confirm</button>');
    // As a browser sends the page's button: an empty form-encoded body.
    const confirmed = await fetch(link, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
    });
    expect(confirmed.status).toBe(200);
    expect(await confirmed.text()).toContain('Subscribed');
    // Asking again sends nothing: confirmed, or pending and mailed moments ago. A forged link confirms nothing.
    expect((await subscribe(FAN)).status).toBe(202);
    expect((await subscribe(SHY)).status).toBe(202);
    await s.engine!.drain();
    expect([mailsTo(FAN).length, mailsTo(SHY).length]).toEqual([1, 1]);
    expect((await fetch(`${s.url}/status/subscriptions/confirm/${'x'.repeat(43)}`, { method: 'POST' })).status).toBe(
      404,
    );
  });

  it('an update to the group and internal audiences does not reach the page', async () => {
    const res = await s.api('/api/v1/incidents', {
      method: 'POST',
      body: JSON.stringify({
        title: 'db-7 disk full',
        service: 'pay-api',
        level: 1,
        source: 'customer',
        reporter: 'Shop 42',
        description: 'SECRET-RUNBOOK step 3',
      }),
    });
    expect(res.status).toBe(201);
    id = ((await res.json()) as IncidentDetail).id;
    const r = await room();
    expect(r.statusPage).toEqual({
      enabled: true,
      components: [
        { id: 'checkout', name: 'Checkout', proposed: true },
        { id: 'login', name: 'Sign-in', proposed: false },
      ],
      publicIncident: null,
    });
    clock.advance(4 * MIN);
    expect((await update({ phase: 'investigating', impact: 'db-7 disk full', audiences: ['group'] })).status).toBe(200);
    expect((await page()).incidents).toEqual([]);
  });

  it('refuses a public update without a public title, with an unknown component, or public fields for no public audience', async () => {
    const before = (await room()).updates.length;
    const noTitle = await update({ phase: 'investigating', impact: 'Payments fail', audiences: ['public'] });
    expect(noTitle.status).toBe(400);
    expect(await fieldsOf(noTitle)).toEqual(['publicTitle']);
    const unknown = await update({
      phase: 'investigating',
      impact: 'Payments fail',
      audiences: ['public'],
      publicTitle: 'Payments failing',
      components: { checkout: 'major-outage', nope: 'degraded' },
    });
    expect(unknown.status).toBe(400);
    expect(await fieldsOf(unknown)).toEqual(['components.nope']);
    const badStatus = await update({
      phase: 'investigating',
      impact: 'Payments fail',
      audiences: ['public'],
      publicTitle: 'Payments failing',
      components: { checkout: 'on-fire' },
    });
    expect(badStatus.status).toBe(400);
    expect(await fieldsOf(badStatus)).toEqual(['components.checkout']);
    const stray = await update({ phase: 'investigating', impact: 'x', audiences: ['group'], publicTitle: 'Payments' });
    expect(stray.status).toBe(400);
    expect(await fieldsOf(stray)).toEqual(['publicTitle']);
    const hostile = await update({
      phase: 'investigating',
      impact: 'x',
      audiences: ['public'],
      publicTitle: 'Pay\u0000ments',
    });
    expect(hostile.status).toBe(400);
    expect(await fieldsOf(hostile)).toEqual(['publicTitle']);
    expect((await room()).updates).toHaveLength(before);
    expect((await page()).incidents).toEqual([]);
  });

  it('a public update puts the public incident on the page with its component status; nothing internal leaks', async () => {
    clock.advance(5 * MIN); // 12:10Z
    const res = await update({
      phase: 'investigating',
      impact: 'Card payments fail for some customers',
      actions: 'SECRET-RUNBOOK: restarting db-7',
      audiences: ['group', 'internal', 'public'],
      publicTitle: 'Payments failing',
      components: { checkout: 'major-outage' },
    });
    expect(res.status).toBe(200);
    const p = await page();
    expect(p.status).toBe('major-outage');
    expect(p.components.map((c) => [c.id, c.status])).toEqual([
      ['checkout', 'major-outage'],
      ['login', 'operational'],
    ]);
    expect(p.incidents).toEqual([
      {
        id: expect.any(Number),
        title: 'Payments failing',
        state: 'investigating',
        startedAt: '2026-11-21T12:10:00.000Z',
        resolvedAt: null,
        impact: 'major-outage',
        components: { checkout: 'major-outage' },
        updates: [
          {
            at: '2026-11-21T12:10:00.000Z',
            state: 'investigating',
            message: 'Card payments fail for some customers',
            components: { checkout: 'major-outage' },
          },
        ],
      },
    ]);
    expect((await room()).statusPage.publicIncident?.title).toBe('Payments failing');
    const text = JSON.stringify(p);
    for (const s of INTERNAL) expect(text).not.toContain(s);

    // The confirmed subscriber hears of it; the unconfirmed one does not.
    await s.engine!.drain();
    const told = mailsTo(FAN).slice(1);
    expect(told.map((m) => m.subject)).toEqual(['[Acme status] Investigating: Payments failing']);
    expect(told[0]!.text).toContain('Card payments fail for some customers');
    for (const s of INTERNAL) expect(told[0]!.text).not.toContain(s);
    expect(mailsTo(SHY)).toHaveLength(1);
  });

  it('later updates change the status, a resolved one ends the impact; the history and the Atom feed show each', async () => {
    clock.advance(30 * MIN); // 12:40Z
    const monitoring = await update({
      phase: 'monitoring',
      impact: 'Payments recover',
      audiences: ['public'],
      publicMessage: 'A fix is in place; we are watching payments recover.',
      components: { checkout: 'degraded' },
    });
    expect(monitoring.status).toBe(200);
    expect((await page()).components[0]!.status).toBe('degraded');
    clock.advance(30 * MIN); // 13:10Z
    expect((await update({ phase: 'resolved', impact: 'Payments work again', audiences: ['public'] })).status).toBe(
      200,
    );
    const p = await page();
    expect(p.status).toBe('operational');
    expect(p.incidents[0]).toMatchObject({ state: 'resolved', resolvedAt: '2026-11-21T13:10:00.000Z' });
    expect(p.incidents[0]!.updates.map((u) => [u.state, u.message])).toEqual([
      ['resolved', 'Payments work again'],
      ['monitoring', 'A fix is in place; we are watching payments recover.'],
      ['investigating', 'Card payments fail for some customers'],
    ]);

    const feed = await publicGet('/status/feed.atom');
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toContain('application/atom+xml');
    const xml = await feed.text();
    expect(xml.match(/<entry>/g)).toHaveLength(3);
    expect(xml).toContain('<title>[Resolved] Payments failing</title>');
    expect(xml).toContain('<updated>2026-11-21T13:10:00.000Z</updated>');
    for (const s of INTERNAL) expect(xml).not.toContain(s);

    // Each update reached the subscriber; the unsubscribe link of the first still works, and then no more come.
    await s.engine!.drain();
    const told = mailsTo(FAN).slice(1);
    expect(told.map((m) => m.subject)).toEqual([
      '[Acme status] Investigating: Payments failing',
      '[Acme status] Monitoring: Payments failing',
      '[Acme status] Resolved: Payments failing',
    ]);
    const unsubscribe = /https?:\/\/\S+\/status\/subscriptions\/unsubscribe\/\S+/
      .exec(told[0]!.text)![0]
      .replace(/^https?:\/\/[^/]+/, s.url);
    expect((await fetch(unsubscribe)).status).toBe(200);
    expect(
      (
        await fetch(
          unsubscribe.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')),
          { method: 'POST' },
        )
      ).status,
    ).toBe(404);
    const gone = await fetch(unsubscribe, { method: 'POST' });
    expect(gone.status).toBe(200);
    expect(await gone.text()).toContain('Unsubscribed');
  });

  it("uptime bars come from the updates, their days in the viewer's zone", async () => {
    clock.advance(Date.parse('2026-11-22T12:00:00Z') - clock.now().getTime());
    // 30 min of major outage (12:10–12:40Z), then degraded (counts as up) until 13:10Z.
    const shanghai = (await page()).components[0]!;
    // The 21st in Shanghai was observed from 20:00 (when the page began) to midnight: 4 h, 30 min down.
    expect(shanghai.days.map((d) => [d.date, d.uptime, d.worst])).toEqual([
      ['2026-11-20', null, null],
      ['2026-11-21', 1 - 0.5 / 4, 'major-outage'],
      ['2026-11-22', 1, 'operational'],
    ]);
    const utc = (await page('?zone=UTC')).components[0]!;
    expect(utc.days.map((d) => [d.date, d.uptime])).toEqual([
      ['2026-11-20', null],
      ['2026-11-21', 1 - 0.5 / 12],
      ['2026-11-22', 1],
    ]);
    expect(utc.uptime).toBeCloseTo(1 - 0.5 / 24, 12);
    expect((await page('?zone=UTC')).timeZone).toBe('UTC');
    // Sign-in was never touched.
    expect((await page()).components[1]!.uptime).toBe(1);
  });

  it('an unsubscribed address receives no more updates', async () => {
    const before = mailsTo(FAN).length;
    expect(
      (await update({ phase: 'resolved', impact: 'All good', audiences: ['public'], publicMessage: 'Postscript' }))
        .status,
    ).toBe(200);
    await s.engine!.drain();
    expect(mailsTo(FAN)).toHaveLength(before);
  });

  it('a maintenance window marked for the page shows as scheduled, then in progress; nothing internal leaks', async () => {
    // 2026-11-22T12:00Z. Its scope, matchers, comment and author are internal: none reaches the page.
    const create = (body: Record<string, unknown>) =>
      s.api('/api/v1/maintenance-windows', { method: 'POST', body: JSON.stringify(body) });
    const base = {
      name: 'db-7 disk full replacement',
      startsAt: '2026-11-22T14:00:00Z',
      endsAt: '2026-11-22T15:00:00Z',
      scope: { services: ['pay-api'], matchers: ['instance="SECRET-RUNBOOK"'] },
      comment: 'Shop 42 asked for it',
      createdBy: ANA.email,
    };
    const unknown = await create({ ...base, statusPage: { show: true, title: 'x', components: ['nope'] } });
    expect(unknown.status).toBe(400);
    expect(await fieldsOf(unknown)).toEqual(['statusPage.components.0']);
    const untitled = await create({ ...base, statusPage: { show: true, components: ['checkout'] } });
    expect(untitled.status).toBe(400);
    expect(await fieldsOf(untitled)).toEqual(['statusPage.title']);
    // A window not marked for the page never shows.
    expect((await create(base)).status).toBe(201);
    const res = await create({
      ...base,
      statusPage: { show: true, title: 'Checkout upgrade', components: ['checkout'] },
    });
    expect(res.status).toBe(201);

    const scheduled = await page();
    expect(scheduled.maintenance).toEqual([
      {
        id: expect.stringMatching(/^[0-9a-f]{16}$/),
        title: 'Checkout upgrade',
        status: 'scheduled',
        startsAt: '2026-11-22T14:00:00.000Z',
        endsAt: '2026-11-22T15:00:00.000Z',
        components: ['checkout'],
      },
    ]);
    expect(scheduled.components[0]!.status).toBe('operational');
    const text = JSON.stringify(scheduled);
    for (const x of INTERNAL) expect(text).not.toContain(x);
    expect(text).not.toContain('Shop 42 asked');
    const xml = await (await publicGet('/status/feed.atom')).text();
    expect(xml).toContain('<title>[Scheduled maintenance] Checkout upgrade</title>');
    expect(xml).toContain('From 2026-11-22T14:00:00.000Z until 2026-11-22T15:00:00.000Z (UTC). Affected: Checkout.');
    for (const x of INTERNAL) expect(xml).not.toContain(x);

    clock.advance(Date.parse('2026-11-22T14:30:00Z') - clock.now().getTime());
    const during = await page();
    expect(during.maintenance.map((m) => m.status)).toEqual(['in-progress']);
    expect(during.components.map((c) => [c.id, c.status])).toEqual([
      ['checkout', 'maintenance'],
      ['login', 'operational'],
    ]);
    expect(during.status).toBe('maintenance');
    expect(await publicGet('/status/feed.atom').then((r) => r.text())).toContain(
      '<title>[Maintenance in progress] Checkout upgrade</title>',
    );

    clock.advance(Date.parse('2026-11-22T15:00:00Z') - clock.now().getTime());
    const after = await page();
    expect(after.maintenance).toEqual([]);
    expect(after.components[0]!.status).toBe('operational');
  });

  it('refuses an unknown zone or a bad number of days, naming the field', async () => {
    const zone = await publicGet('/api/v1/status?zone=Mars%2FOlympus');
    expect(zone.status).toBe(400);
    expect((await fieldsOf(zone))?.[0]).toMatch(/zone$/);
    const days = await publicGet('/api/v1/status?days=0');
    expect(days.status).toBe(400);
    expect((await fieldsOf(days))?.[0]).toMatch(/days$/);
  });
});
