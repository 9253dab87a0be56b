import { describe, expect, it } from 'vitest';
import { coalesceHeldPages, incidentMutes } from './held.ts';

const until = new Date('2026-11-21T15:00:00Z');
const silence = (id: string) => ({ kind: 'silence' as const, id, until });

describe('coalesceHeldPages', () => {
  it('keeps the initial on-call page when it was held, whatever upgrades followed', () => {
    expect(
      coalesceHeldPages([
        { step: 'initial', audience: 'oncall' },
        { step: 'upgrade-P2', audience: 'oncall' },
        { step: 'upgrade-P1', audience: 'oncall' },
      ]),
    ).toEqual([{ step: 'initial', audience: 'oncall' }]);
  });

  it('pages one upgrade, the latest (the highest), and leadership once', () => {
    expect(
      coalesceHeldPages([
        { step: 'upgrade-P2', audience: 'oncall' },
        { step: 'leadership-P2', audience: 'leadership' },
        { step: 'upgrade-P1', audience: 'oncall' },
        { step: 'leadership-P1', audience: 'leadership' },
      ]),
    ).toEqual([
      { step: 'upgrade-P1', audience: 'oncall' },
      { step: 'leadership-P1', audience: 'leadership' },
    ]);
  });

  it('holds nothing for nothing', () => {
    expect(coalesceHeldPages([])).toEqual([]);
  });
});

describe('incidentMutes', () => {
  it('is every reason while all firing alerts are muted', () => {
    expect(incidentMutes([[silence('a')], [silence('b')]])).toEqual([silence('a'), silence('b')]);
  });

  it('is empty as soon as one firing alert is not muted', () => {
    expect(incidentMutes([[silence('a')], []])).toEqual([]);
  });

  it('is empty when nothing fires (decideHeldPage then drops)', () => {
    expect(incidentMutes([])).toEqual([]);
  });
});
