import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  heartbeatAction,
  heartbeatSettingsErrors,
  heartbeatState,
  heartbeatStatus,
  recordPing,
  type Heartbeat,
} from './heartbeat.ts';

const MIN = 60_000;
const t = (hhmm: string): Date => new Date(`2026-11-21T${hhmm}:00Z`);
const hb: Heartbeat = { intervalMs: 5 * MIN, graceMs: 2 * MIN, lastPingAt: t('12:00'), createdAt: t('09:00') };

describe('heartbeatState', () => {
  it.each([
    ['12:04', 'up', '12:05'],
    ['12:05', 'late', '12:07'],
    ['12:06', 'late', '12:07'],
    ['12:07', 'down', null],
    ['13:00', 'down', null],
  ])('at %s: %s, next check %s', (at, state, next) => {
    const s = heartbeatState(hb, t(at));
    expect(s.state).toBe(state);
    expect(s.nextCheckAt).toEqual(next ? t(next) : null);
    expect(s.dueAt).toEqual(t('12:05'));
    expect(s.downAt).toEqual(t('12:07'));
  });

  it('judges a monitor never pinged from its creation', () => {
    expect(heartbeatState({ ...hb, lastPingAt: null }, t('09:06')).state).toBe('late');
    expect(heartbeatState({ ...hb, lastPingAt: null }, t('09:07')).state).toBe('down');
  });

  it('with no grace goes straight from up to down', () => {
    const s = heartbeatState({ ...hb, graceMs: 0 }, t('12:04'));
    expect(s.nextCheckAt).toEqual(t('12:05'));
    expect(heartbeatState({ ...hb, graceMs: 0 }, t('12:05')).state).toBe('down');
  });

  it('a state only changes at nextCheckAt without a ping (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 0, max: 10 }),
        fc.integer({ min: 0, max: 60 }),
        (i, g, m) => {
          const h: Heartbeat = { intervalMs: i * MIN, graceMs: g * MIN, lastPingAt: t('12:00'), createdAt: t('09:00') };
          const at = new Date(t('12:00').getTime() + m * MIN);
          const s = heartbeatState(h, at);
          if (s.nextCheckAt === null) {
            expect(s.state).toBe('down');
            return;
          }
          expect(heartbeatState(h, new Date(s.nextCheckAt.getTime() - 1)).state).toBe(s.state);
          expect(heartbeatState(h, s.nextCheckAt).state).not.toBe(s.state);
        },
      ),
    );
  });
});

describe('heartbeat actions and pings', () => {
  it('opens an incident once when going down and resolves it when a ping returns', () => {
    expect(heartbeatAction('late', 'down')).toBe('open-incident');
    expect(heartbeatAction('down', 'down')).toBe('none');
    expect(heartbeatAction('down', 'up')).toBe('resolve-incident');
    expect(heartbeatAction('up', 'late')).toBe('none');
    const back = recordPing(hb, t('12:30'));
    expect(heartbeatAction(heartbeatState(hb, t('12:30')).state, heartbeatState(back, t('12:30')).state)).toBe(
      'resolve-incident',
    );
  });

  it('never moves the last ping back for a late-arriving older ping', () => {
    expect(recordPing(hb, t('11:59')).lastPingAt).toEqual(t('12:00'));
    expect(recordPing(hb, t('12:01')).lastPingAt).toEqual(t('12:01'));
  });

  it('validates settings with field paths', () => {
    expect(heartbeatSettingsErrors({ intervalMs: 30_000, graceMs: -1 })).toEqual([
      { path: 'intervalMs', message: 'must be at least one minute' },
      { path: 'graceMs', message: 'must be zero or more' },
    ]);
    expect(heartbeatSettingsErrors({ intervalMs: MIN, graceMs: 0 })).toEqual([]);
  });
});

describe('heartbeatStatus (stored monitors: pauses and arming)', () => {
  const m = { intervalMs: 5 * MIN, graceMs: 2 * MIN, lastPingAt: t('12:00'), armedAt: t('09:00'), paused: false };

  it('is paused while paused, whatever the time', () => {
    expect(heartbeatStatus({ ...m, paused: true }, t('18:00'))).toEqual({ status: 'paused', state: null });
  });

  it('judges from the later of the last ping and the arming', () => {
    expect(heartbeatStatus(m, t('12:06')).status).toBe('late');
    expect(heartbeatStatus(m, t('12:07')).status).toBe('down');
    // Resumed at 13:00 after a pause: a fresh interval from the resume, not down at once.
    const resumed = { ...m, armedAt: t('13:00') };
    expect(heartbeatStatus(resumed, t('13:04')).status).toBe('up');
    expect(heartbeatStatus(resumed, t('13:07')).status).toBe('down');
    expect(heartbeatStatus({ ...resumed, lastPingAt: t('13:05') }, t('13:07')).status).toBe('up');
  });
});
