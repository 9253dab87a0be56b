/**
 * The automatic public "resolved" update (statusPage.autoResolve, default on), through the API on a fake clock:
 * an incident that published to the status page and is then resolved — or cancelled — gets a final public
 * update `resolved` with the components it named back to operational; one whose communicator already
 * published "resolved" by hand gets nothing more; an incident that never went public puts nothing on the page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import type { IncidentDetail, StatusPageView } from '@faultline/contracts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { MIN, actingConfig } from '../support/acting-fixtures.ts';

describe('the automatic public "resolved" update', () => {
  const clock = new FakeClock('2026-11-21T12:00:00Z');
  const email = recordingProvider();
  let s: TestServer;

  const page = async () => (await (await fetch(`${s.url}/api/v1/status`)).json()) as StatusPageView;
  const declare = async (title: string) => {
    const res = await s.api('/api/v1/incidents', {
      method: 'POST',
      body: JSON.stringify({ title, service: 'pay-api', level: 2, source: 'internal' }),
    });
    expect(res.status).toBe(201);
    return ((await res.json()) as IncidentDetail).id;
  };
  const update = async (id: number, body: Record<string, unknown>) => {
    const res = await s.api(`/api/v1/incidents/${id}/updates`, {
      method: 'POST',
      body: JSON.stringify({ audiences: ['public'], ...body }),
    });
    expect(res.status).toBe(200);
  };
  const publicOf = async (title: string) => (await page()).incidents.find((i) => i.title === title);

  beforeAll(async () => {
    const config = parse(actingConfig()) as Record<string, unknown>;
    config.statusPage = {
      components: [
        { id: 'checkout', name: 'Checkout', services: ['pay-api'] },
        { id: 'login', name: 'Sign-in' },
      ],
    };
    s = await startTestServer({ clock, providers: { email }, engineLoop: false, configYaml: stringify(config) });
  });
  afterAll(() => s.dispose());

  it('resolving an incident with public updates publishes "resolved" with its components operational', async () => {
    const id = await declare('Payments failing');
    await update(id, {
      phase: 'investigating',
      impact: 'card payments fail',
      publicTitle: 'Checkout problems',
      components: { checkout: 'major-outage', login: 'degraded' },
    });
    clock.advance(5 * MIN);
    await update(id, { phase: 'monitoring', impact: 'a fix is out', components: { checkout: 'degraded' } });
    expect((await page()).status).toBe('degraded');
    clock.advance(5 * MIN);
    expect((await s.api(`/api/v1/incidents/${id}/resolve`, { method: 'POST' })).status).toBe(200);
    await s.engine!.drain();
    const pub = (await publicOf('Checkout problems'))!;
    expect(pub).toMatchObject({ state: 'resolved', resolvedAt: '2026-11-21T12:10:00.000Z' });
    expect(pub.updates).toHaveLength(3);
    expect(pub.updates[0]).toEqual({
      at: '2026-11-21T12:10:00.000Z',
      state: 'resolved',
      message: 'This incident has been resolved.',
      components: { checkout: 'operational', login: 'operational' },
    });
    const p = await page();
    expect(p.status).toBe('operational');
    expect(p.components.map((c) => [c.id, c.status])).toEqual([
      ['checkout', 'operational'],
      ['login', 'operational'],
    ]);
  });

  it('a "resolved" published by hand is not repeated', async () => {
    const id = await declare('Login slow');
    await update(id, {
      phase: 'identified',
      impact: 'sign-in slow',
      publicTitle: 'Slow sign-in',
      components: { login: 'degraded' },
    });
    clock.advance(MIN);
    await update(id, {
      phase: 'resolved',
      impact: 'fixed',
      publicMessage: 'Sign-in is fast again.',
      components: { login: 'operational' },
    });
    clock.advance(MIN);
    expect((await s.api(`/api/v1/incidents/${id}/resolve`, { method: 'POST' })).status).toBe(200);
    await s.engine!.drain();
    const pub = (await publicOf('Slow sign-in'))!;
    expect(pub.updates.map((u) => u.message)).toEqual(['Sign-in is fast again.', 'sign-in slow']);
  });

  it('cancelling (a false alarm) closes the public incident too', async () => {
    const id = await declare('Checkout alarm');
    await update(id, {
      phase: 'investigating',
      impact: 'checking reports',
      publicTitle: 'Investigating checkout reports',
      components: { checkout: 'partial-outage' },
    });
    clock.advance(MIN);
    const res = await s.api(`/api/v1/incidents/${id}/cancel`, {
      method: 'POST',
      body: JSON.stringify({ reason: 'monitoring glitch' }),
    });
    expect(res.status).toBe(200);
    await s.engine!.drain();
    const pub = (await publicOf('Investigating checkout reports'))!;
    expect(pub.state).toBe('resolved');
    expect(pub.updates[0]).toMatchObject({ state: 'resolved', components: { checkout: 'operational' } });
    // Nothing internal: the cancel reason stays inside.
    expect(JSON.stringify(await page())).not.toContain('monitoring glitch');
  });

  it('an incident that never went public puts nothing on the page', async () => {
    const before = (await page()).incidents.length;
    const id = await declare('Internal only');
    expect((await s.api(`/api/v1/incidents/${id}/resolve`, { method: 'POST' })).status).toBe(200);
    await s.engine!.drain();
    expect((await page()).incidents).toHaveLength(before);
  });
});
