import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AppError } from '../lib/errors.ts';
import { compileInhibitionRule, inhibitionsOf, lintInhibitionRule, type InhibitionRuleDraft } from './inhibition.ts';

interface A {
  id: string;
  labels: Record<string, string>;
}
const alert = (id: string, labels: Record<string, string>): A => ({ id, labels });
const rule = (d: Partial<InhibitionRuleDraft> = {}, i = 0) =>
  compileInhibitionRule(
    {
      name: 'critical-mutes-warning',
      source_matchers: ['severity="critical"'],
      target_matchers: ['severity="warning"'],
      equal: ['cluster', 'alertname'],
      ...d,
    },
    i,
    `inhibitRules.${i}`,
  );
const ids = (list: ReturnType<typeof inhibitionsOf<A>>) =>
  list.map((x) => `${x.rule}:${x.sources.map((s) => s.id).join(',')}`);

describe('inhibitionsOf (Alertmanager semantics)', () => {
  const r = rule();
  const warnEu = alert('w-eu', { severity: 'warning', cluster: 'eu', alertname: 'Latency' });
  const critEu = alert('c-eu', { severity: 'critical', cluster: 'eu', alertname: 'Latency' });
  const critUs = alert('c-us', { severity: 'critical', cluster: 'us', alertname: 'Latency' });

  it('mutes a target when a firing source has equal values for every equal label', () => {
    expect(ids(inhibitionsOf(warnEu, [critEu, critUs, warnEu], [r]))).toEqual(['critical-mutes-warning:c-eu']);
    expect(inhibitionsOf(warnEu, [critUs], [r])).toEqual([]);
    expect(inhibitionsOf(critEu, [critEu, critUs], [r])).toEqual([]); // not a target
  });

  it('the both-sides trap: equal labels absent on both alerts count as equal', () => {
    const targetWithout = alert('t', { severity: 'warning', service: 'search' });
    const sourceWithout = alert('s', { severity: 'critical', service: 'payments' });
    expect(ids(inhibitionsOf(targetWithout, [sourceWithout], [r]))).toEqual(['critical-mutes-warning:s']);
    // …and an empty value is the same as a missing one
    const sourceEmpty = alert('s2', { severity: 'critical', cluster: '', alertname: '' });
    expect(ids(inhibitionsOf(targetWithout, [sourceEmpty], [r]))).toEqual(['critical-mutes-warning:s2']);
    // one side having the label breaks equality
    expect(inhibitionsOf(targetWithout, [alert('s3', { severity: 'critical', cluster: 'eu' })], [r])).toEqual([]);
  });

  it('an alert matching both sides is not inhibited by alerts matching both sides, itself included', () => {
    const both = rule({
      source_matchers: ['alertname="NodeDown"'],
      target_matchers: ['team="infra"'],
      equal: ['node'],
    });
    const a = alert('a', { alertname: 'NodeDown', team: 'infra', node: 'n1' });
    const b = alert('b', { alertname: 'NodeDown', team: 'infra', node: 'n1' });
    const sourceOnly = alert('c', { alertname: 'NodeDown', team: 'web', node: 'n1' });
    expect(inhibitionsOf(a, [a], [both])).toEqual([]); // not itself
    expect(inhibitionsOf(a, [a, b], [both])).toEqual([]); // not another two-sided alert
    expect(ids(inhibitionsOf(a, [a, b, sourceOnly], [both]))).toEqual(['critical-mutes-warning:c']);
    // a target matching only the target side may be inhibited by a two-sided alert
    const targetOnly = alert('d', { alertname: 'Other', team: 'infra', node: 'n1' });
    expect(ids(inhibitionsOf(targetOnly, [a], [both]))).toEqual(['critical-mutes-warning:a']);
  });

  it('lists each inhibiting rule with all its sources, in order', () => {
    const r2 = rule(
      { name: '', source_matchers: ['alertname="ClusterDown"'], target_matchers: ['cluster="eu"'], equal: ['cluster'] },
      1,
    );
    const down = alert('down', { alertname: 'ClusterDown', cluster: 'eu' });
    expect(ids(inhibitionsOf(warnEu, [critUs, critEu, down], [r, r2]))).toEqual([
      'critical-mutes-warning:c-eu',
      '#1:down',
    ]);
  });

  it('never lets an alert inhibit itself, whatever the rule (property)', () => {
    const label = fc.constantFrom('a', 'b', 'c');
    const value = fc.constantFrom('', 'x', 'y');
    const matcher = fc.tuple(label, fc.constantFrom('=', '!=', '=~', '!~'), value).map(([l, o, v]) => `${l}${o}"${v}"`);
    fc.assert(
      fc.property(
        fc.array(matcher, { maxLength: 2 }),
        fc.array(matcher, { maxLength: 2 }),
        fc.subarray(['a', 'b', 'c']),
        fc.dictionary(label, value),
        (src, tgt, equal, labels) => {
          const x = alert('x', labels);
          const rr = rule({ source_matchers: src, target_matchers: tgt, equal });
          expect(inhibitionsOf(x, [x], [rr])).toEqual([]);
          expect(inhibitionsOf(x, [alert('copy', { ...labels })], [rr])).toEqual([]); // an identical twin neither
        },
      ),
    );
  });
});

describe('compileInhibitionRule', () => {
  it('refuses bad matchers and equal labels with field paths', () => {
    let err: unknown;
    try {
      rule({ source_matchers: ['severity=~"(a"'], equal: ['cluster', 'cluster', ''] }, 3);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).fields?.map((f) => f.path)).toEqual([
      'inhibitRules.3.source_matchers.0',
      'inhibitRules.3.equal.1',
      'inhibitRules.3.equal.2',
    ]);
  });
});

describe('lintInhibitionRule', () => {
  const messages = (d: Partial<InhibitionRuleDraft>) =>
    lintInhibitionRule(rule(d), 'inhibitRules.0').map((w) => `${w.path}: ${w.message}`);

  it('warns about the both-sides trap when no equal label must have a value', () => {
    expect(messages({})).toEqual([
      expect.stringMatching(
        /^inhibitRules\.0\.equal: .*lack cluster, alertname on both sides count as equal.*cluster!=""/,
      ),
    ]);
  });

  it('is quiet when a matcher requires an equal label to have a value, on either side', () => {
    expect(messages({ source_matchers: ['severity="critical"', 'cluster!=""'] })).toEqual([]);
    expect(messages({ target_matchers: ['severity="warning"', 'alertname=~".+"'] })).toEqual([]);
  });

  it('warns about no equal labels, empty sides and sides that may overlap', () => {
    expect(messages({ equal: [], source_matchers: [], target_matchers: ['cluster!=""'] })).toEqual([
      expect.stringMatching(/^inhibitRules\.0\.equal: .*any firing source mutes every target/),
      expect.stringMatching(/^inhibitRules\.0\.source_matchers: .*every firing alert is a source/),
      expect.stringMatching(/^inhibitRules\.0: .*may match both/),
    ]);
    expect(
      messages({
        source_matchers: ['severity=~"critical|page"', 'cluster!=""'],
        target_matchers: ['severity=~"warning|page"'],
      }),
    ).toEqual([expect.stringMatching(/may match both/)]);
    expect(
      messages({
        source_matchers: ['severity=~"critical|page"', 'cluster!=""'],
        target_matchers: ['severity=~"warning|info"'],
      }),
    ).toEqual([]);
  });
});
