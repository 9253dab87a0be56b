import { describe, expect, it } from 'vitest';
import type { FaultlineConfig } from '../kernel/index.ts';
import { lintSuppression } from './lint.ts';

const now = new Date('2026-11-21T14:00:00Z');
const base = {
  createdBy: 'config',
  annotations: {},
  startsAt: '2026-11-21T13:00:00Z',
  endsAt: '2026-11-21T16:00:00Z',
  comment: 'drill',
};
const lint = (silences: Array<Record<string, unknown>>) =>
  lintSuppression({ silences, suppression: { silenceRetentionHours: 120 } } as unknown as FaultlineConfig, now);

describe('lintSuppression', () => {
  it('accepts a valid config silence', () => {
    expect(lint([{ ...base, id: 'drill', matchers: ['alertname="X"'] }])).toEqual([]);
  });

  it('names the matcher with an invalid regex, and the one that mutes everything', () => {
    expect(lint([{ ...base, id: 'a', matchers: ['alertname="X"', 'instance=~"(x"'] }])).toEqual([
      expect.objectContaining({ path: 'silences.0.matchers.1', severity: 'error' }),
    ]);
    expect(lint([{ ...base, id: 'b', matchers: ['instance=~".*"'] }])).toEqual([
      expect.objectContaining({ path: 'silences.0.matchers', severity: 'error' }),
    ]);
  });

  it('refuses an end before the start and a duplicate id; warns about a silence that has ended', () => {
    expect(lint([{ ...base, id: 'c', matchers: ['a="b"'], endsAt: '2026-11-21T12:00:00Z' }])).toEqual([
      expect.objectContaining({ path: 'silences.0.endsAt', severity: 'error' }),
    ]);
    expect(
      lint([
        { ...base, id: 'd', matchers: ['a="b"'] },
        { ...base, id: 'd', matchers: ['a="c"'] },
      ]),
    ).toEqual([expect.objectContaining({ path: 'silences.1.id', severity: 'error' })]);
    expect(lint([{ ...base, id: 'e', matchers: ['a="b"'], endsAt: '2026-11-21T13:30:00Z' }])).toEqual([
      expect.objectContaining({ path: 'silences.0.endsAt', severity: 'warning' }),
    ]);
  });
});
