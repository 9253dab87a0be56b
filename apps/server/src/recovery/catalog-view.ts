/**
 * The playbooks as the console's Playbooks page shows them, and the editor's check (docs/recovery.md
 * "Playbooks in the console"): a playbook written as YAML is parsed with the config's own schema and linted
 * against the catalog, with every problem at its field path, before it goes into the config file.
 */
import { parse, stringify, YAMLParseError } from 'yaml';
import type { PlaybookCheck, PlaybookList, PlaybookSummary } from '@faultline/contracts';
import { authorizeCtx as authorize, type Ctx, type Verb } from '../kernel/index.ts';
import { fieldsFromZod } from '../lib/index.ts';
import { PlaybookConfig } from './config.ts';
import { lintRecovery } from './lint.ts';
import { approvalsNeeded } from './rules.ts';
import { playbookOwner } from './stored.ts';

/** Where a playbook comes from and who last changed it (a stored one). */
export interface PlaybookOrigin {
  source: 'config' | 'api';
  team: string | null;
  updatedBy: string | null;
  updatedAt: Date | null;
}

const FROM_CONFIG: PlaybookOrigin = { source: 'config', team: null, updatedBy: null, updatedAt: null };

/** The playbook in the config shape as YAML, without automation secrets (what the editor starts from). */
export function playbookYaml(p: PlaybookConfig, team: string | null = null): string {
  const steps = p.steps.map((s) => {
    if (!s.automation) return s;
    const { secret: _secret, ...automation } = s.automation;
    return { ...s, automation };
  });
  return stringify({ ...p, ...(team ? { team } : {}), steps });
}

/** A playbook for people: the automation's secret is never shown. */
export function playbookSummary(p: PlaybookConfig, origin: PlaybookOrigin = FROM_CONFIG): PlaybookSummary {
  return {
    id: p.id,
    name: p.name ?? p.id,
    source: origin.source,
    team: origin.team,
    updatedBy: origin.updatedBy,
    updatedAt: origin.updatedAt?.toISOString() ?? null,
    yaml: playbookYaml(p, origin.team),
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

/** Where playbook `p` of the active config comes from. */
export function originOf(ctx: Pick<Ctx, 'config' | 'rt'>, id: string): PlaybookOrigin {
  const owner = playbookOwner(ctx.config, ctx.rt.playbooks.stored(), id);
  if (owner?.source !== 'api' || !owner.item) return FROM_CONFIG;
  return { source: 'api', team: owner.team, updatedBy: owner.item.updatedBy, updatedAt: owner.item.updatedAt };
}

/** The playbooks: the config file's in its order, then the stored ones by id (needs `incident:read`). */
export function listPlaybooks({ ctx }: Verb<Record<string, never>>): PlaybookList {
  authorize(ctx, 'incident:read');
  return { playbooks: ctx.config.config.playbooks.map((p) => playbookSummary(p, originOf(ctx, p.id))) };
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
  const existing = playbookOwner(ctx.config, ctx.rt.playbooks.stored(), parsed.data.id);
  if (existing)
    problems.push({
      path: 'id',
      message:
        existing.source === 'config'
          ? `the config file already has playbook "${parsed.data.id}": change it there (saving here is refused)`
          : `playbook "${parsed.data.id}" is already stored: saving replaces it`,
      severity: 'warning',
    });
  return {
    ok: !problems.some((p) => p.severity === 'error'),
    problems,
    playbook: playbookSummary(parsed.data, { ...FROM_CONFIG, source: existing?.source ?? 'api' }),
    // The normalised playbook, ready for the `playbooks:` list of the config file (defaults filled in).
    yaml: stringify([parsed.data]),
  };
}
