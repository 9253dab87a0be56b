/**
 * Which level an incident's postmortem is held to, and what that level asks for (DESIGN §8). Pure.
 *
 * An incident has a level per sequence (`{ P: 1, S: 3 }`); the postmortem follows the most severe one (the
 * lowest number; on a tie, the first sequence alphabetically). A setting keyed by level is looked up as
 * `P1` (sequence and level) first, then `1` (that level in every sequence).
 */
import { POSTMORTEM_SECTION_IDS, type PostmortemSectionId } from '@faultline/contracts';
import type { PostmortemConfig } from './config.ts';

/** The most severe level of an incident, e.g. `{ sequence: 'P', level: 1, key: 'P1' }`, or null for none. */
export function severestLevel(levels: Record<string, number>): { sequence: string; level: number; key: string } | null {
  const entries = Object.entries(levels).sort(([a, x], [b, y]) => x - y || a.localeCompare(b));
  const first = entries[0];
  return first ? { sequence: first[0], level: first[1], key: `${first[0]}${first[1]}` } : null;
}

/** The value of a level-keyed setting for level key `key` (`P1`): `P1`, then `1`, else undefined. */
export function byLevel<T>(table: Readonly<Record<string, T>>, key: string | null): T | undefined {
  if (!key) return undefined;
  return table[key] ?? table[key.slice(1)];
}

/** Whether an incident at these levels gets a postmortem opened automatically on mitigate or resolve. */
export function needsPostmortem(config: PostmortemConfig, levels: Record<string, number>): boolean {
  const top = severestLevel(levels);
  if (!top) return false;
  return config.required.includes(top.key) || config.required.includes(String(top.level));
}

/** Working days until a postmortem at level key `key` is due (defaults: P1–P2 1, P3–P4 3; seed 000). */
export function postmortemDueDays(config: PostmortemConfig, key: string | null): number {
  return byLevel(config.dueWorkingDays, key) ?? config.defaultDueWorkingDays;
}

/** Working days until an action of an incident at level key `key` is due by default. */
export function actionDueDays(config: PostmortemConfig, key: string | null): number {
  return byLevel(config.actionDueWorkingDays, key) ?? 20;
}

/**
 * The template of a postmortem at level key `key` (`P4`): `templates.P4`, else `templates.4`, else
 * `defaultTemplate`; unknown or repeated ids (which lint reports) are left out, and an empty result is the full
 * template.
 * @returns the section ids in order and the key that chose them (`default` for the default)
 */
export function templateFor(
  config: PostmortemConfig,
  key: string | null,
): { sections: PostmortemSectionId[]; source: string } {
  const source = key && config.templates[key] ? key : key && config.templates[key.slice(1)] ? key.slice(1) : null;
  const raw = source ? config.templates[source]! : config.defaultTemplate;
  const sections = [...new Set(raw)].filter((id): id is PostmortemSectionId =>
    (POSTMORTEM_SECTION_IDS as readonly string[]).includes(id),
  );
  return { sections: sections.length > 0 ? sections : [...POSTMORTEM_SECTION_IDS], source: source ?? 'default' };
}
