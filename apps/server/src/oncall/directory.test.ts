import { describe, expect, it } from 'vitest';
import { FaultlineConfig } from '../config/schema.ts';
import { activateConfig } from '../config/active.ts';
import type { Db } from '../db/client.ts';
import { createOncallDirectory, EMPTY_STORED, mergeStored, type StoredOncall } from './directory.ts';
import { onCallAt } from './final.ts';
import { schedule } from '../../../../test/support/oncall-schedules.ts';

const NOW = new Date('2026-01-05T12:00:00Z');
const base = activateConfig(
  FaultlineConfig.parse({
    version: 1,
    teams: [{ id: 'ops', members: [{ name: 'Ann', email: 'ann@example.com' }] }],
    schedules: [
      {
        id: 'primary',
        timeZone: 'UTC',
        layers: [
          { id: 'l', participants: ['ann@example.com'], shift: { every: 1, unit: 'days' }, start: '2026-01-01T00:00' },
        ],
        overrides: [{ user: 'bob@example.com', start: '2026-01-05T10:00:00Z', end: '2026-01-05T14:00:00Z' }],
      },
    ],
    escalationPolicies: [{ id: 'ops', steps: [{ targets: [{ schedule: 'primary' }] }] }],
  }),
  'test',
  NOW,
);
const meta = { team: null, updatedBy: 'admin', updatedAt: NOW };

describe('mergeStored', () => {
  it('adds stored schedules and API teams; a config id wins', () => {
    const stored: StoredOncall = {
      schedules: [
        {
          id: 'backup',
          body: schedule({ id: 'backup', timeZone: 'UTC', layers: [{ participants: ['cat@example.com'] }] }),
          ...meta,
        },
        {
          id: 'primary',
          body: schedule({ id: 'primary', timeZone: 'UTC', layers: [{ participants: ['x@example.com'] }] }),
          ...meta,
        },
      ],
      overrides: [],
      apiTeams: new Map([
        ['night', { members: ['cat@example.com'], escalationPolicy: 'late' }],
        ['ops', { members: ['intruder@example.com'], escalationPolicy: null }],
      ]),
      addedMembers: new Map(),
      linkedPolicies: new Map(),
      servicePolicies: new Map(),
    };
    const merged = mergeStored(base, stored).escalation;
    expect([...merged.schedules.keys()]).toEqual(['primary', 'backup']);
    expect(merged.schedules.get('primary')!.layers[0]!.participants).toEqual(['ann@example.com']);
    expect(merged.teams.get('night')).toEqual(['cat@example.com']);
    expect(merged.teams.get('ops')).toEqual(['ann@example.com']);
  });

  it("pages a config team's members added in the console with its config members, once each", () => {
    const merged = mergeStored(base, {
      ...EMPTY_STORED,
      addedMembers: new Map([
        ['ops', ['dan@example.com', 'ANN@example.com']],
        ['ghost', ['eve@example.com']],
      ]),
    }).escalation.teams;
    expect(merged.get('ops')).toEqual(['ann@example.com', 'dan@example.com']);
    expect(merged.has('ghost')).toBe(false);
  });

  it('links a policy to a config team that names none in the file; a policy in the file wins', () => {
    const withOwn = activateConfig(
      FaultlineConfig.parse({
        version: 1,
        teams: [
          { id: 'ops', members: [{ name: 'Ann', email: 'ann@example.com' }] },
          { id: 'web', members: [{ name: 'Ann', email: 'ann@example.com' }], escalationPolicy: 'ops' },
        ],
        escalationPolicies: [{ id: 'ops', steps: [{ targets: [{ user: 'ann@example.com' }] }] }],
      }),
      'test',
      NOW,
    );
    expect(withOwn.catalog.team('ops')!.escalationPolicy).toBeNull();
    const linked = mergeStored(withOwn, {
      ...EMPTY_STORED,
      linkedPolicies: new Map([
        ['ops', 'runtime'],
        ['web', 'runtime'],
      ]),
    }).catalog;
    expect(linked.team('ops')!.escalationPolicy).toBe('runtime');
    expect(linked.team('web')!.escalationPolicy).toBe('ops');
    expect(linked.teams().map((t) => [t.id, t.escalationPolicy])).toEqual([
      ['ops', 'runtime'],
      ['web', 'ops'],
    ]);
  });

  it("links a stored policy to a service the file gives none; the file's own stays, aliases resolve to the link", () => {
    const cfg = activateConfig(
      FaultlineConfig.parse({
        version: 1,
        catalog: {
          businessLines: [
            {
              id: 'shop',
              modules: [
                {
                  id: 'pay',
                  tier: 'core',
                  volume: 'high',
                  services: [
                    { id: 'api', team: 'ops', aliases: ['api-v2'] },
                    { id: 'db', team: 'ops', escalationPolicy: 'ops' },
                  ],
                },
              ],
            },
          ],
        },
        teams: [{ id: 'ops', members: [{ name: 'Ann', email: 'ann@example.com' }] }],
        escalationPolicies: [{ id: 'ops', steps: [{ targets: [{ user: 'ann@example.com' }] }] }],
      }),
      'test',
      NOW,
    );
    expect(cfg.catalog.service('api')!.escalationPolicy).toBeNull();
    const linked = mergeStored(cfg, {
      ...EMPTY_STORED,
      servicePolicies: new Map([
        ['api', 'runtime'],
        ['db', 'runtime'],
      ]),
    }).catalog;
    expect(linked.service('api')!.escalationPolicy).toBe('runtime');
    expect(linked.resolveService('api-v2')!.escalationPolicy).toBe('runtime');
    expect(linked.service('db')!.escalationPolicy).toBe('ops');
    expect(linked.services().map((x) => [x.id, x.escalationPolicy])).toEqual([
      ['api', 'runtime'],
      ['db', 'ops'],
    ]);
    expect(linked.service('nope')).toBeUndefined();
  });

  it('appends runtime overrides after the config ones, oldest first, so the newest wins', () => {
    const o = (id: number, user: string, replaces: string | null) => ({
      id,
      scheduleId: 'primary',
      user,
      replaces,
      start: new Date('2026-01-05T11:00:00Z'),
      end: new Date('2026-01-05T13:00:00Z'),
      createdBy: 'admin',
      createdAt: NOW,
    });
    const at = new Date('2026-01-05T12:00:00Z');
    const primary = (overrides: StoredOncall['overrides']) =>
      mergeStored(base, { ...EMPTY_STORED, overrides }).escalation.schedules.get('primary')!;
    expect(onCallAt(primary([]), at)).toEqual(['bob@example.com']);
    expect(onCallAt(primary([o(1, 'cat@example.com', null)]), at)).toEqual(['cat@example.com']);
    expect(onCallAt(primary([o(1, 'cat@example.com', null), o(2, 'dan@example.com', null)]), at)).toEqual([
      'dan@example.com',
    ]);
    // A swap replaces whom the layers put on call (Ann), not the config override's Bob.
    expect(onCallAt(primary([o(1, 'eve@example.com', 'ann@example.com')]), at)).toEqual(['eve@example.com']);
    expect(primary([o(1, 'cat@example.com', null)]).overrides).toHaveLength(2);
    expect(base.escalation.schedules.get('primary')!.overrides).toHaveLength(1);
  });
});

describe('createOncallDirectory', () => {
  /** A database stand-in whose every read answers no rows (the four reads of loadStoredOncall). */
  const emptyDb = () => {
    const chain: Record<string, unknown> = {};
    for (const m of ['from', 'where', 'innerJoin']) chain[m] = () => chain;
    chain.orderBy = () => Promise.resolve([]);
    chain.then = (ok: (rows: unknown[]) => unknown) => ok([]);
    return { select: () => chain } as unknown as Db;
  };

  it('keeps the same merged config while neither the config nor the stored part changes', async () => {
    const dir = createOncallDirectory(emptyDb());
    const first = dir.apply(base);
    expect(dir.apply(base)).toBe(first);
    await dir.load(NOW);
    expect(dir.apply(base)).toBe(first);
    const reloaded = { ...base };
    expect(dir.apply(reloaded)).not.toBe(first);
  });
});
