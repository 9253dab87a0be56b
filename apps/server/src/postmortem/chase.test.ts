import { describe, expect, it } from 'vitest';
import { daysLate, overdueDigests, type OverdueItem } from './chase.ts';

const now = new Date('2026-06-10T09:00:00Z');
const link = (id: number) => `https://fl.example/incidents/${id}/postmortem`;
const item = (over: Partial<OverdueItem> & { actionId: number }): OverdueItem => ({
  incidentId: 1,
  title: `action ${over.actionId}`,
  owner: 'dan@example.com',
  dueAt: new Date('2026-06-08T04:00:00Z'),
  coordinator: 'ana@example.com',
  tracker: null,
  ...over,
});

describe('overdue digests', () => {
  it('sends each coordinator one list of the overdue actions of the incidents they coordinate, oldest due first', () => {
    const digests = overdueDigests(
      [
        item({ actionId: 3, incidentId: 2, dueAt: new Date('2026-06-09T04:00:00Z') }),
        item({ actionId: 4, incidentId: 1 }),
        item({ actionId: 5, incidentId: 3, coordinator: 'bo@example.com' }),
      ],
      now,
      link,
    );
    expect(digests.map((d) => [d.to, d.incidentIds])).toEqual([
      ['ana@example.com', [1, 2]],
      ['bo@example.com', [3]],
    ]);
    expect(digests[0]!.subject).toBe('Faultline: 2 overdue improvement actions');
    expect(digests[0]!.text.split('\n')).toEqual([
      '- #4 "action 4" (incident #1), owner dan@example.com, due 2026-06-08T04:00:00.000Z, 2 days late: https://fl.example/incidents/1/postmortem',
      '- #3 "action 3" (incident #2), owner dan@example.com, due 2026-06-09T04:00:00.000Z, 1 days late: https://fl.example/incidents/2/postmortem',
    ]);
    expect(digests[1]!.subject).toBe('Faultline: 1 overdue improvement action');
  });

  it('sends trackers their actions too, once per person whatever the case, and nothing to names without an address', () => {
    const digests = overdueDigests(
      [
        item({ actionId: 1, tracker: 'payments-queue@example.com' }),
        item({ actionId: 2, coordinator: 'admin', tracker: 'Payments-Queue@example.com' }),
        item({ actionId: 6, coordinator: 'ANA@example.com', tracker: 'ana@example.com' }),
        item({ actionId: 7, coordinator: null }),
      ],
      now,
      link,
    );
    expect(digests.map((d) => [d.to, d.text.split('\n').map((l) => l.slice(0, 4))])).toEqual([
      ['ana@example.com', ['- #1', '- #6']],
      ['payments-queue@example.com', ['- #1', '- #2']],
    ]);
    expect(overdueDigests([], now, link)).toEqual([]);
  });

  it('counts whole days late, never negative', () => {
    expect(daysLate(new Date('2026-06-10T08:59:59Z'), now)).toBe(0);
    expect(daysLate(new Date('2026-06-09T09:00:00Z'), now)).toBe(1);
    expect(daysLate(new Date('2026-06-11T00:00:00Z'), now)).toBe(0);
  });
});
