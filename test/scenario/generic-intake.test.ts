/**
 * Generic JSON intake (`POST /api/v1/intake/generic/{key}`, docs/intake.md): one alert object or
 * `{"alerts": [...]}`; the dedup key is the given `dedupKey` or derived from the labels and title; an alert
 * fires, repeats, and resolves.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertView, IncidentDetail, IncidentList, IntakeAccepted } from '@faultline/contracts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { QUICKSTART_CONFIG } from '../../apps/server/src/config/env.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const quickstart = parse(readFileSync(QUICKSTART_CONFIG, 'utf8')) as {
  integrations: Array<{ key: string; source: string; service?: string }>;
};
const GENERIC = quickstart.integrations.find((i) => i.source === 'generic')!;
const INTAKE = `/api/v1/intake/generic/${GENERIC.key}`;

const backupFailed = {
  dedupKey: 'backup-nightly',
  title: 'Nightly backup failed',
  severity: 'critical',
  labels: { job: 'backup', alertname: 'BackupFailed' },
  annotations: { runbook: 'https://runbooks.example/backup' },
  startsAt: '2026-11-21T02:00:00+01:00',
};
// No dedupKey: identified by its labels and title.
const bannerErrors = {
  title: 'Promotion banner API error rate above 5%',
  severity: 'high',
  labels: { alertname: 'BannerErrors', endpoint: '/banner', region: 'eu' },
};
const cacheCold = { title: 'Promotion cache cold', severity: 'warning', labels: { alertname: 'CacheCold' } };

describe('generic JSON intake', () => {
  const clock = new FakeClock('2026-11-21T14:00:00Z');
  let s: TestServer;

  beforeAll(async () => {
    s = await startTestServer({ clock, providers: { email: recordingProvider() }, engineLoop: false });
  });
  afterAll(() => s.dispose());

  async function send(body: unknown): Promise<IntakeAccepted> {
    const res = await s.post(INTAKE, body);
    expect(res.status).toBe(202);
    const accepted = (await res.json()) as IntakeAccepted;
    await s.engine!.drain();
    return accepted;
  }
  async function alerts(): Promise<AlertView[]> {
    const list = ((await (await s.api('/api/v1/incidents?status=all')).json()) as IncidentList).incidents;
    const details = await Promise.all(
      list.map(async (i) => (await (await s.api(`/api/v1/incidents/${i.id}`)).json()) as IncidentDetail),
    );
    return details.flatMap((d) => d.alerts);
  }
  const byTitle = async (title: string) => (await alerts()).filter((a) => a.summary === title);

  it('a single alert object is accepted as one alert with its given dedupKey', async () => {
    const accepted = await send(backupFailed);
    expect(accepted).toMatchObject({ status: 'accepted', alerts: 1 });
    expect(accepted.eventId).toEqual(expect.any(Number));
    const [alert, ...rest] = await byTitle(backupFailed.title);
    expect(rest).toHaveLength(0);
    expect(alert).toMatchObject<Partial<AlertView>>({
      dedupKey: `${GENERIC.key}:${backupFailed.dedupKey}`,
      source: 'generic',
      integration: GENERIC.key,
      status: 'firing',
      severity: 'critical',
      labels: backupFailed.labels,
      annotations: backupFailed.annotations,
      startsAt: '2026-11-21T01:00:00.000Z', // +01:00 applied
      endsAt: null,
      count: 1,
    });
    const list = ((await (await s.api('/api/v1/incidents')).json()) as IncidentList).incidents;
    expect(list.find((i) => i.title === backupFailed.title)).toMatchObject({
      service: GENERIC.service,
      status: 'triggered',
    });
  });

  it('the {alerts: [...]} form is accepted as one alert per entry', async () => {
    const accepted = await send({ alerts: [bannerErrors, cacheCold] });
    expect(accepted).toMatchObject({ status: 'accepted', alerts: 2 });
    const banner = await byTitle(bannerErrors.title);
    const cache = await byTitle(cacheCold.title);
    expect(banner).toHaveLength(1);
    expect(cache).toHaveLength(1);
    expect(banner[0]).toMatchObject({ severity: 'error', status: 'firing', startsAt: '2026-11-21T14:00:00.000Z' }); // "high" normalised; receipt time
    expect(cache[0]).toMatchObject({ severity: 'warning', status: 'firing' });
  });

  it('without dedupKey the key is derived from labels and title: a label-set key, independent of label order', async () => {
    const [banner] = await byTitle(bannerErrors.title);
    expect(banner!.dedupKey).toMatch(new RegExp(`^${GENERIC.key}:[0-9a-f]{16}$`));
    // The same labels in another order and the same title: the same alert, counted again.
    clock.advance(60_000);
    const reordered = { ...bannerErrors, labels: { region: 'eu', endpoint: '/banner', alertname: 'BannerErrors' } };
    await send(reordered);
    const after = await byTitle(bannerErrors.title);
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ dedupKey: banner!.dedupKey, count: 2 });
  });

  it('without dedupKey a different label value or title is a different alert', async () => {
    const [banner] = await byTitle(bannerErrors.title);
    await send({ ...bannerErrors, labels: { ...bannerErrors.labels, region: 'us' } });
    const sameTitle = await byTitle(bannerErrors.title);
    expect(sameTitle).toHaveLength(2);
    const us = sameTitle.find((a) => a.labels.region === 'us')!;
    expect(us.dedupKey).not.toBe(banner!.dedupKey);
    expect(us.count).toBe(1);

    await send({ ...bannerErrors, title: 'Promotion banner API error rate above 10%' });
    const retitled = await byTitle('Promotion banner API error rate above 10%');
    expect(retitled).toHaveLength(1);
    expect(retitled[0]!.dedupKey).not.toBe(banner!.dedupKey);
  });

  it('a given dedupKey identifies the alert whatever its title: a repeat with a new title is the same alert', async () => {
    clock.advance(60_000);
    await send({ ...backupFailed, title: 'Nightly backup failed again' });
    const all = (await alerts()).filter((a) => a.dedupKey === `${GENERIC.key}:${backupFailed.dedupKey}`);
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ count: 2, summary: 'Nightly backup failed again', status: 'firing' });
  });

  it('firing then resolved: status "resolved" with the same dedupKey resolves the alert at its endsAt', async () => {
    clock.advance(60_000);
    const accepted = await send({
      dedupKey: backupFailed.dedupKey,
      status: 'resolved',
      title: backupFailed.title,
      endsAt: '2026-11-21T14:02:30Z',
    });
    expect(accepted.alerts).toBe(1);
    const [alert] = (await alerts()).filter((a) => a.dedupKey === `${GENERIC.key}:${backupFailed.dedupKey}`);
    expect(alert).toMatchObject({ status: 'resolved', endsAt: '2026-11-21T14:02:30.000Z', count: 2 });
  });

  it('firing then resolved without dedupKey: the same labels and title resolve the derived-key alert, in the list form', async () => {
    clock.advance(60_000);
    await send({ alerts: [{ ...cacheCold, status: 'resolved' }] });
    const [cache] = await byTitle(cacheCold.title);
    expect(cache).toMatchObject({ status: 'resolved', count: 1 });
    expect(cache!.endsAt).toBe('2026-11-21T14:04:00.000Z'); // no endsAt given: the time of receipt
    const list = ((await (await s.api('/api/v1/incidents?status=all')).json()) as IncidentList).incidents;
    const incident = list.find((i) => i.groupKey.includes('alertname=CacheCold'))!;
    expect(incident).toMatchObject({ status: 'mitigated', firingCount: 0 });
  });
});
