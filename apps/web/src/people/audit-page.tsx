import { Button, Card, Group, Select, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useAuditLog } from '../api/people.ts';
import { PageShell } from '../oncall/page-shell.tsx';
import { ErrorState, LoadingState } from '../ui/states.tsx';
import { AuditRow } from './audit-row.tsx';

/** Record kinds the filter offers; the API accepts any `targetType`. */
const TARGET_TYPES = ['user', 'team', 'token', 'contact-method', 'feed-link', 'schedule', 'escalation-policy'];

/** `/people/audit`: every change made by a person or token — who, what, when, before and after (managers, admins). */
export function AuditPage() {
  const [targetType, setTargetType] = useState<string | null>(null);
  const log = useAuditLog(targetType);
  const entries = log.data?.pages.flatMap((p) => p.entries) ?? [];
  return (
    <PageShell
      section="people"
      title="Audit log"
      description="Every change made by a person or a token, newest first. Secrets are never recorded."
      actions={
        <Select
          label="Record"
          placeholder="every kind"
          data={TARGET_TYPES}
          value={targetType}
          onChange={setTargetType}
          clearable
          searchable
          w={200}
        />
      }
    >
      {log.isPending ? (
        <LoadingState label="Loading the audit log…" />
      ) : log.isError ? (
        <ErrorState title="Cannot load the audit log" error={log.error} onRetry={() => void log.refetch()} />
      ) : entries.length === 0 ? (
        <Text c="dimmed">No changes recorded{targetType ? ` for ${targetType} records` : ''}.</Text>
      ) : (
        <Card withBorder padding={0}>
          <Table.ScrollContainer minWidth={760}>
            <Table aria-label="Audit log" verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={40} />
                  <Table.Th>When</Table.Th>
                  <Table.Th>Who</Table.Th>
                  <Table.Th>What</Table.Th>
                  <Table.Th>Record</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {entries.map((e) => (
                  <AuditRow key={e.id} entry={e} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {log.hasNextPage && (
            <Group p="sm" justify="center">
              <Button variant="default" loading={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()}>
                Older entries
              </Button>
            </Group>
          )}
        </Card>
      )}
    </PageShell>
  );
}
