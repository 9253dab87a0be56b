/**
 * Versioned level rules (DESIGN §4, seed 000: "the technical owner must approve them"): a draft made from
 * the template and edited, lint that refuses errors and accepts warnings, submission, approval only by the
 * module's technical owner (an admin for a module without one, never their own version), the approved
 * version grading at once and superseding the previous one, the owning team and the owner told by email,
 * rejection with a reason, and drafts and pending versions never grading.
 *
 * Config: the quickstart, with `owner: owner@example.com` on module checkout. Its config rule
 * `checkout-critical` makes a critical alert named Checkout* P1 on checkout; `critical-alert` makes any
 * critical alert P2 and `warning-alert` any warning P3.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  ApiError,
  IncidentDetail,
  IncidentList,
  LevelRuleVersion,
  ModuleLevelRules,
  ModuleView,
  RuleProblem,
} from '@faultline/contracts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { QUICKSTART_CONFIG } from '../../apps/server/src/config/env.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const OWNER = 'owner@example.com';
/** The owner's token carries their email in other case: owners compare case-insensitively. */
const OWNER_LOGIN = 'Owner@Example.com';
const DEV = 'dev@example.com';
const PAYMENTS_MEMBER = 'oncall@example.com'; // the payments team owns checkout's services
const quickstart = readFileSync(QUICKSTART_CONFIG, 'utf8');
const withOwner = quickstart.replace(
  '          tier: core\n          volume: high\n',
  `          tier: core\n          volume: high\n          owner: ${OWNER}\n`,
);

const CHECKOUT = '/api/v1/modules/checkout/level-rules';
const checkoutCritical = (level: number) => ({
  id: 'checkout-critical-alert',
  sequence: 'P',
  level,
  kind: 'business',
  description: `A critical checkout alert is P${level}`,
  alert: { matchers: ['alertname=~"Checkout.*"', 'severity="critical"'] },
});
/** Lint warns (the matchers contradict each other) but accepts it. */
const neverMatches = {
  id: 'checkout-contradiction',
  sequence: 'P',
  level: 2,
  kind: 'business',
  alert: { matchers: ['severity="critical"', 'severity="warning"'] },
};
const draftOnly = {
  id: 'draft-only',
  sequence: 'P',
  level: 1,
  kind: 'business',
  alert: { matchers: ['alertname=~"DraftOnly.*"'] },
};

describe('level rule versions: draft, lint, submit, owner approval, grading, notices, rejection', () => {
  const clock = new FakeClock('2026-11-21T10:00:00Z');
  const email = recordingProvider();
  let s: TestServer;
  let ownerToken: string;
  let devToken: string;

  const as =
    (token: string) =>
    (path: string, method = 'GET', body?: unknown) =>
      fetch(`${s.url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
  const admin = (path: string, method = 'GET', body?: unknown) => as('test-admin-token-0123456789')(path, method, body);
  const owner = (path: string, method = 'GET', body?: unknown) => as(ownerToken)(path, method, body);
  const dev = (path: string, method = 'GET', body?: unknown) => as(devToken)(path, method, body);
  const rulesOf = async (module = 'checkout') =>
    (await (await admin(`/api/v1/modules/${module}/level-rules`)).json()) as ModuleLevelRules;
  /** Fires one alert on checkout-api (each test alert has its own alertname, so its own incident); its P level. */
  const levelOf = async (alertname: string, severity: string, fp: string): Promise<string> => {
    clock.advance(60_000);
    const res = await s.post('/api/v1/intake/alertmanager/quickstart', {
      version: '4',
      status: 'firing',
      alerts: [
        {
          status: 'firing',
          labels: { alertname, severity, service: 'checkout-api' },
          annotations: { summary: `${alertname} ${fp}` },
          startsAt: clock.now().toISOString(),
          fingerprint: fp,
        },
      ],
    });
    expect(res.status).toBe(202);
    await s.engine!.drain();
    const list = (await (await admin('/api/v1/incidents?status=all')).json()) as IncidentList;
    const inc = list.incidents.find((i) => i.title === `${alertname} ${fp}`)!;
    const d = (await (await admin(`/api/v1/incidents/${inc.id}`)).json()) as IncidentDetail;
    return d.levels.P ?? 'none';
  };

  beforeAll(async () => {
    s = await startTestServer({ clock, providers: { email }, engineLoop: false, configYaml: withOwner });
  });
  afterAll(() => s.dispose());

  it('an admin creates tokens for people; others may not, and no listing shows a secret', async () => {
    const res = await admin('/api/v1/tokens', 'POST', { name: OWNER_LOGIN, role: 'responder' });
    expect(res.status).toBe(201);
    const created = (await res.json()) as { id: number; token: string; name: string; role: string };
    expect(created).toMatchObject({ name: OWNER_LOGIN, role: 'responder' });
    ownerToken = created.token;
    devToken = (
      (await (await admin('/api/v1/tokens', 'POST', { name: DEV, role: 'responder' })).json()) as { token: string }
    ).token;

    expect((await owner('/api/v1/tokens', 'POST', { name: 'x@example.com', role: 'admin' })).status).toBe(403);
    expect((await owner('/api/v1/tokens')).status).toBe(403);
    expect((await admin('/api/v1/tokens', 'POST', { name: 'x@example.com', role: 'root' })).status).toBe(400);

    const listed = await (await admin('/api/v1/tokens')).text();
    expect(listed).not.toContain(ownerToken);
    expect(JSON.parse(listed).tokens.map((t: { name: string }) => t.name)).toEqual(['admin', OWNER_LOGIN, DEV]);

    // A revoked token stops working at once.
    const temp = (await (
      await admin('/api/v1/tokens', 'POST', { name: 'temp@example.com', role: 'viewer' })
    ).json()) as { id: number; token: string };
    expect((await as(temp.token)('/api/v1/modules')).status).toBe(200);
    const revoked = await admin(`/api/v1/tokens/${temp.id}`, 'DELETE');
    expect(revoked.status).toBe(200);
    expect(await revoked.json()).toMatchObject({ name: 'temp@example.com', revoked: true });
    expect((await as(temp.token)('/api/v1/modules')).status).toBe(401);
    expect((await admin('/api/v1/tokens/999999', 'DELETE')).status).toBe(404);
  });

  it('lists modules with their owner, and shows the config and template rules in effect', async () => {
    const { modules } = (await (await dev('/api/v1/modules')).json()) as { modules: ModuleView[] };
    // Lists are in id order (stable cursor paging, docs/api.md).
    expect(modules.map((m) => m.id)).toEqual(['checkout', 'order-history', 'promotions']);
    expect(modules[0]).toMatchObject({
      owner: OWNER,
      tier: 'core',
      volume: 'high',
      activeVersion: null,
      services: ['checkout-api', 'payments-db'],
    });
    expect(modules[1]!.owner).toBeNull();

    const r = await rulesOf();
    expect(r.effectiveSource).toBe('config');
    expect(r.versions).toEqual([]);
    const ids = r.effective.map((x) => x.id);
    expect(ids).toEqual(
      expect.arrayContaining(['checkout-critical', 'template.checkout.p1', 'critical-alert', 'warning-alert']),
    );
    expect((await admin('/api/v1/modules/nope/level-rules')).status).toBe(404);
  });

  it('the template makes a draft (version 1); rules are scoped to the module and have no reserved ids', async () => {
    const res = await dev(`${CHECKOUT}/template`, 'POST');
    expect(res.status).toBe(200);
    const { version } = (await res.json()) as { version: LevelRuleVersion; problems: RuleProblem[] };
    expect(version).toMatchObject({ module: 'checkout', version: 1, status: 'draft', author: DEV });
    expect(version.rules.map((x) => x.id)).toEqual(['checkout.p1', 'checkout.p2', 'checkout.p3']);
    expect(version.rules[0]).toMatchObject({
      level: 1,
      scope: { module: 'checkout' },
      kpiDrop: { percent: 30, windowMinutes: 1 },
    });
    // Again: the same draft, not a second one.
    const again = (await (await dev(`${CHECKOUT}/template`, 'POST')).json()) as { version: LevelRuleVersion };
    expect(again.version.version).toBe(1);
    expect((await rulesOf()).versions).toHaveLength(1);
  });

  it('rules with lint errors are refused naming the field; lint alone writes nothing; warnings are accepted', async () => {
    const bad = { ...checkoutCritical(1), sequence: 'X' };
    const refused = await dev(`${CHECKOUT}/draft`, 'PUT', { rules: [bad] });
    expect(refused.status).toBe(400);
    const err = (await refused.json()) as ApiError;
    expect(err.error.code).toBe('VALIDATION');
    expect(err.error.fields!.map((f) => f.path)).toContain('rules.0.sequence');
    expect((await rulesOf()).versions[0]!.rules.map((x) => x.id)).toEqual([
      'checkout.p1',
      'checkout.p2',
      'checkout.p3',
    ]);

    const linted = await dev(`${CHECKOUT}/lint`, 'POST', { rules: [bad, neverMatches] });
    expect(linted.status).toBe(200);
    const { problems } = (await linted.json()) as { problems: RuleProblem[] };
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'rules.0.sequence', severity: 'error' }),
        expect.objectContaining({ path: 'rules.1.alert.matchers', severity: 'warning' }),
      ]),
    );
    expect((await rulesOf()).versions[0]!.rules).toHaveLength(3);

    const accepted = await dev(`${CHECKOUT}/draft`, 'PUT', {
      rules: [checkoutCritical(1), neverMatches],
      note: 'checkout alerts by name',
    });
    expect(accepted.status).toBe(200);
    const d = (await accepted.json()) as { version: LevelRuleVersion; problems: RuleProblem[] };
    expect(d.version).toMatchObject({ version: 1, status: 'draft', note: 'checkout alerts by name' });
    expect(d.version.rules[0]).toMatchObject({ id: 'checkout-critical-alert', scope: { module: 'checkout' } });
    expect(d.problems.length).toBeGreaterThan(0);
    expect(d.problems.every((p) => p.severity === 'warning')).toBe(true);
  });

  it('approval needs a pending version, and only the technical owner may give it', async () => {
    expect((await owner(`${CHECKOUT}/versions/1/approve`, 'POST')).status).toBe(412); // still a draft (no body: no reason)
    const submitted = await dev(`${CHECKOUT}/draft/submit`, 'POST');
    expect(submitted.status).toBe(200);
    expect(await submitted.json()).toMatchObject({ version: 1, status: 'pending' });
    expect((await dev(`${CHECKOUT}/draft/submit`, 'POST')).status).toBe(412); // no draft left

    for (const who of [dev, admin]) {
      const res = await who(`${CHECKOUT}/versions/1/approve`, 'POST', {});
      expect(res.status).toBe(403);
      expect(((await res.json()) as ApiError).error.message).toContain(OWNER);
    }
    expect((await rulesOf()).effectiveSource).toBe('config');
    expect((await owner(`${CHECKOUT}/versions/9/approve`, 'POST', {})).status).toBe(404);

    // The owner was told that a version awaits their decision.
    await s.engine!.drain();
    expect(email.notices.filter((n) => n.recipient === OWNER).map((n) => n.message.subject)).toEqual([
      '[Faultline] Level rules v1 for checkout await your approval',
    ]);
  });

  let p1Before: string;
  it('the owner approves (the email comparison ignores case): the version grades at once', async () => {
    const res = await owner(`${CHECKOUT}/versions/1/approve`, 'POST', { reason: 'matches our runbook' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      version: 1,
      status: 'approved',
      decidedBy: OWNER_LOGIN,
      decisionReason: 'matches our runbook',
    });

    const r = await rulesOf();
    expect(r.module.activeVersion).toBe(1);
    expect(r.effectiveSource).toBe('version');
    const ids = r.effective.map((x) => x.id);
    expect(ids).toContain('checkout-critical-alert');
    expect(ids).not.toContain('checkout-critical'); // the config rule scoped to checkout is replaced
    expect(ids).not.toContain('template.checkout.p1'); // and so is the template
    expect(ids).toEqual(expect.arrayContaining(['critical-alert', 'warning-alert'])); // shared rules stay
    expect(r.problems.some((p) => p.path === 'effective.1.alert.matchers' && p.severity === 'warning')).toBe(true);

    p1Before = await levelOf('CheckoutFailures', 'critical', 'v1');
    expect(p1Before).toBe('P1');
  });

  it('a second approval supersedes the first, and an alert the new rules grade differently gets the new level', async () => {
    const draft = await dev(`${CHECKOUT}/draft`, 'PUT', { rules: [checkoutCritical(2)], note: 'P1 only by KPI drop' });
    expect(draft.status).toBe(200);
    expect(((await draft.json()) as { version: LevelRuleVersion }).version.version).toBe(2);
    expect((await dev(`${CHECKOUT}/draft/submit`, 'POST')).status).toBe(200);
    // Pending versions never grade.
    expect(await levelOf('CheckoutTimeouts', 'critical', 'v2-pending')).toBe('P1');

    const res = await owner(`${CHECKOUT}/versions/2/approve`, 'POST');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ version: 2, status: 'approved', decisionReason: null });

    const r = await rulesOf();
    expect(r.module.activeVersion).toBe(2);
    expect(r.versions.map((v) => [v.version, v.status])).toEqual([
      [2, 'approved'],
      [1, 'superseded'],
    ]);
    expect(r.versions[1]).toMatchObject({ author: DEV, decidedBy: OWNER_LOGIN, note: 'checkout alerts by name' });
    expect(r.versions[0]!.submittedAt).not.toBeNull();
    expect(r.versions[0]!.decidedAt).not.toBeNull();

    expect(await levelOf('CheckoutErrors', 'critical', 'v2')).toBe('P2');
    // Superseded versions cannot come back by approval.
    expect((await owner(`${CHECKOUT}/versions/1/approve`, 'POST', {})).status).toBe(412);
  });

  it('each approval emails the owning team and the owner, once each, with the rules in words', async () => {
    await s.engine!.drain();
    const approvals = email.notices.filter((n) => n.message.subject.includes('approved'));
    expect(approvals.map((n) => [n.recipient, n.message.subject])).toEqual([
      [PAYMENTS_MEMBER, '[Faultline] Level rules v1 approved for checkout'],
      [OWNER, '[Faultline] Level rules v1 approved for checkout'],
      [PAYMENTS_MEMBER, '[Faultline] Level rules v2 approved for checkout'],
      [OWNER, '[Faultline] Level rules v2 approved for checkout'],
    ]);
    const v2 = approvals[2]!.message.text;
    expect(v2).toContain(`approved by ${OWNER_LOGIN}`);
    expect(v2).toContain('replaces version 1');
    expect(v2).toContain(
      'checkout-critical-alert: P2 (business, module checkout) when a firing alert matches alertname=~"Checkout.*", severity="critical"',
    );
  });

  it('drafts never grade; a rejection needs a reason and the owner; the active version stays', async () => {
    expect((await dev(`${CHECKOUT}/draft`, 'PUT', { rules: [checkoutCritical(2), draftOnly] })).status).toBe(200);
    expect(await levelOf('DraftOnlyA', 'warning', 'draft')).toBe('P3');
    expect((await dev(`${CHECKOUT}/draft/submit`, 'POST')).status).toBe(200);
    expect(await levelOf('DraftOnlyB', 'warning', 'pending')).toBe('P3');

    expect((await owner(`${CHECKOUT}/versions/3/reject`, 'POST', {})).status).toBe(400);
    expect((await dev(`${CHECKOUT}/versions/3/reject`, 'POST', { reason: 'no' })).status).toBe(403);
    const res = await owner(`${CHECKOUT}/versions/3/reject`, 'POST', { reason: 'DraftOnly is not a real alert' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      version: 3,
      status: 'rejected',
      decidedBy: OWNER_LOGIN,
      decisionReason: 'DraftOnly is not a real alert',
    });
    expect((await owner(`${CHECKOUT}/versions/3/approve`, 'POST', {})).status).toBe(412);

    const r = await rulesOf();
    expect(r.module.activeVersion).toBe(2);
    expect(r.versions.map((v) => v.status)).toEqual(['rejected', 'approved', 'superseded']);
    expect(await levelOf('DraftOnlyC', 'warning', 'rejected')).toBe('P3');
  });

  it('a module without an owner is decided by an admin who did not write the version', async () => {
    const P = '/api/v1/modules/promotions/level-rules';
    expect((await dev(`${P}/template`, 'POST')).status).toBe(200);
    expect((await dev(`${P}/draft/submit`, 'POST')).status).toBe(200);
    const notAdmin = await owner(`${P}/versions/1/approve`, 'POST', {});
    expect(notAdmin.status).toBe(403);
    expect(((await notAdmin.json()) as ApiError).error.message).toContain('no technical owner');
    expect((await admin(`${P}/versions/1/approve`, 'POST', {})).status).toBe(200);
    const promo = await rulesOf('promotions');
    // Sub-core: the template bands are stored at the level they grade promotions (one lower).
    expect(promo.versions[0]!.rules.map((x) => [x.id, x.level])).toEqual([
      ['promotions.p1', 2],
      ['promotions.p2', 3],
      ['promotions.p3', 4],
    ]);

    const O = '/api/v1/modules/order-history/level-rules';
    expect((await admin(`${O}/template`, 'POST')).status).toBe(200);
    expect((await admin(`${O}/draft/submit`, 'POST')).status).toBe(200);
    const own = await admin(`${O}/versions/1/approve`, 'POST', {});
    expect(own.status).toBe(403);
    expect(((await own.json()) as ApiError).error.message).toContain('another admin');
  });
});
