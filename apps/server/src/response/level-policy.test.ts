import { describe, expect, it } from 'vitest';
import { ResponseConfig } from './config.ts';
import { levelPolicy, responsePolicy } from './level-policy.ts';
import { lintResponse } from './lint.ts';

const MIN = 60_000;
const builtin = ResponseConfig.parse({});
const SEQUENCES = [
  { id: 'P', levels: 4 },
  { id: 'D', levels: 4 },
  { id: 'R', levels: 4 },
  { id: 'S', levels: 4 },
];

describe('built-in settings', () => {
  it('P1: 1-5-10, a group, all four roles, updates every 30 min, 5-minute deadlines', () => {
    expect(levelPolicy(builtin, 'P', 1)).toEqual({
      detectMs: 1 * MIN,
      locateMs: 5 * MIN,
      recoverMs: 10 * MIN,
      responseGroup: true,
      checkInMs: 5 * MIN,
      requiredRoles: ['coordinator', 'responder', 'investigator', 'communicator'],
      roleFillMs: 5 * MIN,
      updateEveryMs: 30 * MIN,
      warRoom: false,
    });
  });

  it('warRoom is off by default, on where a level says so, and on when any of the incident’s levels has it', () => {
    const cfg = ResponseConfig.parse({ levels: { P1: { warRoom: true } } });
    expect(levelPolicy(cfg, 'P', 1).warRoom).toBe(true);
    expect(levelPolicy(cfg, 'S', 1).warRoom).toBe(false);
    expect(responsePolicy(cfg, { P: 1, S: 2 }).warRoom).toBe(true);
    expect(responsePolicy(cfg, { P: 2 }).warRoom).toBe(false);
    expect(responsePolicy(cfg, {}).warRoom).toBe(false);
  });

  it('P2: no investigator required, updates every 60 min', () => {
    const p = levelPolicy(builtin, 'P', 2);
    expect(p.requiredRoles).toEqual(['coordinator', 'responder', 'communicator']);
    expect(p.updateEveryMs).toBe(60 * MIN);
    expect(p.responseGroup).toBe(true);
  });

  it.each([3, 4])('P%i: the clock, but no group, roles or cadence', (level) => {
    const p = levelPolicy(builtin, 'P', level);
    expect([p.detectMs, p.locateMs, p.recoverMs]).toEqual([MIN, 5 * MIN, 10 * MIN]);
    expect(p.responseGroup).toBe(false);
    expect(p.requiredRoles).toEqual([]);
    expect(p.updateEveryMs).toBeNull();
  });

  it('level 1 of any sequence gets the level-1 settings', () => {
    expect(levelPolicy(builtin, 'R', 1)).toEqual(levelPolicy(builtin, 'P', 1));
  });
});

describe('lookup order: levels.P1 → levels.1 → defaults → built-in level → built-in default', () => {
  const config = ResponseConfig.parse({
    defaults: { recoverMinutes: 15, updateEveryMinutes: 120, checkInMinutes: 7 },
    levels: {
      '1': { locateMinutes: 4, updateEveryMinutes: 20 },
      P1: { locateMinutes: 3 },
      '4': { detectMinutes: null, locateMinutes: null, recoverMinutes: null },
    },
  });

  it('a sequence-and-level key beats a level key', () => {
    expect(levelPolicy(config, 'P', 1).locateMs).toBe(3 * MIN);
    expect(levelPolicy(config, 'D', 1).locateMs).toBe(4 * MIN);
  });

  it('a level key beats defaults, which beat the built-in level', () => {
    expect(levelPolicy(config, 'P', 1).updateEveryMs).toBe(20 * MIN);
    // defaults.updateEveryMinutes (120) beats the built-in 60 of level 2
    expect(levelPolicy(config, 'P', 2).updateEveryMs).toBe(120 * MIN);
    expect(levelPolicy(config, 'P', 3).updateEveryMs).toBe(120 * MIN);
  });

  it('each setting falls back on its own', () => {
    const p1 = levelPolicy(config, 'P', 1);
    expect(p1.detectMs).toBe(MIN); // built-in default
    expect(p1.recoverMs).toBe(15 * MIN); // defaults
    expect(p1.checkInMs).toBe(7 * MIN); // defaults
    expect(p1.requiredRoles).toHaveLength(4); // built-in level 1
  });

  it('null switches a target off', () => {
    const p4 = levelPolicy(config, 'P', 4);
    expect([p4.detectMs, p4.locateMs, p4.recoverMs]).toEqual([null, null, null]);
  });
});

describe('responsePolicy: the most severe demand of the incident’s levels wins', () => {
  const config = ResponseConfig.parse({
    levels: {
      P2: { recoverMinutes: 8, roleFillMinutes: 10, requiredRoles: ['responder'], checkInMinutes: 3 },
      R3: {
        recoverMinutes: 20,
        locateMinutes: 2,
        updateEveryMinutes: 45,
        requiredRoles: ['communicator'],
        responseGroup: true,
      },
    },
  });

  it('shortest targets and cadence, union of roles, a group if any level forms one', () => {
    const p = responsePolicy(config, { P: 2, R: 3 });
    expect(p.recoverMs).toBe(8 * MIN);
    expect(p.locateMs).toBe(2 * MIN);
    expect(p.updateEveryMs).toBe(45 * MIN);
    expect(p.requiredRoles).toEqual(['responder', 'communicator']);
    expect(p.responseGroup).toBe(true);
    expect(p.roleFillMs).toBe(5 * MIN);
    expect(p.checkInMs).toBe(3 * MIN);
    expect(responsePolicy(config, { P: 4, R: 3 }).responseGroup).toBe(true);
    expect(responsePolicy(config, { P: 4, D: 3 }).responseGroup).toBe(false);
  });

  it('a target switched off at one level is taken from the other', () => {
    const off = ResponseConfig.parse({ levels: { P3: { locateMinutes: null }, D2: { locateMinutes: 7 } } });
    expect(responsePolicy(off, { P: 3, D: 2 }).locateMs).toBe(7 * MIN);
    expect(responsePolicy(off, { P: 3 }).locateMs).toBeNull();
  });

  it('equals levelPolicy for a single level', () => {
    expect(responsePolicy(builtin, { P: 1 })).toEqual(levelPolicy(builtin, 'P', 1));
  });

  it('a risk (no level) has no clock, group, roles or cadence', () => {
    const p = responsePolicy(builtin, {});
    expect([p.detectMs, p.locateMs, p.recoverMs, p.updateEveryMs]).toEqual([null, null, null, null]);
    expect(p.responseGroup).toBe(false);
    expect(p.requiredRoles).toEqual([]);
    expect(p.checkInMs).toBe(5 * MIN);
  });
});

describe('ResponseConfig schema', () => {
  it('refuses unknown keys, bad level keys, unknown roles and duplicate roles with paths', () => {
    const r = ResponseConfig.safeParse({
      levels: {
        P0: {},
        p1: {},
        P2: { requiredRoles: ['scribe'], updateEvery: 5 },
        P3: { requiredRoles: ['responder', 'responder'] },
      },
    });
    expect(r.success).toBe(false);
    const paths = r.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(
      expect.arrayContaining([
        'levels.P0',
        'levels.p1',
        'levels.P2.requiredRoles.0',
        'levels.P2',
        'levels.P3.requiredRoles',
      ]),
    );
  });

  it('refuses zero, negative and over-a-week durations', () => {
    for (const v of [0, -1, 10081])
      expect(ResponseConfig.safeParse({ defaults: { recoverMinutes: v } }).success, String(v)).toBe(false);
  });
});

describe('lintResponse', () => {
  it('accepts the built-ins', () => {
    expect(lintResponse(builtin, SEQUENCES)).toEqual([]);
  });

  it('names unknown sequences and levels a sequence does not have', () => {
    const config = ResponseConfig.parse({ levels: { X1: {}, P5: {}, '7': {} } });
    const problems = lintResponse(config, SEQUENCES);
    expect(problems).toHaveLength(3);
    expect(problems).toEqual(
      expect.arrayContaining([
        { path: 'response.levels.X1', message: 'no level sequence "X" (see levels.sequences)', severity: 'error' },
        { path: 'response.levels.P5', message: 'sequence P has levels 1–4, not 5', severity: 'error' },
        {
          path: 'response.levels.7',
          message: 'no sequence has a level 7: this entry never applies',
          severity: 'warning',
        },
      ]),
    );
  });

  it('refuses 1-5-10 targets out of order, at the key that sets them', () => {
    const config = ResponseConfig.parse({ levels: { P1: { locateMinutes: 12 } }, defaults: { detectMinutes: 6 } });
    const problems = lintResponse(config, [{ id: 'P', levels: 2 }]);
    expect(problems.map((p) => p.path)).toEqual([
      'response.levels.P1.recoverMinutes',
      'response.defaults.locateMinutes',
    ]);
    expect(problems[0]!.message).toContain('recover target (10 min) is shorter than the locate target (12 min)');
  });
});
