/**
 * The server's on-call lint (issue 4 point 8, `GET /api/v1/oncall/lint`, `faultline oncall lint`): the
 * static checks of escalation/lint.ts run over the whole directory — config plus stored schedules,
 * policies, runtime overrides and API teams — and the checks only the database can answer:
 *
 * - `unknown-user`: an override for someone who is not a Faultline user, or a disabled user anywhere
 *   (errors); a step target, schedule participant or team member who is not a user (warning: the engine
 *   sends that address one plain email);
 * - `no-contact-method` (error): such a user without a verified, enabled contact method — a page to them
 *   reaches nobody;
 * - `unknown-policy` (error): a team or a service whose escalation policy exists neither in the config nor
 *   stored.
 *
 * Static findings keep their severity; their config paths (`schedules.3.layers.0`) are named by id instead
 * (`schedule:primary.layers.0`), since stored objects have no place in the file.
 */
import { and, isNotNull, isNull } from 'drizzle-orm';
import type { OncallLintFinding, OncallLintReport } from '@faultline/contracts';
import type { Db } from '../db/index.ts';
import { contactMethods } from '../notify/index.ts';
import { users } from '../people/index.ts';
import type { LoadedConfig, FaultlineConfig } from '../kernel/index.ts';
import { lintEscalation, SCHEDULE_HORIZON_DAYS } from './lint.ts';
import type { StoredOncall } from '../oncall/index.ts';

/** The config as if the stored objects were written in it (stored ones after the config's, by id). */
export function directoryAsConfig(cfg: LoadedConfig, stored: StoredOncall): FaultlineConfig {
  const c = cfg.config;
  const configTeams = new Set(c.teams.map((t) => t.id));
  return {
    ...c,
    teams: [
      ...c.teams.map((t) => {
        const linked = stored.linkedPolicies.get(t.id);
        return t.escalationPolicy === undefined && linked ? { ...t, escalationPolicy: linked } : t;
      }),
      ...[...stored.apiTeams]
        .filter(([id]) => !configTeams.has(id))
        .map(([id, t]) => ({
          id,
          members: t.members.map((email) => ({ name: email, email, timeZone: 'UTC' })),
          oncall: [],
          ...(t.escalationPolicy ? { escalationPolicy: t.escalationPolicy } : {}),
        })),
    ],
    catalog: {
      businessLines: c.catalog.businessLines.map((l) => ({
        ...l,
        modules: l.modules.map((m) => ({
          ...m,
          services: m.services.map((svc) => {
            const linked = stored.servicePolicies.get(svc.id);
            return svc.escalationPolicy === undefined && linked ? { ...svc, escalationPolicy: linked } : svc;
          }),
        })),
      })),
    },
    // The merged schedules carry the runtime overrides.
    schedules: [...cfg.escalation.schedules.values()],
    escalationPolicies: [...cfg.escalation.policies.values()],
  };
}

/** Names a config path by id: `schedules.3.layers.0` → `schedule:primary.layers.0`. */
function byId(config: FaultlineConfig, path: string): string {
  const m = /^(schedules|escalationPolicies|teams|channels)\.(\d+)(.*)$/.exec(path);
  if (!m) return path;
  const list = config[m[1] as 'schedules' | 'escalationPolicies' | 'teams' | 'channels'] as ReadonlyArray<{
    id: string;
  }>;
  const kind = { schedules: 'schedule', escalationPolicies: 'policy', teams: 'team', channels: 'channel' }[
    m[1] as 'schedules'
  ];
  return `${kind}:${list[Number(m[2])]?.id ?? m[2]}${m[3]}`;
}

/** The finding code of a static problem, from its message. */
function codeOf(message: string): string {
  if (message.includes('can have nobody to page')) return 'empty-step';
  if (message.includes('has nobody on call')) return 'schedule-gap';
  if (/layers of schedule .* overlap/.test(message)) return 'schedule-overlap';
  if (message.startsWith('no team uses') || message.startsWith('no service is paged')) return 'unused-policy';
  if (message.includes('hand-off cycle')) return 'handoff-cycle';
  return 'config';
}

/** Where each person is referenced: email (lower-case) → paths. */
function references(config: FaultlineConfig): Map<string, { email: string; paths: string[] }> {
  const out = new Map<string, { email: string; paths: string[] }>();
  const add = (email: string, path: string) => {
    const key = email.toLowerCase();
    const entry = out.get(key) ?? { email, paths: [] };
    entry.paths.push(path);
    out.set(key, entry);
  };
  for (const s of config.schedules) {
    s.layers.forEach((l) =>
      l.participants.forEach((p, k) => add(p, `schedule:${s.id}.layers.${l.id}.participants.${k}`)),
    );
    s.overrides?.forEach((o, j) => {
      add(o.user, `schedule:${s.id}.overrides.${j}.user`);
      if (o.replaces) add(o.replaces, `schedule:${s.id}.overrides.${j}.replaces`);
    });
  }
  for (const p of config.escalationPolicies)
    p.steps.forEach((s, i) =>
      s.targets.forEach((t, j) => {
        if ('user' in t) add(t.user, `policy:${p.id}.steps.${i}.targets.${j}.user`);
      }),
    );
  // Teams last: a finding names the place where a page would go first.
  for (const t of config.teams) t.members.forEach((m, i) => add(m.email, `team:${t.id}.members.${i}`));
  return out;
}

/**
 * Lints the on-call directory with the database's people (see the module comment).
 * @param now the instant gaps and overlaps are looked for from (next 28 days) and overrides counted from
 * @returns findings, errors first, each group in check order
 */
export async function lintOncall(
  db: Db,
  cfg: LoadedConfig,
  stored: StoredOncall,
  now: Date,
): Promise<OncallLintReport> {
  const config = directoryAsConfig(cfg, stored);
  const findings: OncallLintFinding[] = [];
  for (const p of lintEscalation(config, now)) {
    // People are checked against the users table below, not against config team membership.
    if (p.message.endsWith('is not a member of any team')) continue;
    if (p.path.endsWith('.escalationPolicy') && p.message.includes('is not in the config file')) continue;
    findings.push({ severity: p.severity, code: codeOf(p.message), path: byId(config, p.path), message: p.message });
  }

  config.teams.forEach((t) => {
    if (t.escalationPolicy && !cfg.escalation.policies.has(t.escalationPolicy))
      findings.push({
        severity: 'error',
        code: 'unknown-policy',
        path: `team:${t.id}.escalationPolicy`,
        message: `team "${t.id}" names escalation policy "${t.escalationPolicy}", which exists neither in the config nor stored: the team is paged through its oncall list`,
      });
  });

  for (const line of config.catalog.businessLines)
    for (const mod of line.modules)
      for (const svc of mod.services)
        if (svc.escalationPolicy && !cfg.escalation.policies.has(svc.escalationPolicy))
          findings.push({
            severity: 'error',
            code: 'unknown-policy',
            path: `service:${svc.id}.escalationPolicy`,
            message: `service "${svc.id}" names escalation policy "${svc.escalationPolicy}", which exists neither in the config nor stored: the service is paged through its team's policy`,
          });

  const people = await db.select({ id: users.id, email: users.email, disabledAt: users.disabledAt }).from(users);
  const verified = await db
    .select({ userId: contactMethods.userId })
    .from(contactMethods)
    .where(and(isNotNull(contactMethods.verifiedAt), isNull(contactMethods.disabledAt)));
  const withMethod = new Set(verified.map((v) => v.userId));
  const byEmail = new Map(people.map((p) => [p.email.toLowerCase(), p]));
  for (const [key, ref] of references(config)) {
    const user = byEmail.get(key);
    const where = ref.paths.length > 1 ? ` (and ${ref.paths.length - 1} more place(s))` : '';
    const isOverride = ref.paths.every((p) => p.includes('.overrides.'));
    if (!user || user.disabledAt) {
      // The engine still emails an address that is no user's (notify/person-page.ts); an override for one
      // puts a person Faultline does not know on call, which the lint must not let pass.
      findings.push({
        severity: isOverride || user ? 'error' : 'warning',
        code: 'unknown-user',
        path: ref.paths[0]!,
        message: user
          ? `"${ref.email}" is a disabled user: they get only one plain email, without rules${where}`
          : isOverride
            ? `"${ref.email}" is not a Faultline user: the override puts someone unknown on call${where}`
            : `"${ref.email}" is not a Faultline user: paged by one plain email, without rules, phone or chat${where}`,
      });
    } else if (!withMethod.has(user.id)) {
      findings.push({
        severity: 'error',
        code: 'no-contact-method',
        path: ref.paths[0]!,
        message: `"${ref.email}" has no verified contact method: a page to them reaches nobody${where}`,
      });
    }
  }
  findings.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  return { at: now.toISOString(), horizonDays: SCHEDULE_HORIZON_DAYS, findings };
}
