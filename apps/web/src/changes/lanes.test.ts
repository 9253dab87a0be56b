import type { ChangeView } from '@faultline/contracts';
import { describe, expect, it } from 'vitest';
import { laneLayout, MIN_WIDTH_PCT } from './lanes.ts';

const FROM = Date.parse('2026-12-01T00:00:00Z');
const TO = Date.parse('2026-12-01T10:00:00Z');
const NOW = TO;
const change = (id: number, services: string[], startedAt: string, endedAt: string | null): ChangeView => ({
  id,
  kind: 'deploy',
  summary: `c${id}`,
  services,
  environment: null,
  labels: {},
  startedAt,
  endedAt,
  status: endedAt ? 'succeeded' : 'running',
  exitCode: null,
  author: null,
  source: 'api',
  sourceKey: null,
  externalId: null,
  url: null,
  rollbackOf: null,
  details: {},
  createdAt: startedAt,
});

describe('laneLayout', () => {
  it('one lane per service in name order, a change on two services on both', () => {
    const lanes = laneLayout([change(1, ['b', 'a'], '2026-12-01T01:00:00Z', '2026-12-01T02:00:00Z')], FROM, TO, NOW);
    expect(lanes.map((l) => l.service)).toEqual(['a', 'b']);
    expect(lanes[0]!.items[0]).toMatchObject({ leftPct: 10, widthPct: 10 });
  });

  it('an instant change keeps a minimum width; a running change runs to now; parts outside are cut', () => {
    const lanes = laneLayout(
      [
        change(1, ['a'], '2026-12-01T05:00:00Z', '2026-12-01T05:00:00Z'),
        change(2, ['a'], '2026-12-01T09:00:00Z', null),
        change(3, ['a'], '2026-11-30T23:00:00Z', '2026-12-01T01:00:00Z'),
        change(4, ['a'], '2026-11-30T01:00:00Z', '2026-11-30T02:00:00Z'),
      ],
      FROM,
      TO,
      NOW,
    );
    expect(lanes[0]!.items.map((i) => [i.change.id, i.leftPct, Number(i.widthPct.toFixed(3))])).toEqual([
      [3, 0, 10],
      [1, 50, MIN_WIDTH_PCT],
      [2, 90, 10],
    ]);
  });

  it('no changes: no lanes', () => {
    expect(laneLayout([], FROM, TO, NOW)).toEqual([]);
  });
});
