import { describe, expect, it } from 'vitest';
import { PlaybookConfig, type PlaybookStepConfig } from './config.ts';
import {
  approvalRefusal,
  approvalsNeeded,
  matchPlaybooks,
  playbookMatches,
  stepTargets,
  type MatchIncident,
} from './rules.ts';

const incident = (over: Partial<MatchIncident> = {}): MatchIncident => ({
  service: 'checkout-api',
  module: 'checkout',
  levels: { P: 1 },
  labels: { region: ['eu-west-1'], alertname: ['CheckoutErrors'] },
  ...over,
});
const playbook = (match: Record<string, unknown>, id = 'pb') =>
  PlaybookConfig.parse({ id, match, steps: [{ id: 's', method: 'restart', guidance: 'restart it' }] });
const step = (over: Partial<PlaybookStepConfig>): PlaybookStepConfig => ({
  id: 's',
  method: 'restart',
  guidance: 'g',
  target: 'self',
  automation: { url: 'http://x.example/', secret: '0123456789abcdef', timeoutMs: 1000 },
  ...over,
});

describe('playbook matching', () => {
  it('no condition matches every incident', () => {
    expect(playbookMatches(playbook({}), incident({ service: null, module: null, levels: {} }))).toBe(true);
  });
  it('each condition alone can refuse', () => {
    expect(playbookMatches(playbook({ services: ['payments-db'] }), incident())).toBe(false);
    expect(playbookMatches(playbook({ services: ['checkout-api'] }), incident())).toBe(true);
    expect(playbookMatches(playbook({ services: ['checkout-api'] }), incident({ service: null }))).toBe(false);
    expect(playbookMatches(playbook({ modules: ['search'] }), incident())).toBe(false);
    expect(playbookMatches(playbook({ levels: ['P2', 'P3'] }), incident())).toBe(false);
    expect(playbookMatches(playbook({ levels: ['P1'] }), incident())).toBe(true);
    expect(playbookMatches(playbook({ levels: ['D1'] }), incident())).toBe(false);
    expect(playbookMatches(playbook({ labels: { region: 'us-east-1' } }), incident())).toBe(false);
    expect(playbookMatches(playbook({ labels: { region: 'eu-west-1' } }), incident())).toBe(true);
  });
  it('all conditions must hold; matches keep config order', () => {
    const both = playbook({ services: ['checkout-api'], levels: ['P2'] }, 'both');
    const a = playbook({ modules: ['checkout'] }, 'a');
    const b = playbook({}, 'b');
    expect(matchPlaybooks([b, both, a], incident()).map((p) => p.id)).toEqual(['b', 'a']);
  });
});

describe('step targets', () => {
  const deps: Record<string, string[]> = { 'checkout-api': ['payments-db'], 'order-history-api': ['payments-db'] };
  const dependsOn = (s: string) => deps[s] ?? [];
  const all = ['checkout-api', 'payments-db', 'order-history-api'];
  it('restart the faulty object, then its upstream, then its downstream', () => {
    expect(stepTargets('self', 'payments-db', dependsOn, all)).toEqual(['payments-db']);
    expect(stepTargets('upstream', 'checkout-api', dependsOn, all)).toEqual(['payments-db']);
    expect(stepTargets('downstream', 'payments-db', dependsOn, all)).toEqual(['checkout-api', 'order-history-api']);
    expect(stepTargets('search-api', 'payments-db', dependsOn, all)).toEqual(['search-api']);
    expect(stepTargets('upstream', null, dependsOn, all)).toEqual([]);
  });
});

describe('approval rules', () => {
  it('P1: one approval for an acting step; lower levels none', () => {
    expect(approvalsNeeded(step({}), { P: 1 })).toBe(1);
    expect(approvalsNeeded(step({}), { P: 2 })).toBe(0);
    expect(approvalsNeeded(step({}), {})).toBe(0);
  });
  it('a cut-over needs two approvers at any level; the step may say otherwise', () => {
    expect(approvalsNeeded(step({ method: 'cutover' }), { P: 3 })).toBe(2);
    expect(approvalsNeeded(step({ method: 'cutover', approvals: 3 }), { P: 3 })).toBe(3);
    expect(approvalsNeeded(step({ approvals: 0 }), { P: 1 })).toBe(0);
  });
  it('a step without automation is done by hand and needs no approval', () => {
    expect(approvalsNeeded(step({ automation: undefined, method: 'cutover' }), { P: 1 })).toBe(0);
  });
  it('the requester cannot approve, nor anyone twice', () => {
    expect(approvalRefusal('ana', 'ana', [])).toBe('the person who asked for the step cannot approve it');
    expect(approvalRefusal('bo', 'ana', [{ by: 'bo' }])).toBe('bo has already approved this step');
    expect(approvalRefusal('cy', 'ana', [{ by: 'bo' }])).toBeNull();
  });
});
