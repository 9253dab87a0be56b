import type { LevelRuleVersion, RuleProblem } from '@faultline/contracts';
import { Badge, Code, Group, List, type MantineColor, Stack, Table, Text, ThemeIcon } from '@mantine/core';
import { IconAlertTriangle, IconCircleX } from '@tabler/icons-react';
import type { RuleJson } from '../api/level-rules.ts';
import { LevelBadge, sequenceName, sequencesWith } from '../incidents/level-badge.tsx';
import { CONDITION_LABELS, conditionInWords, groupBySequence, levelLabel, scopeInWords } from './rule-words.ts';

const SOURCE_COLOR: Record<string, MantineColor> = { template: 'cyan', config: 'gray', version: 'indigo' };

/**
 * Rules in words, grouped by sequence, most severe level first: level, condition, scope, kind and where
 * the rule comes from (`source`, e.g. "template", "config" or "version 4").
 */
export function RulesTable({
  rules,
  source,
  testId,
  empty = 'No rules.',
}: {
  rules: readonly RuleJson[];
  /** Where each rule comes from; without it the Source column is left out (e.g. inside a version). */
  source?: (rule: RuleJson) => { kind: string; label: string };
  testId?: string;
  empty?: string;
}) {
  if (rules.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {empty}
      </Text>
    );
  }
  return (
    <Stack gap="md">
      {groupBySequence(rules, sequencesWith).map((group) => (
        <Stack gap={4} key={group.sequence}>
          <Text size="sm" fw={600} id={`${testId ?? 'rules'}-${group.sequence}`}>
            {group.sequence} · {sequenceName(group.sequence)}
          </Text>
          <Table.ScrollContainer minWidth={720}>
            <Table verticalSpacing={6} aria-labelledby={`${testId ?? 'rules'}-${group.sequence}`}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={70}>Level</Table.Th>
                  <Table.Th>Condition</Table.Th>
                  <Table.Th w={200}>Scope</Table.Th>
                  <Table.Th w={90}>Kind</Table.Th>
                  {source && <Table.Th w={110}>Source</Table.Th>}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {group.rules.map(({ rule, view, index }) => {
                  const from = source?.(rule);
                  return (
                    <Table.Tr
                      key={`${view.id}-${index}`}
                      data-testid={testId}
                      data-rule-id={view.id}
                      data-level={levelLabel(view.sequence, view.level)}
                      style={{ verticalAlign: 'top' }}
                    >
                      <Table.Td>
                        <LevelBadge
                          sequence={view.sequence}
                          level={levelLabel(view.sequence, view.level)}
                          counted={false}
                        />
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">
                          {view.condition && (
                            <Text span inherit c="dimmed">
                              {CONDITION_LABELS[view.condition]}:{' '}
                            </Text>
                          )}
                          {conditionInWords(rule)}
                        </Text>
                        <Group gap={6}>
                          <Code fz="xs" c="dimmed">
                            {view.id}
                          </Code>
                          {view.description && (
                            <Text size="xs" c="dimmed">
                              {view.description}
                            </Text>
                          )}
                        </Group>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{scopeInWords(view.scope)}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Badge
                          variant={view.kind === 'business' ? 'light' : 'outline'}
                          color="grape"
                          size="sm"
                          miw="max-content"
                        >
                          {view.kind}
                        </Badge>
                      </Table.Td>
                      {from && (
                        <Table.Td>
                          <Badge
                            variant="light"
                            color={SOURCE_COLOR[from.kind] ?? 'gray'}
                            size="sm"
                            tt="none"
                            miw="max-content"
                          >
                            {from.label}
                          </Badge>
                        </Table.Td>
                      )}
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Stack>
      ))}
    </Stack>
  );
}

/** One lint finding: an icon by severity, the message and, unless `showPath` is off, where it is. */
export function LintProblem({
  problem,
  scope,
  showPath = true,
}: {
  problem: RuleProblem;
  scope: string;
  showPath?: boolean;
}) {
  const error = problem.severity === 'error';
  return (
    <Group
      gap={6}
      wrap="nowrap"
      align="flex-start"
      component="span"
      data-testid="lint-problem"
      data-severity={problem.severity}
      data-path={problem.path}
      data-scope={scope}
    >
      <ThemeIcon size={16} variant="transparent" color={error ? 'red' : 'yellow'} aria-label={problem.severity}>
        {error ? <IconCircleX size={14} /> : <IconAlertTriangle size={14} />}
      </ThemeIcon>
      <Text span size="xs" c={error ? 'red' : 'yellow.8'}>
        {showPath && problem.path && (
          <Code fz="xs" mr={4}>
            {problem.path}
          </Code>
        )}
        {problem.message}
      </Text>
    </Group>
  );
}

/** A list of lint findings, errors first. */
export function LintProblemList({ problems, scope }: { problems: readonly RuleProblem[]; scope: string }) {
  const sorted = [...problems].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  return (
    <List spacing={4} listStyleType="none" size="sm">
      {sorted.map((problem, index) => (
        <List.Item key={`${problem.path}-${index}`}>
          <LintProblem problem={problem} scope={scope} />
        </List.Item>
      ))}
    </List>
  );
}

const VERSION_COLOR: Record<LevelRuleVersion['status'], MantineColor> = {
  draft: 'gray',
  pending: 'yellow',
  approved: 'green',
  rejected: 'red',
  superseded: 'gray',
};

/** A rule version's status as a badge. */
export function VersionStatusBadge({ status }: { status: LevelRuleVersion['status'] }) {
  return (
    <Badge
      color={VERSION_COLOR[status]}
      variant={status === 'superseded' ? 'outline' : 'light'}
      size="sm"
      miw="max-content"
      data-testid="version-status"
      data-status={status}
    >
      {status}
    </Badge>
  );
}
