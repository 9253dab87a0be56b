/**
 * `faultline levels …`: a module's level rules from the terminal: show what grades it and its versions,
 * draft (from the template or a YAML file), lint, submit, and, for the technical owner, approve or reject.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parse as parseYaml } from 'yaml';
import type { LevelRuleVersion, ModuleLevelRules, ModuleView, RuleProblem } from '@faultline/contracts';
import { ruleInWords } from '../levels/index.ts';
import { call, callAll, withServer, type ClientOptions } from './client.ts';

const out = (text: string) => process.stdout.write(`${text}\n`);
const fail = (text: string): never => {
  process.stderr.write(`${text}\n`);
  process.exit(1);
};
const enc = encodeURIComponent;

interface DraftResult {
  version: LevelRuleVersion;
  problems: RuleProblem[];
}

function printProblems(problems: readonly RuleProblem[]): void {
  for (const p of problems)
    out(`  ${p.severity === 'error' ? 'error  ' : 'warning'} ${p.path || '(rules)'}: ${p.message}`);
}

function printDecision(v: LevelRuleVersion): void {
  const effect = v.status === 'approved' ? '; it grades from now on' : '';
  out(`${v.module} v${v.version} ${v.status} by ${v.decidedBy ?? v.author}${effect}`);
  if (v.decisionReason) out(`  reason: ${v.decisionReason}`);
}

function printDraft(r: DraftResult): void {
  out(
    `${r.version.module} v${r.version.version} saved as draft by ${r.version.author}${r.version.note ? ` (${r.version.note})` : ''}`,
  );
  for (const rule of r.version.rules) out(`  - ${ruleInWords(rule)}`);
  if (r.problems.length) {
    out('warnings:');
    printProblems(r.problems);
  }
  out(`submit it for approval with: faultline levels submit ${r.version.module}`);
}

const date = (iso: string | null) => (iso ? iso.slice(0, 16).replace('T', ' ') : '');

/** Rules of a YAML file: a list of rules, or a mapping with `rules:` (and optionally `note:`). */
export function readRulesFile(text: string): { rules: unknown[]; note?: string } {
  const doc: unknown = parseYaml(text);
  if (Array.isArray(doc)) return { rules: doc };
  if (doc && typeof doc === 'object' && Array.isArray((doc as { rules?: unknown }).rules)) {
    const d = doc as { rules: unknown[]; note?: unknown };
    return { rules: d.rules, ...(typeof d.note === 'string' ? { note: d.note } : {}) };
  }
  throw new Error('the file must hold a YAML list of level rules (or a mapping with a "rules:" list)');
}

export function registerLevelsCommands(program: Command): void {
  const levels = program.command('levels').description("modules' level rules: versions, drafts and approval");

  withServer(levels.command('list').description('modules, their technical owner and active version')).action(
    async (o: ClientOptions) => {
      const modules = await callAll<ModuleView>(o, '/api/v1/modules', 'modules');
      for (const m of modules) {
        out(
          `${m.id.padEnd(20)} ${m.tier.padEnd(9)} ${m.volume.padEnd(9)} owner ${(m.owner ?? '(none)').padEnd(26)} ${m.activeVersion ? `v${m.activeVersion}` : 'config'}`,
        );
      }
    },
  );

  withServer(
    levels
      .command('show')
      .argument('<module>', 'module id')
      .description('the rules that grade a module now, its versions and problems'),
  ).action(async (moduleId: string, o: ClientOptions) => {
    const r = await call<ModuleLevelRules>(o, 'GET', `/api/v1/modules/${enc(moduleId)}/level-rules`);
    const m = r.module;
    out(`${m.name} (${m.id}): ${m.tier}, ${m.volume} volume, business line ${m.businessLine}`);
    out(`technical owner: ${m.owner ?? '(none: an admin approves)'}`);
    out(
      `rules in effect (${r.effectiveSource === 'version' ? `approved version ${m.activeVersion}` : 'config and template'}):`,
    );
    for (const rule of r.effective) out(`  - ${ruleInWords(rule)}`);
    if (r.effective.length === 0) out('  (none)');
    out('versions:');
    if (r.versions.length === 0) out('  (none)');
    for (const v of r.versions) {
      const decided = v.decidedBy
        ? `${v.status === 'rejected' ? 'rejected' : 'approved'} by ${v.decidedBy} ${date(v.decidedAt)}`
        : '';
      out(
        `  v${String(v.version).padEnd(4)} ${v.status.padEnd(10)} by ${v.author} ${date(v.createdAt)}` +
          `${v.submittedAt ? `, submitted ${date(v.submittedAt)}` : ''}${decided ? `, ${decided}` : ''}`,
      );
      if (v.note) out(`         note: ${v.note}`);
      if (v.decisionReason) out(`         reason: ${v.decisionReason}`);
    }
    if (r.problems.length) {
      out('problems:');
      printProblems(r.problems);
    }
  });

  withServer(
    levels
      .command('template')
      .argument('<module>', 'module id')
      .description("draft the module's rules from the fault-level template"),
  ).action(async (moduleId: string, o: ClientOptions) => {
    printDraft(await call<DraftResult>(o, 'POST', `/api/v1/modules/${enc(moduleId)}/level-rules/template`));
  });

  withServer(
    levels
      .command('draft')
      .argument('<module>', 'module id')
      .description("set the module's draft rules from a YAML file (refused when they have lint errors)")
      .requiredOption('--file <file>', 'YAML list of level rules (as under levels.rules in the config)')
      .option('--note <text>', 'what changes and why'),
  ).action(async (moduleId: string, o: ClientOptions & { file: string; note?: string }) => {
    let body: { rules: unknown[]; note?: string };
    try {
      body = readRulesFile(readFileSync(o.file, 'utf8'));
    } catch (e) {
      return fail(`${o.file}: ${(e as Error).message}`);
    }
    if (o.note) body.note = o.note;
    printDraft(await call<DraftResult>(o, 'PUT', `/api/v1/modules/${enc(moduleId)}/level-rules/draft`, body));
  });

  withServer(
    levels
      .command('lint')
      .argument('<module>', 'module id')
      .description('lint rules of a YAML file for a module; writes nothing (exit 1 on errors)')
      .requiredOption('--file <file>', 'YAML list of level rules'),
  ).action(async (moduleId: string, o: ClientOptions & { file: string }) => {
    let body: { rules: unknown[] };
    try {
      body = readRulesFile(readFileSync(o.file, 'utf8'));
    } catch (e) {
      return fail(`${o.file}: ${(e as Error).message}`);
    }
    const { problems } = await call<{ problems: RuleProblem[] }>(
      o,
      'POST',
      `/api/v1/modules/${enc(moduleId)}/level-rules/lint`,
      { rules: body.rules },
    );
    if (problems.length === 0) out('no problems');
    printProblems(problems);
    if (problems.some((p) => p.severity === 'error')) process.exit(1);
  });

  withServer(
    levels
      .command('submit')
      .argument('<module>', 'module id')
      .description("submit the module's draft for the technical owner's approval"),
  ).action(async (moduleId: string, o: ClientOptions) => {
    const v = await call<LevelRuleVersion>(o, 'POST', `/api/v1/modules/${enc(moduleId)}/level-rules/draft/submit`);
    out(`${v.module} v${v.version} submitted; it grades nothing until the technical owner approves it`);
  });

  withServer(
    levels
      .command('approve')
      .argument('<module>', 'module id')
      .argument('<version>', 'version number')
      .description('approve a pending version (technical owner): it grades from now on')
      .option('--reason <text>', 'why'),
  ).action(async (moduleId: string, version: string, o: ClientOptions & { reason?: string }) => {
    const v = await call<LevelRuleVersion>(
      o,
      'POST',
      `/api/v1/modules/${enc(moduleId)}/level-rules/versions/${enc(version)}/approve`,
      o.reason ? { reason: o.reason } : {},
    );
    printDecision(v);
  });

  withServer(
    levels
      .command('reject')
      .argument('<module>', 'module id')
      .argument('<version>', 'version number')
      .description('reject a pending version (technical owner)')
      .requiredOption('--reason <text>', 'why'),
  ).action(async (moduleId: string, version: string, o: ClientOptions & { reason: string }) => {
    const v = await call<LevelRuleVersion>(
      o,
      'POST',
      `/api/v1/modules/${enc(moduleId)}/level-rules/versions/${enc(version)}/reject`,
      { reason: o.reason },
    );
    printDecision(v);
  });
}
