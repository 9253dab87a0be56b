import { describe, expect, it } from 'vitest';
import { bodyFromDraft, draftFromBody, editorPaths, errorBelow, isShown } from './schedule-draft.ts';

const BODY = {
  id: 'payments-primary',
  name: 'Payments primary',
  timeZone: 'Europe/Berlin',
  layers: [
    {
      id: 'weekdays',
      participants: ['ann@example.com', 'bob@example.com'],
      shift: { every: 1, unit: 'weeks' },
      start: '2026-11-23T09:00',
      restrictions: [
        { kind: 'daily', from: '09:00', to: '17:00' },
        { kind: 'weekly', from: { day: 'fri', time: '18:00' }, to: { day: 'mon', time: '08:00' } },
      ],
    },
    {
      id: 'sydney',
      name: 'Follow the sun',
      participants: ['cy@example.com'],
      shift: { every: 12, unit: 'hours' },
      start: '2026-11-23T08:00',
      timeZone: 'Australia/Sydney',
    },
  ],
  overrides: [{ user: 'bob@example.com', start: '2026-12-24T00:00:00Z', end: '2026-12-26T00:00:00Z' }],
};

describe('schedule editor state', () => {
  it('round-trips a config-shaped body, with the team', () => {
    const draft = draftFromBody(BODY, 'payments');
    expect(draft.team).toBe('payments');
    expect(draft.layers[0]!.restrictions[1]).toEqual({
      kind: 'weekly',
      fromDay: 'fri',
      fromTime: '18:00',
      toDay: 'mon',
      toTime: '08:00',
    });
    expect(bodyFromDraft(draft)).toEqual({ ...BODY, team: 'payments' });
  });

  it('omits empty optional text and empty restriction lists', () => {
    const draft = draftFromBody(BODY, null);
    draft.name = ' ';
    draft.layers[0]!.restrictions = [];
    const body = bodyFromDraft(draft);
    expect(body).not.toHaveProperty('name');
    expect(body).not.toHaveProperty('team');
    expect((body.layers as Array<Record<string, unknown>>)[0]).not.toHaveProperty('restrictions');
  });

  it('places server messages on the fields that show them', () => {
    const draft = draftFromBody(BODY, null);
    const paths = editorPaths(draft);
    expect(isShown(paths, 'layers.0.participants.1')).toBe(true);
    expect(isShown(paths, 'layers.1.restrictions.0.from')).toBe(false);
    expect(isShown(paths, 'overrides.0.end')).toBe(false);
    const errors = new Map([
      ['layers.0.participants.0', 'invalid email'],
      ['layers.0.participants.1', 'is not a member of any team'],
    ]);
    expect(errorBelow(errors, 'layers.0.participants')).toBe('invalid email; is not a member of any team');
    expect(errorBelow(errors, 'layers.1')).toBeUndefined();
  });
});
