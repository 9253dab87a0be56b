import { describe, expect, it } from 'vitest';
import { decideHeldPage, type HeldPageInput } from './release.ts';
import { compileSilence, silencesMuting } from './silence.ts';

const t = (hhmm: string): Date => new Date(`2026-11-21T${hhmm}:00Z`);
const silence = compileSilence(
  'sil-1',
  {
    matchers: ['alertname="DiskFull"'],
    startsAt: t('12:00'),
    endsAt: t('14:00'),
    createdBy: 'ana',
    comment: 'disk swap',
  },
  t('12:00'),
);
const labels = { alertname: 'DiskFull' };

/** The engine's loop for one alert: ask, apply the decision to the stored `heldSince`, count pages. */
function run(steps: Array<{ at: string; firing: boolean }>, extra = [silence]) {
  let heldSince: Date | null = null;
  const pages: string[] = [];
  const decisions: string[] = [];
  for (const step of steps) {
    const input: HeldPageInput = {
      alertId: 7,
      firing: step.firing,
      heldSince,
      alreadyPaged: false,
      mutedBy: silencesMuting(labels, extra, t(step.at)),
      now: t(step.at),
    };
    const d = decideHeldPage(input);
    decisions.push(d.action);
    if (d.action === 'hold') heldSince = d.heldSince;
    if (d.action === 'page') {
      if (!pages.includes(d.idempotencyKey)) pages.push(d.idempotencyKey); // the notification outbox dedups on it
      heldSince = null;
    }
    if (d.action === 'drop') heldSince = null;
  }
  return { pages, decisions };
}

describe('a silence ending while the alert still fires', () => {
  it('pages at the end, once, even when the timer and a repeat both notice the end', () => {
    const r = run([
      { at: '12:05', firing: true }, // fires while silenced
      { at: '13:00', firing: true }, // repeat, still silenced
      { at: '14:00', firing: true }, // the end-of-silence timer
      { at: '14:00', firing: true }, // the timer again (retried job)
      { at: '14:01', firing: true }, // the next repeat
    ]);
    expect(r.decisions).toEqual(['hold', 'hold', 'page', 'none', 'none']);
    expect(r.pages).toEqual(['released:7:2026-11-21T12:05:00.000Z']);
  });

  it('gives the same key when the timer and a repeat race on the same held state', () => {
    const input: HeldPageInput = {
      alertId: 7,
      firing: true,
      heldSince: t('12:05'),
      alreadyPaged: false,
      mutedBy: [],
      now: t('14:00'),
    };
    const a = decideHeldPage(input);
    const b = decideHeldPage({ ...input, now: t('14:00') });
    expect(a).toEqual(b);
    expect(a.action).toBe('page');
  });

  it('pages nothing when the alert resolved while silenced', () => {
    const r = run([
      { at: '12:05', firing: true },
      { at: '13:00', firing: false },
      { at: '14:00', firing: false },
    ]);
    expect(r.decisions).toEqual(['hold', 'drop', 'none']);
    expect(r.pages).toEqual([]);
  });

  it('keeps holding through an overlapping silence and pages at the last end', () => {
    const later = compileSilence(
      'sil-2',
      {
        matchers: ['alertname=~"Disk.*"'],
        startsAt: t('13:30'),
        endsAt: t('15:00'),
        createdBy: 'bo',
        comment: 'longer',
      },
      t('12:00'),
    );
    const r = run(
      [
        { at: '12:05', firing: true },
        { at: '14:00', firing: true },
        { at: '15:00', firing: true },
      ],
      [silence, later],
    );
    expect(r.decisions).toEqual(['hold', 'hold', 'page']);
    expect(r.pages).toHaveLength(1);
  });

  it('a new episode after a page gets a new key (muted again later, released again)', () => {
    const second = compileSilence(
      'sil-3',
      {
        matchers: ['alertname="DiskFull"'],
        startsAt: t('16:00'),
        endsAt: t('17:00'),
        createdBy: 'ana',
        comment: 'again',
      },
      t('12:00'),
    );
    const r = run(
      [
        { at: '12:05', firing: true },
        { at: '14:00', firing: true },
        { at: '16:10', firing: true },
        { at: '17:00', firing: true },
      ],
      [silence, second],
    );
    expect(r.pages).toEqual(['released:7:2026-11-21T12:05:00.000Z', 'released:7:2026-11-21T16:10:00.000Z']);
  });
});

describe('decideHeldPage', () => {
  const base: HeldPageInput = {
    alertId: 'a1',
    firing: true,
    heldSince: null,
    alreadyPaged: false,
    mutedBy: [],
    now: t('12:00'),
  };

  it('is "none" for an alert neither held nor muted (convergence pages as usual)', () => {
    expect(decideHeldPage(base)).toEqual({ action: 'none' });
  });

  it('holds with the earliest end as the recheck, and no recheck for inhibition alone', () => {
    const d = decideHeldPage({
      ...base,
      mutedBy: [
        { kind: 'silence', id: 's', until: t('14:00') },
        { kind: 'maintenance', id: 'w', effect: 'suppress-notifications', until: t('13:00') },
        { kind: 'inhibition', rule: 'r', sources: ['9'] },
      ],
    });
    expect(d).toMatchObject({ action: 'hold', heldSince: t('12:00'), recheckAt: t('13:00') });
    expect(d.action === 'hold' && d.why).toEqual([
      'muted by silence s until 2026-11-21T14:00:00.000Z',
      'in maintenance window w (suppress-notifications) until 2026-11-21T13:00:00.000Z',
      'inhibited by rule r while 9 fires',
    ]);
    expect(decideHeldPage({ ...base, mutedBy: [{ kind: 'inhibition', rule: 'r', sources: ['9'] }] })).toMatchObject({
      action: 'hold',
      recheckAt: null,
    });
  });

  it('keeps the episode start while holding', () => {
    expect(
      decideHeldPage({ ...base, heldSince: t('11:00'), mutedBy: [{ kind: 'silence', id: 's', until: t('14:00') }] }),
    ).toMatchObject({
      heldSince: t('11:00'),
    });
  });

  it('drops a held page when the incident already paged (a silence created after the page does not re-page)', () => {
    expect(decideHeldPage({ ...base, heldSince: t('11:00'), alreadyPaged: true })).toMatchObject({ action: 'drop' });
    expect(
      decideHeldPage({ ...base, alreadyPaged: true, mutedBy: [{ kind: 'silence', id: 's', until: t('14:00') }] }),
    ).toEqual({
      action: 'none',
    });
  });
});
