import { describe, expect, it } from 'vitest';
import { atomFeed, xmlEscape } from './feed.ts';
import { publicIncidentView, statusPageView, type PublicIncidentRecord } from './view.ts';
import { StatusPageConfig } from './config.ts';

const T0 = Date.parse('2026-12-01T10:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);
const config = StatusPageConfig.parse({
  title: 'Acme <status>',
  timeZone: 'UTC',
  uptimeDays: 2,
  components: [
    { id: 'api', name: 'API' },
    { id: 'web', name: 'Web', description: 'The site' },
  ],
});
const incident = (id: number, updates: PublicIncidentRecord['updates'], resolvedAt: Date | null = null) => ({
  id,
  title: `Incident ${id}`,
  state: updates.at(-1)!.state,
  startedAt: updates[0]!.at,
  resolvedAt,
  updates,
});
const since = new Map([
  ['api', at(-24 * 60)],
  ['web', at(-24 * 60)],
]);

describe('publicIncidentView', () => {
  it('lists updates newest first; keeps the latest status per component and the worst it ever gave', () => {
    const v = publicIncidentView(
      incident(1, [
        { at: at(0), state: 'investigating', message: 'down', components: { api: 'major-outage' } },
        { at: at(10), state: 'monitoring', message: 'better', components: { api: 'degraded', web: 'degraded' } },
      ]),
    );
    expect(v.impact).toBe('major-outage');
    expect(v.components).toEqual({ api: 'degraded', web: 'degraded' });
    expect(v.updates.map((u) => u.message)).toEqual(['better', 'down']);
  });
});

describe('statusPageView', () => {
  const open = incident(1, [
    { at: at(0), state: 'investigating', message: 'down', components: { api: 'partial-outage' } },
  ]);
  const old = incident(
    2,
    [
      { at: at(-30 * 60), state: 'investigating', message: 'old', components: { web: 'major-outage' } },
      { at: at(-29 * 60), state: 'resolved', message: 'fixed', components: {} },
    ],
    at(-29 * 60),
  );
  const older = incident(
    3,
    [
      { at: at(-50 * 60), state: 'investigating', message: 'older', components: { web: 'major-outage' } },
      { at: at(-49 * 60), state: 'resolved', message: 'fixed', components: {} },
    ],
    at(-49 * 60),
  );
  const view = statusPageView({ config, incidents: [older, old, open], since, now: at(60), zone: 'UTC', days: 2 });

  it('takes component status from the open incidents and the headline from the worst', () => {
    expect(view.components.map((c) => [c.id, c.status, c.description])).toEqual([
      ['api', 'partial-outage', null],
      ['web', 'operational', 'The site'],
    ]);
    expect(view.status).toBe('partial-outage');
    expect(view.title).toBe('Acme <status>');
  });

  it('lists open incidents first, then those resolved within the bars; older ones are left out', () => {
    // The bars are 2026-11-30 and 2026-12-01 (UTC): incident 2 resolved on the 30th, incident 3 on the 29th.
    expect(view.incidents.map((i) => i.id)).toEqual([1, 2]);
  });

  it('bars: a partial outage counts half; a component with no since has no data yet', () => {
    const api = view.components[0]!;
    // 1 h of partial outage over the 11 h observed on 2026-12-01.
    expect(api.days.at(-1)).toMatchObject({ date: '2026-12-01', worst: 'partial-outage', downtimeMs: 30 * 60_000 });
    expect(api.days.at(-1)!.uptime).toBeCloseTo(1 - 0.5 / 11, 12);
    const fresh = statusPageView({ config, incidents: [], since: new Map(), now: at(60), zone: 'UTC', days: 2 });
    expect(fresh.components[0]!.days.map((d) => d.uptime)).toEqual([null, null]);
    expect(fresh.components[0]!.uptime).toBeNull();
  });
});

describe('atomFeed', () => {
  const page = statusPageView({
    config,
    incidents: [
      incident(7, [
        { at: at(0), state: 'investigating', message: 'Payments & <cards> fail', components: { api: 'major-outage' } },
        { at: at(20), state: 'resolved', message: 'Fixed', components: {} },
      ]),
    ],
    since,
    now: at(60),
    zone: 'UTC',
    days: 2,
  });
  const xml = atomFeed(page, 'https://status.example.com');

  it('has one entry per update, newest first, with stable ids and escaped text', () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">')).toBe(
      true,
    );
    expect(xml).toContain('<title>Acme &lt;status&gt;</title>');
    expect(xml).toContain('<updated>2026-12-01T10:20:00.000Z</updated>');
    const ids = [...xml.matchAll(/<id>([^<]+)<\/id>/g)].map((m) => m[1]);
    expect(ids).toEqual([
      'https://status.example.com/status',
      'https://status.example.com/status#incident-7-update-2',
      'https://status.example.com/status#incident-7-update-1',
    ]);
    expect(xml).toContain('<title>[Resolved] Incident 7</title>');
    expect(xml).toContain('<content type="text">Payments &amp; &lt;cards&gt; fail</content>');
  });

  it('an empty page is a valid feed with no entry, updated when generated', () => {
    const empty = atomFeed(
      statusPageView({ config, incidents: [], since, now: at(0), zone: 'UTC', days: 1 }),
      'https://s.example',
    );
    expect(empty).not.toContain('<entry>');
    expect(empty).toContain('<updated>2026-12-01T10:00:00.000Z</updated>');
  });

  it('xmlEscape replaces characters XML 1.0 cannot carry', () => {
    expect(xmlEscape('a\u0001b\u000bc\td\ne')).toBe('a\uFFFDb\uFFFDc\td\ne');
    expect(xmlEscape(`"it's" <a&b>`)).toBe('&quot;it&apos;s&quot; &lt;a&amp;b&gt;');
  });
});
