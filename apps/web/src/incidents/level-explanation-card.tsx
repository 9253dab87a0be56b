import type { IncidentDetail, LevelExplanation, LevelHistoryEntry } from '@faultline/contracts';
import { Badge, Button, Card, Code, Divider, Group, List, Stack, Text, Title } from '@mantine/core';
import { IconArrowRight, IconArrowsUpDown } from '@tabler/icons-react';
import { useState } from 'react';
import { RelativeTime } from '../ui/time.tsx';
import { ChangeLevelDialog } from './change-level-dialog.tsx';
import { LevelBadge, RiskBadge, sequenceName, sequencesWith } from './level-badge.tsx';

function Explanation({ explanation }: { explanation: LevelExplanation }) {
  return (
    <Stack gap={6} data-testid="level-explanation" data-sequence={explanation.sequence}>
      <Group gap="xs">
        <LevelBadge sequence={explanation.sequence} level={explanation.level} />
        <Text size="sm" c="dimmed">
          {explanation.sequence} · {sequenceName(explanation.sequence)}
        </Text>
      </Group>
      <Text size="sm" fw={500}>
        {explanation.rule}{' '}
        <Code fz="xs" c="dimmed">
          {explanation.ruleId}
        </Code>
      </Text>
      {explanation.evidence.length > 0 && (
        <List size="sm" spacing={2} aria-label={`Evidence for ${explanation.level}`}>
          {explanation.evidence.map((item, index) => (
            <List.Item key={index}>{item}</List.Item>
          ))}
        </List>
      )}
      <Text size="xs" c="dimmed">
        Set <RelativeTime value={explanation.setAt} size="xs" span /> by {explanation.actor}
      </Text>
    </Stack>
  );
}

function LevelLabel({ sequence, level }: { sequence: string; level: string | null }) {
  if (level === null) {
    return (
      <Badge color="gray" variant="outline" size="xs" radius="sm">
        none
      </Badge>
    );
  }
  return <LevelBadge sequence={sequence} level={level} size="xs" counted={false} />;
}

/** One change of a sequence's level: from → to, by a rule or a person, why, on what evidence, when. */
function HistoryEntry({ entry }: { entry: LevelHistoryEntry }) {
  const byRule = entry.actor === 'rule';
  return (
    <Stack
      gap={2}
      component="li"
      data-testid="level-history-entry"
      data-sequence={entry.sequence}
      data-from={entry.from ?? ''}
      data-to={entry.to ?? ''}
      data-actor={entry.actor}
    >
      <Group gap={6} wrap="wrap">
        <LevelLabel sequence={entry.sequence} level={entry.from} />
        <IconArrowRight size={12} aria-label="to" />
        <LevelLabel sequence={entry.sequence} level={entry.to} />
        <Text size="xs">
          by{' '}
          {byRule ? (
            <>
              rule{' '}
              {entry.ruleId && (
                <Code fz="xs" c="dimmed">
                  {entry.ruleId}
                </Code>
              )}
            </>
          ) : (
            <Text span inherit fw={600}>
              {entry.actor}
            </Text>
          )}
        </Text>
        <Text size="xs" c="dimmed">
          · <RelativeTime value={entry.at} size="xs" span />
        </Text>
      </Group>
      {entry.reason && (
        <Text size="xs" fs="italic">
          “{entry.reason}”
        </Text>
      )}
      {entry.evidence.length > 0 && (
        <List size="xs" spacing={0} c="dimmed" aria-label="Evidence">
          {entry.evidence.map((item, index) => (
            <List.Item key={index}>{item}</List.Item>
          ))}
        </List>
      )}
    </Stack>
  );
}

/**
 * "Level and why": for each sequence, the level, the rule that set it, the evidence it matched on, when and
 * by whom (DESIGN §4: every level is explainable), then every change of that sequence's level, oldest
 * first. "Change level" lets a person set or lower a level with a reason.
 */
export function LevelExplanationCard({ incident }: { incident: IncidentDetail }) {
  const [changing, setChanging] = useState(false);
  const explanations = incident.levelExplanation;
  const history = incident.levelHistory ?? [];
  const shown = new Set([...explanations.map((e) => e.sequence), ...history.map((h) => h.sequence)]);
  const sequences = sequencesWith(shown).filter((sequence) => shown.has(sequence));
  const closed = incident.status === 'closed';

  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="level-why-heading">
      <Group justify="space-between" mb="sm" gap="xs">
        <Title order={2} size="h4" id="level-why-heading">
          Level and why
        </Title>
        <Button
          size="compact-sm"
          variant="light"
          leftSection={<IconArrowsUpDown size={14} aria-hidden />}
          onClick={() => setChanging(true)}
          disabled={closed}
          title={closed ? 'A closed incident keeps its levels' : undefined}
          data-testid="change-level-button"
        >
          Change level
        </Button>
      </Group>
      {explanations.length === 0 &&
        (incident.risk ? (
          <Group gap="xs" data-testid="level-explanation-empty" mb={sequences.length > 0 ? 'sm' : 0}>
            <RiskBadge />
            <Text size="sm">risk: below the lowest level</Text>
          </Group>
        ) : (
          <Text size="sm" c="dimmed" data-testid="level-explanation-empty" mb={sequences.length > 0 ? 'sm' : 0}>
            not graded: no rule matched
          </Text>
        ))}
      <Stack gap="md">
        {sequences.map((sequence, index) => {
          const explanation = explanations.find((e) => e.sequence === sequence);
          const changes = history.filter((h) => h.sequence === sequence);
          return (
            <Stack gap="xs" key={sequence}>
              {index > 0 && <Divider />}
              {explanation ? (
                <Explanation explanation={explanation} />
              ) : (
                <Text size="sm" c="dimmed">
                  {sequence} · {sequenceName(sequence)}: no level now
                </Text>
              )}
              {changes.length > 0 && (
                <Stack gap={4}>
                  <Text size="xs" fw={600} c="dimmed" tt="uppercase" id={`level-history-${sequence}`}>
                    {sequence} history
                  </Text>
                  <Stack
                    gap={8}
                    component="ol"
                    m={0}
                    p={0}
                    style={{ listStyle: 'none' }}
                    aria-labelledby={`level-history-${sequence}`}
                  >
                    {changes.map((entry, i) => (
                      <HistoryEntry key={`${entry.at}-${i}`} entry={entry} />
                    ))}
                  </Stack>
                </Stack>
              )}
            </Stack>
          );
        })}
      </Stack>
      <ChangeLevelDialog incident={incident} opened={changing} onClose={() => setChanging(false)} />
    </Card>
  );
}
