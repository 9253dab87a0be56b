import type { IncidentDetail } from '@faultline/contracts';
import { Card, Code, Group, List, Stack, Text, Title } from '@mantine/core';
import { RelativeTime } from '../ui/time.tsx';
import { LevelBadge, RiskBadge, sequenceName } from './level-badge.tsx';

/**
 * "Level and why": for each sequence, the level, the rule that set it, the evidence it matched on, when and
 * by whom (DESIGN §4: every level is explainable).
 */
export function LevelExplanationCard({ incident }: { incident: IncidentDetail }) {
  const explanations = incident.levelExplanation;
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="level-why-heading">
      <Title order={2} size="h4" id="level-why-heading" mb="sm">
        Level and why
      </Title>
      {explanations.length === 0 ? (
        incident.risk ? (
          <Group gap="xs" data-testid="level-explanation-empty">
            <RiskBadge />
            <Text size="sm">risk: below the lowest level</Text>
          </Group>
        ) : (
          <Text size="sm" c="dimmed" data-testid="level-explanation-empty">
            not graded: no rule matched
          </Text>
        )
      ) : (
        <Stack gap="md">
          {explanations.map((explanation) => (
            <Stack gap={6} key={`${explanation.sequence}-${explanation.ruleId}`} data-testid="level-explanation">
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
          ))}
        </Stack>
      )}
    </Card>
  );
}
