import type { OncallLintFinding } from '@faultline/contracts';
import { Alert, Anchor, Badge, Card, Group, SegmentedControl, Table, Text } from '@mantine/core';
import { IconCircleCheck } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { useOncallLint } from '../api/oncall.ts';
import { PageShell } from '../oncall/page-shell.tsx';
import { formatAbsolute } from '../ui/format-time.ts';
import { ErrorState, LoadingState } from '../ui/states.tsx';
import { findingLink } from './finding-link.ts';

type Filter = 'all' | 'error' | 'warning';

function FindingRow({ finding }: { finding: OncallLintFinding }) {
  const link = findingLink(finding.path);
  return (
    <Table.Tr data-testid="lint-finding" data-code={finding.code} data-severity={finding.severity}>
      <Table.Td>
        <Badge color={finding.severity === 'error' ? 'red' : 'orange'} variant="light" size="sm" miw="max-content">
          {finding.severity}
        </Badge>
      </Table.Td>
      <Table.Td>
        <Text size="sm" ff="monospace">
          {finding.code}
        </Text>
      </Table.Td>
      <Table.Td>
        {link ? (
          <Anchor component={Link} to={link} size="sm" ff="monospace">
            {finding.path}
          </Anchor>
        ) : (
          <Text size="sm" ff="monospace">
            {finding.path}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Text size="sm">{finding.message}</Text>
      </Table.Td>
    </Table.Tr>
  );
}

/**
 * `/oncall/lint`: the on-call checks over config and stored schedules and policies — empty steps, people
 * without an account or a verified contact method, gaps and overlaps in the coming weeks, unused policies.
 */
export function LintPage() {
  const lint = useOncallLint();
  const [filter, setFilter] = useState<Filter>('all');
  const findings = lint.data?.findings ?? [];
  const count = (s: Filter) => (s === 'all' ? findings.length : findings.filter((f) => f.severity === s).length);
  const shown = filter === 'all' ? findings : findings.filter((f) => f.severity === filter);
  return (
    <PageShell
      section="oncall"
      title="On-call checks"
      description={
        lint.data
          ? `From ${formatAbsolute(lint.data.at)}, looking ${lint.data.horizonDays} days ahead`
          : 'Who would not be reached, and where schedules leave nobody on call'
      }
      actions={
        <SegmentedControl
          aria-label="Severity"
          value={filter}
          onChange={(v) => setFilter(v as Filter)}
          data={[
            { value: 'all', label: `All (${count('all')})` },
            { value: 'error', label: `Errors (${count('error')})` },
            { value: 'warning', label: `Warnings (${count('warning')})` },
          ]}
        />
      }
    >
      {lint.isPending ? (
        <LoadingState label="Checking schedules and policies…" />
      ) : lint.isError ? (
        <ErrorState title="Cannot run the checks" error={lint.error} onRetry={() => void lint.refetch()} />
      ) : findings.length === 0 ? (
        <Alert color="green" variant="light" icon={<IconCircleCheck />} title="No findings">
          Every step reaches someone, everyone paged has a verified contact method, and no schedule has a gap.
        </Alert>
      ) : (
        <Card withBorder padding={0}>
          <Table.ScrollContainer minWidth={760}>
            <Table aria-label="Findings" verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={110}>Severity</Table.Th>
                  <Table.Th w={170}>Check</Table.Th>
                  <Table.Th>Where</Table.Th>
                  <Table.Th>Finding</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {shown.map((f, i) => (
                  <FindingRow key={`${f.code}-${f.path}-${i}`} finding={f} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Group p="sm">
            <Text size="xs" c="dimmed">
              {count('error')} errors, {count('warning')} warnings
            </Text>
          </Group>
        </Card>
      )}
    </PageShell>
  );
}
