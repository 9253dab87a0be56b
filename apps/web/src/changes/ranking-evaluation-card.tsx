import type { RankingEvaluation } from '@faultline/contracts';
import { Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useRankingEvaluation } from '../api/changes.ts';
import { ErrorState, LoadingState } from '../ui/states.tsx';

function Score({ name, m }: { name: string; m: RankingEvaluation['ranking'] }) {
  return (
    <Table.Tr data-testid={`evaluation-${name}`}>
      <Table.Td>{name}</Table.Td>
      <Table.Td>{m.top1}</Table.Td>
      <Table.Td>{m.top3}</Table.Td>
      <Table.Td>{m.notRanked}</Table.Td>
      <Table.Td>{m.mrr ?? '–'}</Table.Td>
    </Table.Tr>
  );
}

/**
 * How the suspect ranking did in the range (docs/changes.md "Evaluating the ranking"): on incidents with a
 * change labelled caused, how often it ranked first, in the first three, or not at all, and the mean
 * reciprocal rank, against the most recent change first.
 */
export function RankingEvaluationCard({ from }: { from: string }) {
  const e = useRankingEvaluation(from);
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="evaluation-heading">
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={2} size="h5" id="evaluation-heading">
            How the suspect ranking did
          </Title>
          {e.data && (
            <Text size="xs" c="dimmed" data-testid="evaluation-incidents">
              {e.data.incidents} incident{e.data.incidents === 1 ? '' : 's'} with a change labelled caused
            </Text>
          )}
        </Group>
        {e.isPending ? (
          <LoadingState label="Evaluating…" />
        ) : e.isError ? (
          <ErrorState title="Cannot evaluate the ranking" error={e.error} onRetry={() => void e.refetch()} />
        ) : e.data.incidents === 0 ? (
          <Text size="sm" c="dimmed">
            No incident in this range has a change labelled caused yet.
          </Text>
        ) : (
          <Table aria-label="Ranking evaluation" verticalSpacing={4}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Method</Table.Th>
                <Table.Th>Ranked first</Table.Th>
                <Table.Th>In top 3</Table.Th>
                <Table.Th>Not ranked</Table.Th>
                <Table.Th>Mean reciprocal rank</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              <Score name="ranking" m={e.data.ranking} />
              <Score name="recency" m={e.data.recency} />
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Card>
  );
}
