import type { Levels } from '@faultline/contracts';
import { Badge, Group, type MantineColor, type MantineSize, Text, Tooltip } from '@mantine/core';
import type { MessageId } from '@faultline/i18n';
import { useT } from '../i18n/index.ts';

/** Default sequences in display order (DESIGN §4); other configured sequences follow alphabetically. */
const SEQUENCE_NAMES: Record<string, string> = {
  P: 'technical priority',
  D: 'data quality',
  R: 'public-opinion risk',
  S: 'SLA',
};
const SEQUENCE_ORDER = Object.keys(SEQUENCE_NAMES);

/** Colour by level number, the same in every sequence: 1 red, 2 orange, 3 yellow, 4 blue, deeper grey. */
const LEVEL_COLOR: Record<number, MantineColor> = { 1: 'red', 2: 'orange', 3: 'yellow', 4: 'blue' };

const SEQUENCE_IDS: Record<string, MessageId> = {
  P: 'console.level.sequence.P',
  D: 'console.level.sequence.D',
  R: 'console.level.sequence.R',
  S: 'console.level.sequence.S',
};

/** A sequence's name in the console's language, e.g. `P` → `technical priority` / `技术优先级`. */
export function sequenceLabel(sequence: string, t: (id: MessageId, values?: { sequence: string }) => string): string {
  const id = SEQUENCE_IDS[sequence];
  return id ? t(id) : t('console.level.sequence.other', { sequence });
}

/** Human name of a sequence letter, e.g. `P` → `technical priority`. */
export function sequenceName(sequence: string): string {
  return SEQUENCE_NAMES[sequence] ?? `sequence ${sequence}`;
}

function sequenceRank(sequence: string): number {
  const index = SEQUENCE_ORDER.indexOf(sequence);
  return index === -1 ? SEQUENCE_ORDER.length : index;
}

/** The default sequences, P, D, R, S, then `extra` ones not among them, in display order. */
export function sequencesWith(extra: Iterable<string>): string[] {
  return [...new Set([...SEQUENCE_ORDER, ...extra])].sort(
    (a, b) => sequenceRank(a) - sequenceRank(b) || a.localeCompare(b),
  );
}

/** Levels ordered P, D, R, S, then any other sequence alphabetically. */
export function orderedLevels(levels: Levels): Array<[sequence: string, level: string]> {
  return Object.entries(levels).sort(([a], [b]) => sequenceRank(a) - sequenceRank(b) || a.localeCompare(b));
}

/** The number of a level label, `P2` → 2; null when it has none. */
export function levelNumber(level: string): number | null {
  const match = /(\d+)$/.exec(level);
  return match ? Number(match[1]) : null;
}

/**
 * One level (e.g. `P1`) as a coloured badge; its tooltip names the sequence and what the number means.
 * `counted={false}` leaves out the `level-badge` test id, for badges that show past levels (history).
 */
export function LevelBadge({
  sequence,
  level,
  size = 'sm',
  counted = true,
}: {
  sequence: string;
  level: string;
  size?: MantineSize;
  counted?: boolean;
}) {
  const t = useT();
  const n = levelNumber(level);
  const color = (n !== null && LEVEL_COLOR[n]) || 'gray';
  const meaning = n === 1 ? t('console.level.mostSevere') : n !== null ? t('console.level.number', { n }) : level;
  return (
    <Tooltip
      label={t('console.level.tooltip', { level, sequence: sequenceLabel(sequence, t), meaning })}
      withArrow
      openDelay={300}
    >
      <Badge
        color={color}
        variant="filled"
        size={size}
        radius="sm"
        data-testid={counted ? 'level-badge' : undefined}
        data-level={level}
        data-i18n-value
      >
        {level}
      </Badge>
    </Tooltip>
  );
}

/** The grey badge of a signal below the lowest level: visible, not paged. */
export function RiskBadge({ size = 'sm' }: { size?: MantineSize }) {
  const t = useT();
  return (
    <Tooltip label={t('console.level.riskHint')} withArrow openDelay={300}>
      <Badge color="gray" variant="light" size={size} radius="sm" data-testid="level-badge" data-level="risk">
        {t('console.level.risk')}
      </Badge>
    </Tooltip>
  );
}

/** All levels of an incident, most important sequence first; `risk` or "not graded" when there are none. */
export function LevelBadges({ levels, risk, size = 'sm' }: { levels: Levels; risk: boolean; size?: MantineSize }) {
  const t = useT();
  const entries = orderedLevels(levels);
  if (entries.length === 0) {
    return risk ? (
      <RiskBadge size={size} />
    ) : (
      <Text size="xs" c="dimmed">
        {t('console.level.notGraded')}
      </Text>
    );
  }
  return (
    <Group gap={4} wrap="nowrap">
      {entries.map(([sequence, level]) => (
        <LevelBadge key={sequence} sequence={sequence} level={level} size={size} />
      ))}
    </Group>
  );
}
