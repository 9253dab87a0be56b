/**
 * Levels as a reader sees them (issue 14; docs/i18n.md): an incident's levels in the reader's language, from the
 * sequences' optional per-language display names (`levels.sequences[].translations`), e.g. `{P: 1}` → "P1 故障"
 * for a `zh-CN` reader when the config names it so, else the label "P1".
 */
import type { Translator } from '@faultline/i18n';
import type { SequenceConfig } from './config.ts';
import { formatLevel } from './grade.ts';

/** The display name of level `level` of sequence `sequence` for `locale`, else its label (`P1`). */
export function levelName(
  sequences: readonly SequenceConfig[],
  sequence: string,
  level: number,
  locale: string,
): string {
  const seq = sequences.find((s) => s.id === sequence);
  const tr = seq?.translations?.[locale as keyof NonNullable<SequenceConfig['translations']>];
  return tr?.levels?.[String(level)] ?? formatLevel(sequence, level);
}

/** The display name of sequence `sequence` for `locale`, else its configured name, else its id. */
export function sequenceName(sequences: readonly SequenceConfig[], sequence: string, locale: string): string {
  const seq = sequences.find((s) => s.id === sequence);
  const tr = seq?.translations?.[locale as keyof NonNullable<SequenceConfig['translations']>];
  return tr?.name ?? seq?.name ?? sequence;
}

/**
 * An incident's levels in the reader's words: the display names joined with spaces (`P1 故障 S2`), or "risk" /
 * "ungraded" in the reader's language.
 */
export function levelsInWords(
  incident: { levels: Record<string, number>; risk: boolean },
  sequences: readonly SequenceConfig[],
  t: Translator,
): string {
  if (incident.risk) return t.t('level.risk');
  const names = Object.entries(incident.levels).map(([seq, n]) => levelName(sequences, seq, n, t.locale));
  return names.length ? names.join(' ') : t.t('level.ungraded');
}
