/**
 * The playbooks as the console's Playbooks page shows them, and the editor's check (docs/recovery.md
 * "Playbooks in the console"): a playbook written as YAML is parsed with the config's own schema and linted
 * against the catalog, with every problem at its field path, before it goes into the config file.
 */
import { parse, stringify, YAMLParseError } from 'yaml';
import type { PlaybookCheck, PlaybookList, PlaybookSummary } from '@faultline/contracts';
import { authorizeCtx as authorize, type Verb } from '../kernel/index.ts';
import { fieldsFromZod } from '../lib/index.ts';
import { PlaybookConfig } from './config.ts';
import { lintRecovery } from './lint.ts';
import { approvalsNeeded } from './rules.ts';

/** A playbook for people: the automation's secret is never shown. */
export function playbookSummary(p: PlaybookConfig): PlaybookSummary {
  return {
    id: p.id,
    name: p.name ?? p.id,
    match: p.match,
    approvers: p.approvers,
    steps: p.steps.map((s) => ({
      id: s.id,
      method: s.method,
      guidance: s.guidance,
      target: s.target,
      approvals: s.approvals ?? null,
      approvalsAtP1: approvalsNeeded(s, { P: 1 }),
      approvalsBelowP1: approvalsNeeded(s, { P: 2 }),
      approvers: s.approvers ?? null,
      automation: s.automation ? { url: s.automation.url, timeoutMs: s.automation.timeoutMs } : null,
    })),
  };
}

/** The configured playbooks, in config order (needs `incident:read`). */
export function listPlaybooks({ ctx }: Verb<Record<string, never>>): PlaybookList {
  authorize(ctx, 'incident:read');
  return { playbooks: ctx.config.config.playbooks.map(playbookSummary) };
}

/**
 * Checks one playbook written as YAML (or JSON): parsed with the config's schema, then linted against the
 * catalog (unknown services and modules in `match`, unknown target services). Needs `incident:read`. Never
 * throws for a bad playbook: the answer lists the problems, each with its path inside the playbook (`yaml`
 * for text that is not YAML, with line and column).
 */
export function checkPlaybook({ ctx, input }: Verb<{ yaml: string }>): PlaybookCheck {
  authorize(ctx, 'incident:read');
  let raw: unknown;
  try {
    raw = parse(input.yaml, { maxAliasCount: 100 });
  } catch (e) {
    const where =
      e instanceof YAMLParseError && e.linePos ? ` (line ${e.linePos[0].line}, column ${e.linePos[0].col})` : '';
    return {
      ok: false,
      problems: [{ path: 'yaml', message: `not YAML${where}`, severity: 'error' }],
      playbook: null,
      yaml: null,
    };
  }
  const parsed = PlaybookConfig.safeParse(raw);
  if (!parsed.success)
    return {
      ok: false,
      problems: fieldsFromZod(parsed.error.issues).map((f) => ({ ...f, severity: 'error' as const })),
      playbook: null,
      yaml: null,
    };
  const problems = lintRecovery({ ...ctx.config.config, playbooks: [parsed.data] }).map((p) => ({
    path: p.path.replace(/^playbooks\.0\.?/, ''),
    message: p.message,
    severity: p.severity,
  }));
  const existing = ctx.config.config.playbooks.find((p) => p.id === parsed.data.id);
  if (existing)
    problems.push({
      path: 'id',
      message: `the config already has playbook "${parsed.data.id}": this one would replace it`,
      severity: 'warning',
    });
  return {
    ok: !problems.some((p) => p.severity === 'error'),
    problems,
    playbook: playbookSummary(parsed.data),
    // The normalised playbook, ready for the `playbooks:` list of the config file (defaults filled in).
    yaml: stringify([parsed.data]),
  };
}
