import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixturePath } from '../../../../../test/support/fixtures.ts';
import { AppError } from '../../lib/index.ts';
import { WebhookMapping, parseMapped } from './mapped.ts';

// Azure Monitor's documented common-alert-schema sample (test/fixtures/azure-monitor-common-alert/SOURCE.md).
const AZURE = JSON.parse(
  readFileSync(fixturePath('azure-monitor-common-alert', 'sample-alert-payload.json'), 'utf8'),
) as { data: { essentials: Record<string, unknown> } };
const AT = new Date('2026-11-21T12:00:00Z');

/** A mapping for Azure Monitor's common alert schema, as docs/intake.md shows it. */
export const AZURE_MAPPING = WebhookMapping.parse({
  dedupKey: 'data.essentials.alertId',
  summary: 'data.essentials.alertRule & ": " & data.alertContext.condition.allOf[0].metricName',
  status: 'data.essentials.monitorCondition',
  severity:
    '$lookup({"Sev0": "critical", "Sev1": "error", "Sev2": "warning", "Sev3": "info", "Sev4": "info"}, data.essentials.severity)',
  labels:
    '{"alertname": data.essentials.alertRule, "signal_type": data.essentials.signalType, "resource": $split(data.essentials.alertTargetIDs[0], "/")[-1]}',
  annotations: '{"description": data.essentials.description, "target": data.essentials.alertTargetIDs[0]}',
  startsAt: 'data.essentials.firedDateTime',
  endsAt: 'data.essentials.resolvedDateTime',
});

const fieldsOf = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError && e.code === 'VALIDATION') return e.fields ?? [];
    throw e;
  }
  throw new Error('expected a VALIDATION error');
};

describe('parseMapped', () => {
  it("maps Azure Monitor's documented sample (resolved) by JSONata expressions", async () => {
    expect(await parseMapped(AZURE_MAPPING, AZURE, AT)).toEqual([
      {
        action: 'resolve',
        dedupKey:
          '/subscriptions/<subscription ID>/providers/Microsoft.AlertsManagement/alerts/b9569717-bc32-442f-add5-83a997729330',
        summary: 'WCUS-R2-Gen2: Percentage CPU',
        severity: 'info',
        labels: { alertname: 'WCUS-R2-Gen2', signal_type: 'Metric', resource: 'wcus-r2-gen2', severity: 'info' },
        annotations: {
          description: '',
          target:
            '/subscriptions/<subscription ID>/resourcegroups/pipelinealertrg/providers/microsoft.compute/virtualmachines/wcus-r2-gen2',
        },
        startsAt: '2019-03-22T13:58:24.371Z',
        endsAt: '2019-03-22T14:03:16.224Z',
        source: 'generic',
      },
    ]);
    const fired = {
      ...AZURE,
      data: { ...AZURE.data, essentials: { ...AZURE.data.essentials, monitorCondition: 'Fired' } },
    };
    const [signal] = await parseMapped({ ...AZURE_MAPPING, endsAt: undefined } as WebhookMapping, fired, AT);
    expect(signal).toMatchObject({ action: 'trigger', endsAt: null });
  });

  it('maps every item of an `items` list, with $payload for the envelope, and defaults what is not mapped', async () => {
    const mapping = WebhookMapping.parse({
      items: 'events',
      summary: 'host & " is " & state',
      status: 'state',
      labels: '{"host": host, "env": $payload.env, "disk usage": usage, "nested": {"x": 1}}',
    });
    const signals = await parseMapped(
      mapping,
      {
        env: 'prod',
        events: [
          { host: 'db-1', state: 'PROBLEM', usage: 93 },
          { host: 'db-2', state: 'OK' },
        ],
      },
      AT,
    );
    expect(signals.map((s) => [s.action, s.summary, s.labels])).toEqual([
      ['trigger', 'db-1 is PROBLEM', { host: 'db-1', env: 'prod', disk_usage: '93' }],
      ['resolve', 'db-2 is OK', { host: 'db-2', env: 'prod' }],
    ]);
    // No dedupKey mapped: a hash of labels and summary, stable; startsAt the receipt time.
    expect(signals[0]!.dedupKey).toMatch(/^[0-9a-f]{16}$/);
    expect(signals[0]!.startsAt).toBe('2026-11-21T12:00:00.000Z');
    expect(signals[1]!.endsAt).toBe('2026-11-21T12:00:00.000Z');
    expect(await parseMapped(mapping, { env: 'prod', events: [] }, AT)).toEqual([]);
  });

  it('names the field whose evaluation fails or gives an unusable value', async () => {
    const m = (over: Record<string, string>) => WebhookMapping.parse({ summary: 'title', ...over });
    expect(await fieldsOf(parseMapped(m({}), { other: 1 }, AT))).toEqual([
      { path: 'mapping.summary', message: 'gave no text (the summary is required)' },
    ]);
    expect((await fieldsOf(parseMapped(m({ status: 'state' }), { title: 't', state: 'weird' }, AT)))[0]!.path).toBe(
      'mapping.status',
    );
    expect((await fieldsOf(parseMapped(m({ labels: 'tags' }), { title: 't', tags: ['a'] }, AT)))[0]!.path).toBe(
      'mapping.labels',
    );
    expect((await fieldsOf(parseMapped(m({ startsAt: 'at' }), { title: 't', at: 'yesterday' }, AT)))[0]!.path).toBe(
      'mapping.startsAt',
    );
    // A JSONata runtime error (a number where a string is needed).
    expect((await fieldsOf(parseMapped(m({ dedupKey: '$uppercase(n)' }), { title: 't', n: 5 }, AT)))[0]!.path).toBe(
      'mapping.dedupKey',
    );
    // Per item, with its index.
    const items = WebhookMapping.parse({ items: 'list', summary: 'name' });
    expect((await fieldsOf(parseMapped(items, { list: [{ name: 'a' }, { x: 1 }] }, AT)))[0]!.path).toBe(
      'items.1.mapping.summary',
    );
  });

  it('bounds evaluation: an endless expression times out, a huge sequence is refused, 1000 items at most', async () => {
    const loop = WebhookMapping.parse({ summary: '($f := function($n) { $f($n + 1) }; $f(0))' });
    const fields = await fieldsOf(parseMapped(loop, {}, AT));
    expect(fields[0]!.path).toBe('mapping.summary');
    expect(fields[0]!.message).toMatch(/D1011|D1012/);
    const big = WebhookMapping.parse({ summary: '$string($count([1..100000]))' });
    expect((await fieldsOf(parseMapped(big, {}, AT)))[0]!.path).toBe('mapping.summary');
    const many = WebhookMapping.parse({ items: '[1..1001]', summary: '"x"' });
    expect((await fieldsOf(parseMapped(many, {}, AT)))[0]!.path).toBe('mapping.items');
  });

  it('refuses an expression that does not compile, at config load, naming the field', () => {
    const res = WebhookMapping.safeParse({ summary: 'title', labels: '{"a": ' });
    expect(res.success).toBe(false);
    expect(res.error!.issues[0]).toMatchObject({
      path: ['labels'],
      message: expect.stringMatching(/^not a JSONata expression/),
    });
    expect(WebhookMapping.safeParse({ labels: 'x' }).error!.issues[0]!.path).toEqual(['summary']);
    expect(WebhookMapping.safeParse({ summary: 'x', colour: 'y' }).success).toBe(false);
  });
});
