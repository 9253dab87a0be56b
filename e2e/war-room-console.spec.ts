/**
 * The war room in the web console, in a real Chromium against a real Faultline server: at a level with
 * `warRoom`, the incident page shows the War room card with the conference-bridge link filled in from the
 * configured template (issue 17 point 8). The Slack channel's calls are the scenario test's
 * (test/scenario/war-room.test.ts); here no Slack is configured, so the card says there is no channel.
 */
import { readFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentDetail } from '@faultline/contracts';
import { QUICKSTART_CONFIG } from '../apps/server/src/config/env.ts';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../test/support/server.ts';
import { recordingProvider } from '../test/support/recording-provider.ts';
import { openConsoleBrowser, screenshotOnFailure, type ConsoleBrowser, signInWithToken } from './support/browser.ts';

const UI_TIMEOUT_MS = 15_000;

describe('web console: the war room card', () => {
  let s: TestServer;
  let cb: ConsoleBrowser;
  let p1: number;
  let p3: number;

  beforeAll(async () => {
    const quickstart = parse(readFileSync(QUICKSTART_CONFIG, 'utf8')) as Record<string, unknown>;
    const configYaml = stringify({
      ...quickstart,
      response: {
        levels: { '1': { warRoom: true } },
        warRoom: { bridgeUrl: 'https://meet.example.com/faultline-{incident}' },
      },
    });
    s = await startTestServer({ configYaml, providers: { email: recordingProvider() } });
    const declare = async (title: string, level: number) => {
      const res = await s.api('/api/v1/incidents', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ title, service: 'checkout-api', level, source: 'internal' }),
      });
      expect(res.status).toBe(201);
      return ((await res.json()) as IncidentDetail).id;
    };
    p1 = await declare('Customers cannot pay', 1);
    p3 = await declare('Slow receipts', 3);
    cb = await openConsoleBrowser(s.url, s.rt.clock);
  });

  afterAll(async () => {
    await cb?.close();
    await s?.dispose();
  });

  screenshotOnFailure(() => cb?.page);

  it('shows the bridge link at a war-room level, and no card below it', async () => {
    const { page } = cb;
    await signInWithToken(page, ADMIN_TOKEN, UI_TIMEOUT_MS);
    await page.goto(`/incidents/${p1}`);
    const card = page.getByRole('region', { name: 'War room' });
    const link = card.getByRole('link', { name: 'Join the bridge' });
    await link.waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await link.getAttribute('href')).toBe(`https://meet.example.com/faultline-${p1}`);
    expect(await card.textContent()).toContain('No Slack channel yet.');

    await page.goto(`/incidents/${p3}`);
    await page.getByRole('heading', { name: 'Response group' }).waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await page.getByRole('region', { name: 'War room' }).count()).toBe(0);
  });
});
