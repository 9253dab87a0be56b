import { describe, expect, it } from 'vitest';
import { FaultlineConfig } from '../config/schema.ts';
import { buildCatalog } from '../catalog/catalog.ts';
import { AppError } from '../lib/errors.ts';
import {
  approvalMail,
  approvalRecipients,
  assertMayDecide,
  ruleInWords,
  templateDraftRules,
  uniqueEmails,
} from './versions.ts';

const config = FaultlineConfig.parse({
  version: 1,
  catalog: {
    businessLines: [
      {
        id: 'commerce',
        modules: [
          {
            id: 'checkout',
            tier: 'core',
            volume: 'high',
            owner: 'Owner@Example.com',
            services: [
              { id: 'checkout-api', team: 'payments' },
              { id: 'payments-db', team: 'payments' },
              { id: 'checkout-web', team: 'web' },
            ],
          },
          { id: 'history', tier: 'non-core', volume: 'low', services: [{ id: 'history-api', team: 'web' }] },
        ],
      },
    ],
  },
  teams: [
    {
      id: 'payments',
      members: [
        { name: 'A', email: 'a@example.com' },
        { name: 'B', email: 'b@example.com' },
      ],
    },
    {
      id: 'web',
      members: [
        { name: 'A again', email: 'A@example.com' },
        { name: 'Owner', email: 'owner@example.com' },
      ],
    },
  ],
});
const catalog = buildCatalog(config);
const checkout = catalog.module('checkout')!;
const history = catalog.module('history')!;

function forbidden(fn: () => void): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe('FORBIDDEN');
    return (e as AppError).message;
  }
  throw new Error('expected FORBIDDEN');
}

describe('assertMayDecide', () => {
  it('lets the owner decide, in any case, even their own version', () => {
    expect(() =>
      assertMayDecide(checkout, { name: 'owner@example.COM', role: 'viewer' }, 'owner@example.com', 1),
    ).not.toThrow();
  });
  it('refuses anyone else, admins included, naming the owner', () => {
    expect(forbidden(() => assertMayDecide(checkout, { name: 'admin', role: 'admin' }, 'dev', 1))).toContain(
      'Owner@Example.com',
    );
  });
  it('without an owner, an admin decides, but not on a version they wrote', () => {
    expect(() => assertMayDecide(history, { name: 'admin', role: 'admin' }, 'dev', 2)).not.toThrow();
    expect(forbidden(() => assertMayDecide(history, { name: 'dev', role: 'responder' }, 'x', 2))).toContain(
      'no technical owner',
    );
    expect(forbidden(() => assertMayDecide(history, { name: 'Admin', role: 'admin' }, 'admin', 2))).toContain(
      'another admin',
    );
  });
});

describe('recipients', () => {
  it('de-duplicates case-insensitively, keeping the first spelling', () => {
    expect(uniqueEmails(['a@x', 'A@x', ' b@x ', ''])).toEqual(['a@x', 'b@x']);
  });
  it('are the members of the teams owning the module services, and the owner', () => {
    expect(approvalRecipients(catalog, checkout)).toEqual(['a@example.com', 'b@example.com', 'owner@example.com']);
    expect(approvalRecipients(catalog, history)).toEqual(['A@example.com', 'owner@example.com']);
  });
});

describe('templateDraftRules', () => {
  it('gives the template bands out of the reserved id namespace', () => {
    const rules = templateDraftRules(checkout, config);
    expect(rules.map((r) => [r.id, r.level])).toEqual([
      ['checkout.p1', 1],
      ['checkout.p2', 2],
      ['checkout.p3', 3],
    ]);
    expect(rules[0]).toMatchObject({ scope: { module: 'checkout' }, kpiDrop: { percent: 30, windowMinutes: 1 } });
  });
  it('applies the tier shift and leaves out bands past the last level (non-core low: P1 → P3, P2 → P4)', () => {
    const rules = templateDraftRules(history, config);
    expect(rules.map((r) => [r.id, r.level])).toEqual([
      ['history.p1', 3],
      ['history.p2', 4],
    ]);
    expect(rules[0]!.description).toContain('tier shift +2');
  });
});

describe('ruleInWords and the approval mail', () => {
  const rule = {
    id: 'c',
    sequence: 'P',
    level: 2,
    kind: 'business',
    scope: { module: 'checkout' },
    alert: { matchers: ['severity="critical"'] },
  };
  it('says what a rule does, and shows an invalid rule as JSON', () => {
    expect(ruleInWords(rule)).toBe('c: P2 (business, module checkout) when a firing alert matches severity="critical"');
    expect(ruleInWords({ id: 'x' })).toContain('(invalid rule)');
  });
  it('names the version, the module, who approved, and lists the rules', () => {
    const at = new Date('2026-11-21T10:00:00Z');
    const mail = approvalMail(
      checkout,
      { version: 3, rules: [rule], author: 'dev', note: 'tighter' },
      { by: 'owner', at, reason: 'fine', replaced: 2 },
    );
    expect(mail.subject).toBe('[Faultline] Level rules v3 approved for checkout');
    expect(mail.text).toContain('approved by owner at 2026-11-21T10:00:00.000Z');
    expect(mail.text).toContain('replaces version 2');
    expect(mail.text).toContain('- c: P2 (business, module checkout)');
    expect(mail.text).toContain('Note: tighter');
    expect(mail.text).toContain('Reason of the approval: fine');
  });
});
