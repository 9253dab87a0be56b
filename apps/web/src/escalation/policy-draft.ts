/**
 * The escalation policy editor's form state and its conversion to and from the API body (the config shape
 * of docs/escalation.md plus `team`): steps of targets with a delay, team mode, level, repeat and hand-off.
 */

export const TARGET_KINDS = ['user', 'schedule', 'team', 'channel'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

export interface TargetDraft {
  kind: TargetKind;
  /** An email for `user`, otherwise the schedule's, team's or channel's id. */
  value: string;
}

export interface StepDraft {
  delayMinutes: number;
  teamMode: 'all' | 'round-robin';
  targets: TargetDraft[];
  /**
   * The least severe level the step runs for, e.g. `P1` (docs/escalation.md "Steps for a level"): for a less
   * severe incident it is passed over. Empty: every level.
   */
  minLevel: string;
}

/** A level as the config writes one: a sequence letter and a level number, e.g. `P1` (config schema's rule). */
export const LEVEL_PATTERN = /^[A-Z][1-9]$/;

/**
 * Which incidents a step with `minLevel` is for, in words: `P1` → "P1 only" (nothing is more severe than
 * level 1), `P2` → "P2 and more severe".
 */
export function minLevelScope(minLevel: string): string {
  const v = minLevel.trim();
  return v.endsWith('1') ? `${v} only` : `${v} and more severe`;
}

/** Why `minLevel` is not a level, or undefined when it is one or empty (every level). */
export function minLevelError(minLevel: string): string | undefined {
  const v = minLevel.trim();
  return v === '' || LEVEL_PATTERN.test(v) ? undefined : 'A level such as P1: a capital letter and a digit 1–9';
}

export interface PolicyDraft {
  id: string;
  name: string;
  team: string;
  repeat: number;
  /** Policy id taking over after the last step and repeats; empty for none. */
  handoffTo: string;
  steps: StepDraft[];
}

const str = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : fallback);
const num = (v: unknown, fallback: number): number => (typeof v === 'number' ? v : fallback);
const rec = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** A target as written (`{user: …}`, `{schedule: …}` …) as a kind and a value. */
export function targetFrom(raw: unknown): TargetDraft {
  const t = rec(raw);
  const kind = TARGET_KINDS.find((k) => typeof t[k] === 'string') ?? 'user';
  return { kind, value: str(t[kind]) };
}

export function newStep(delayMinutes: number): StepDraft {
  return { delayMinutes, teamMode: 'all', targets: [{ kind: 'schedule', value: '' }], minLevel: '' };
}

/** The form state of a policy body as the API returns it. */
export function draftFromPolicyBody(body: Record<string, unknown>, team: string | null): PolicyDraft {
  return {
    id: str(body.id),
    name: str(body.name),
    team: team ?? str(body.team),
    repeat: num(body.repeat, 0),
    handoffTo: str(body.handoffTo),
    steps: arr(body.steps).map((raw) => {
      const s = rec(raw);
      return {
        delayMinutes: num(s.delayMinutes, 0),
        teamMode: s.teamMode === 'round-robin' ? 'round-robin' : 'all',
        targets: arr(s.targets).map(targetFrom),
        minLevel: str(s.minLevel),
      };
    }),
  };
}

/**
 * The API body of the form; `teamMode` is sent only where a step has a team target, `minLevel` only where a
 * step is for a level.
 */
export function bodyFromPolicyDraft(d: PolicyDraft): Record<string, unknown> {
  return {
    id: d.id.trim(),
    ...(d.name.trim() ? { name: d.name.trim() } : {}),
    ...(d.team ? { team: d.team } : {}),
    repeat: d.repeat,
    ...(d.handoffTo ? { handoffTo: d.handoffTo } : {}),
    steps: d.steps.map((s) => ({
      delayMinutes: s.delayMinutes,
      ...(s.targets.some((t) => t.kind === 'team') ? { teamMode: s.teamMode } : {}),
      targets: s.targets.map((t) => ({ [t.kind]: t.value.trim() })),
      ...(s.minLevel.trim() ? { minLevel: s.minLevel.trim() } : {}),
    })),
  };
}

/** Every path the policy editor shows an error on (or below). */
export function policyEditorPaths(d: PolicyDraft): string[] {
  const paths = ['id', 'name', 'team', 'repeat', 'handoffTo'];
  d.steps.forEach((s, i) => {
    paths.push(`steps.${i}.delayMinutes`, `steps.${i}.teamMode`, `steps.${i}.targets`, `steps.${i}.minLevel`);
  });
  return paths;
}

/** When each step runs, in minutes after the incident opened (first pass): the running sum of delays. */
export function stepOffsets(steps: readonly StepDraft[]): number[] {
  let total = 0;
  return steps.map((s, i) => (total += i === 0 ? 0 : s.delayMinutes));
}
