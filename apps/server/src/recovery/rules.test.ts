import { describe, expect, it } from 'vitest';
import { ChangeRollbackConfig, PlaybookConfig, type PlaybookStepConfig } from './config.ts';
import {
  changeRollbackPlaybook,
  approvalCapacity,
  approvalRefusal,
  configuredApprovers,
  type ApprovalAuthority,
  type Approver,
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
});

describe('who may approve', () => {
  const authority = (over: Partial<ApprovalAuthority> = {}): ApprovalAuthority => ({
    coordinator: 'cy@example.com',
    approvers: [],
    ...over,
  });
  const person = (id: string, override = false): Approver => ({ id, override });

  it('the requester cannot approve (even as coordinator), nor anyone twice', () => {
    expect(approvalRefusal(person('cy@example.com'), 'CY@example.com', [], authority())).toBe(
      'the person who asked for the step cannot approve it',
    );
    expect(approvalRefusal(person('cy@example.com'), 'ana@example.com', [{ by: 'Cy@example.com' }], authority())).toBe(
      'cy@example.com has already approved this step',
    );
  });
  it('the coordinator approves; a responder who holds no authority does not', () => {
    expect(approvalRefusal(person('cy@example.com'), 'ana@example.com', [], authority())).toBeNull();
    expect(approvalCapacity(person('cy@example.com'), authority())).toBe('coordinator');
    expect(approvalRefusal(person('bo@example.com'), 'ana@example.com', [], authority())).toBe(
      'only the coordinator (cy@example.com), a team manager or an admin may approve this step',
    );
  });
  it('with nobody holding the coordinator role, only listed approvers, managers and admins approve', () => {
    const a = authority({ coordinator: null, approvers: ['lead@example.com'] });
    expect(approvalRefusal(person('cy@example.com'), 'ana@example.com', [], a)).toBe(
      'only the coordinator (nobody holds the role), lead@example.com, a team manager or an admin may approve this step',
    );
    expect(approvalCapacity(person('lead@example.com'), a)).toBe('approver');
    expect(approvalCapacity(person('admin', true), a)).toBe('override');
  });
  it('the coordinator capacity wins over the others when a person has several', () => {
    expect(approvalCapacity(person('cy@example.com', true), authority({ approvers: ['cy@example.com'] }))).toBe(
      'coordinator',
    );
    expect(approvalCapacity(person('lead@example.com', true), authority({ approvers: ['lead@example.com'] }))).toBe(
      'approver',
    );
  });
  it("a step's approvers replace its playbook's; none given: the playbook's", () => {
    const p = PlaybookConfig.parse({
      id: 'pb',
      approvers: ['Lead@Example.com', 'leadership'],
      steps: [
        { id: 'a', method: 'cutover', guidance: 'g' },
        { id: 'b', method: 'cutover', guidance: 'g', approvers: ['dr@example.com'] },
      ],
    });
    expect(configuredApprovers(p, p.steps[0]!)).toEqual(['lead@example.com', 'leadership']);
    expect(configuredApprovers(p, p.steps[1]!)).toEqual(['dr@example.com']);
  });
});

describe('rolling back a suspect change from its source', () => {
  const auto = { url: 'https://deploy.example/rollback', secret: '0123456789abcdef' };
  const entries = [
    ChangeRollbackConfig.parse({ source: 'webhook', key: 'ci-0001', automation: auto }),
    ChangeRollbackConfig.parse({
      source: 'cli',
      services: ['payments-db'],
      guidance: 'cli rollback',
      automation: auto,
    }),
  ];
  const change = (over: Partial<Parameters<typeof changeRollbackPlaybook>[1] & object> = {}) => ({
    id: 7,
    summary: 'payments-db v5',
    source: 'cli',
    sourceKey: null,
    services: ['payments-db'],
    ...over,
  });
  it('offers one rollback step with the first entry that fits the source, key and services', () => {
    const p = changeRollbackPlaybook(entries, change())!;
    expect(p).toMatchObject({ id: 'change-rollback', name: 'Roll back change #7: payments-db v5' });
    expect(p.steps).toEqual([
      expect.objectContaining({ id: 'rollback', method: 'rollback', guidance: 'cli rollback', target: 'payments-db' }),
    ]);
    expect(p.steps[0]!.automation).toMatchObject({ url: auto.url, timeoutMs: 10_000 });
  });
  it('nothing without a change, or when no entry fits', () => {
    expect(changeRollbackPlaybook(entries, null)).toBeNull();
    expect(changeRollbackPlaybook(entries, change({ services: ['checkout-api'] }))).toBeNull();
    expect(changeRollbackPlaybook(entries, change({ source: 'webhook', sourceKey: 'other-key' }))).toBeNull();
    expect(changeRollbackPlaybook(entries, change({ source: 'webhook', sourceKey: 'ci-0001' }))).not.toBeNull();
    expect(changeRollbackPlaybook(entries, change({ source: 'api' }))).toBeNull();
  });
});
