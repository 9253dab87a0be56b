import { describe, expect, it } from 'vitest';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkConfigText, formatProblems, loadConfigFile } from './load.ts';
import { type ConfigProblem } from '../kernel/config.ts';
import { buildCatalog } from '../catalog/catalog.ts';
import { compileRules } from '../levels/rules.ts';
import { grade } from '../levels/grade.ts';

const QUICKSTART = new URL('../../../../examples/quickstart.yaml', import.meta.url);
const NOW = new Date('2026-11-21T12:00:00Z');
const check = (text: string) => checkConfigText(text, NOW);
const load = (path: string) => loadConfigFile(path, NOW);

const MINIMAL = `version: 1
catalog:
  businessLines:
    - id: commerce
      modules:
        - id: checkout
          tier: core
          volume: high
          services:
            - id: checkout-api
              team: payments
teams:
  - id: payments
    members:
      - name: Alex
        email: oncall@example.com
    oncall: [oncall@example.com]
`;

const summary = (problems: ConfigProblem[]) =>
  problems.map((p) => `${p.line ?? '-'} ${p.path} ${p.severity}: ${p.message}`);

describe('examples/quickstart.yaml', () => {
  it('has no errors and no warnings', async () => {
    const { config, problems } = await load(QUICKSTART.pathname);
    expect(summary(problems)).toEqual([]);
    expect(config).not.toBeNull();
  });

  it('describes the quick-start world', async () => {
    const { config } = check(await readFile(QUICKSTART, 'utf8'));
    const catalog = buildCatalog(config!);
    expect(catalog.resolveService('checkout')).toMatchObject({
      id: 'checkout-api',
      tier: 'core',
      volume: 'high',
      dependsOn: ['payments-db'],
    });
    expect(catalog.team('payments')?.oncall).toEqual([
      { name: 'Alex Oncall', email: 'oncall@example.com', timeZone: 'Europe/Berlin' },
    ]);
    expect(config!.integrations.find((i) => i.key === 'quickstart')).toMatchObject({
      source: 'alertmanager',
      routeByLabel: 'service',
      fallbackService: 'checkout-api',
    });
    expect(config!.smtp?.url).toBe('smtp://127.0.0.1:2525');

    const rules = compileRules(config!, catalog);
    const on = (service: string, labels: Record<string, string>) =>
      grade({ alerts: [{ labels, status: 'firing' }], facts: {}, service: catalog.service(service)! }, rules);
    expect(on('checkout-api', { alertname: 'CheckoutFailing', severity: 'critical' }).levels).toEqual({ P: 1 });
    expect(on('checkout-api', { alertname: 'HighLatency', severity: 'critical' }).levels).toEqual({ P: 2 });
    expect(on('promotions-api', { alertname: 'HighLatency', severity: 'critical' }).levels).toEqual({ P: 3 });
    expect(on('order-history-api', { alertname: 'HighLatency', severity: 'warning' })).toMatchObject({
      levels: {},
      risk: true,
    });
  });
});

describe('checkConfigText', () => {
  it('accepts a minimal config and applies defaults', () => {
    const { config, problems } = check(MINIMAL);
    expect(problems).toEqual([]);
    expect(config?.levels.templates).toBe(true);
    expect(config?.levels.sequences.map((s) => s.id)).toEqual(['P', 'D', 'R', 'S']);
    expect(config?.teams[0]?.members[0]?.timeZone).toBe('UTC');
  });

  it('reports a YAML syntax error with its line and stops there', () => {
    const { config, problems } = check('version: 1\nteams:\n  - id: a\n    members: [x\n');
    expect(config).toBeNull();
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((p) => p.severity === 'error' && p.path === '' && typeof p.line === 'number')).toBe(true);
    expect(problems[0]!.line).toBeGreaterThanOrEqual(4);
  });

  it('reports a duplicate YAML key', () => {
    const { problems } = check('version: 1\nversion: 1\n');
    expect(summary(problems)).toEqual(['2  error: map keys must be unique']);
  });

  it('reports an empty file', () => {
    expect(summary(check('').problems)).toEqual(['1  error: the config is empty; it starts with `version: 1`']);
    expect(check('# nothing\n').config).toBeNull();
  });

  it('reports every schema issue with its path and line', () => {
    const text = MINIMAL.replace('volume: high', 'volume: huge')
      .replace('      - name: Alex\n', '      - nam: Alex\n')
      .replace('oncall: [oncall@example.com]', 'oncall: [oncall@example.com, not-an-email]');
    const { config, problems } = check(`${text}smtp:\n  url: http://x\n`);
    expect(config).toBeNull();
    expect(summary(problems)).toEqual([
      '8 catalog.businessLines.0.modules.0.volume error: invalid option: expected one of "high"|"medium"|"low"|"very-low"',
      '15 teams.0.members.0.name error: required (string)',
      '15 teams.0.members.0.nam error: unknown key "nam" (did you mean "name"?)',
      '17 teams.0.oncall.1 error: invalid email address',
      '19 smtp.url error: an smtp:// or smtps:// URL',
    ]);
  });

  it('names the missing key in the path', () => {
    const { problems } = check(MINIMAL.replace('              team: payments\n', ''));
    expect(problems.map((p) => [p.path, p.message, p.line])).toEqual([
      ['catalog.businessLines.0.modules.0.services.0.team', 'required (string)', 10],
    ]);
  });

  it('lists the allowed keys when an unknown key is not a near miss', () => {
    const { problems } = check(`${MINIMAL}colour: blue\n`);
    expect(problems[0]?.message).toBe(
      'unknown key "colour" (allowed here: version, catalog, teams, levels, convergence, silences, inhibitRules, maintenanceWindows, suppression, integrations, heartbeats, intake, prometheus, kpiWatches, schedules, escalationPolicies, paging, smtp, channels, notify, phoneRouting, response, postmortem, analytics, changeWebhooks, playbooks, changeRollbacks, statusPage, retention, outbound)',
    );
    expect(problems[0]?.line).toBe(18);
  });

  it('suggests keys inside refined objects and nested scopes', () => {
    const text =
      `${MINIMAL}levels:\n  rules:\n    - id: r\n      sequnce: P\n      sequence: P\n      level: 1\n` +
      `      scope: { modul: checkout }\n      alert: { matchers: ['a="b"'] }\n` +
      `integrations:\n  - key: abcdefgh\n    source: generic\n    service: checkout-api\n    fallback: checkout-api\n`;
    expect(summary(check(text).problems)).toEqual([
      '21 levels.rules.0.sequnce error: unknown key "sequnce" (did you mean "sequence"?)',
      '24 levels.rules.0.scope.modul error: unknown key "modul" (did you mean "module"?)',
      '30 integrations.0.fallback error: unknown key "fallback" (allowed here: key, name, source, service, routeByLabel, fallbackService, email, mapping)',
    ]);
  });

  it('reports a refinement on the object it is about', () => {
    const text = `${MINIMAL}levels:\n  rules:\n    - id: r\n      sequence: P\n      level: 1\n`;
    expect(summary(check(text).problems)).toEqual([
      '20 levels.rules.0 error: a rule has exactly one condition: alert, kpiDrop, facts or duration',
    ]);
  });

  it('runs lint after the schema and locates lint problems', () => {
    const text = MINIMAL.replace('oncall: [oncall@example.com]', 'oncall: [oncall@example.com, kim@example.com]');
    const { config, problems } = check(text);
    expect(config).toBeNull();
    expect(summary(problems)).toEqual([
      '17 teams.0.oncall.1 error: on-call "kim@example.com" is not a member of team "payments"; add them under members',
    ]);
  });

  it('returns the config when there are only warnings', () => {
    const { config, problems } = check(`${MINIMAL}  - id: idle\n`);
    expect(config).not.toBeNull();
    expect(problems.map((p) => p.severity)).toEqual(['warning', 'warning']);
    expect(problems.every((p) => p.line === 18)).toBe(true);
  });

  it('sorts problems by line', () => {
    const text = MINIMAL.replace('team: payments', 'team: nobody').replace(
      'oncall: [oncall@example.com]',
      'oncall: [x@example.com]',
    );
    const lines = check(text).problems.map((p) => p.line!);
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
  });
});

describe('loadConfigFile', () => {
  it('reads and checks a file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'faultline-config-'));
    const file = join(dir, 'ok.yaml');
    await writeFile(file, MINIMAL);
    expect((await load(file)).config?.version).toBe(1);
  });

  it('reports a missing file as one clear problem', async () => {
    const { config, problems } = await load('/nonexistent/faultline.yaml');
    expect(config).toBeNull();
    expect(problems).toEqual([
      {
        path: '',
        severity: 'error',
        message: expect.stringContaining('config file not found: /nonexistent/faultline.yaml'),
      },
    ]);
  });

  it('reports a directory', async () => {
    const { problems } = await load(tmpdir());
    expect(problems[0]?.message).toContain('is a directory');
  });
});

describe('formatProblems', () => {
  it('prints file:line path: severity: message, one per line', () => {
    const text = formatProblems(
      [
        { path: 'teams.0.oncall.1', message: 'not a member', severity: 'error', line: 12 },
        { path: 'teams.1', message: 'owns no service', severity: 'warning' },
        { path: '', message: 'config file not found', severity: 'error' },
      ],
      'quickstart.yaml',
    );
    expect(text.split('\n')).toEqual([
      'quickstart.yaml:12 teams.0.oncall.1: error: not a member',
      'quickstart.yaml teams.1: warning: owns no service',
      'quickstart.yaml: error: config file not found',
    ]);
    expect(formatProblems([], 'x.yaml')).toBe('');
  });
});
