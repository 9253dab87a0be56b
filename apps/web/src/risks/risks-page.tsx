import type { IncidentSummary } from '@faultline/contracts';
import {
  Alert,
  Anchor,
  Button,
  EmptyState,
  Group,
  Loader,
  Pagination,
  Paper,
  Skeleton,
  Stack,
  Table,
  Text,
  Title,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { IconArrowBigUpLines, IconCheck, IconEyeOff, IconShieldCheck } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { useIncident, useRisks } from '../api/incidents.ts';
import { RiskBadge } from '../incidents/level-badge.tsx';
import { ErrorState, LoadingState } from '../ui/states.tsx';
import { RelativeTime } from '../ui/time.tsx';
import { DismissRiskDialog, PromoteRiskDialog } from './risk-dialogs.tsx';
import { riskSignal } from './risk-signal.ts';

/** Rows per page; each row loads its incident's detail for the signal summary. */
const PAGE_SIZE = 50;

/** The risk's signal, from its incident detail (shared with the incident page's cache). */
function Signal({ risk }: { risk: IncidentSummary }) {
  const detail = useIncident(risk.id);
  if (detail.isPending) return <Skeleton height={12} width="70%" radius="sm" aria-label="Loading the signal" />;
  const text = detail.data ? riskSignal(detail.data) : risk.title;
  return (
    <Tooltip label={text} multiline maw={480} withArrow openDelay={400}>
      <Text size="sm" lineClamp={2} data-testid="risk-signal">
        {text}
      </Text>
    </Tooltip>
  );
}

function RiskTable({
  risks,
  onPromote,
  onDismiss,
}: {
  risks: IncidentSummary[];
  onPromote: (risk: IncidentSummary) => void;
  onDismiss: (risk: IncidentSummary) => void;
}) {
  return (
    <Table.ScrollContainer minWidth={860}>
      <Table verticalSpacing="sm" aria-label="Risks">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Title</Table.Th>
            <Table.Th w={150}>Service</Table.Th>
            <Table.Th>Signal</Table.Th>
            <Table.Th w={130}>Opened</Table.Th>
            <Table.Th w={210}>
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {risks.map((risk) => (
            <Table.Tr key={risk.id} data-testid="risk-row" data-incident-id={risk.id} style={{ verticalAlign: 'top' }}>
              <Table.Td>
                <Group gap={6} wrap="nowrap" align="flex-start">
                  <span style={{ flexShrink: 0 }}>
                    <RiskBadge />
                  </span>
                  <div>
                    <Anchor component={Link} to={`/incidents/${risk.id}`} c="inherit" fw={500} size="sm">
                      {risk.title}
                    </Anchor>
                    <Text size="xs" c="dimmed">
                      #{risk.id}
                      {risk.team ? ` · ${risk.team}` : ''} · {risk.firingCount} / {risk.alertCount} alerts firing
                    </Text>
                  </div>
                </Group>
              </Table.Td>
              <Table.Td>
                {risk.service ?? (
                  <Text span c="dimmed">
                    —
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Signal risk={risk} />
              </Table.Td>
              <Table.Td>
                <RelativeTime value={risk.createdAt} size="sm" />
              </Table.Td>
              <Table.Td>
                <Group gap="xs" justify="flex-end" wrap="nowrap">
                  <Button
                    size="compact-sm"
                    color="red"
                    variant="light"
                    leftSection={<IconArrowBigUpLines size={14} aria-hidden />}
                    onClick={() => onPromote(risk)}
                    aria-label={`Promote risk #${risk.id} to an incident`}
                    data-testid="promote-button"
                  >
                    Promote
                  </Button>
                  <Button
                    size="compact-sm"
                    variant="default"
                    leftSection={<IconEyeOff size={14} aria-hidden />}
                    onClick={() => onDismiss(risk)}
                    aria-label={`Dismiss risk #${risk.id}`}
                    data-testid="dismiss-button"
                  >
                    Dismiss
                  </Button>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/**
 * `/risks`: open signals below every level — visible, not paged. Each can be promoted to an incident at a
 * level (it pages) or dismissed with a reason (it closes). Updated live.
 */
export function RisksPage() {
  const risks = useRisks();
  const [page, setPage] = useState(1);
  const [promoting, setPromoting] = useState<IncidentSummary | null>(null);
  const [dismissing, setDismissing] = useState<IncidentSummary | null>(null);
  const [done, setDone] = useState<{ message: string; id: number } | null>(null);
  const onDone = (message: string, id: number): void => setDone({ message, id });

  const all = risks.data ?? [];
  const pages = Math.max(1, Math.ceil(all.length / PAGE_SIZE));
  const current = Math.min(page, pages);
  const shown = all.slice((current - 1) * PAGE_SIZE, current * PAGE_SIZE);

  return (
    <Stack gap="md" maw={1280} mx="auto">
      <Group gap="sm" align="center">
        <Title order={1} size="h2">
          Risks
        </Title>
        {risks.data && (
          <Text c="dimmed" size="sm" aria-live="polite">
            {all.length} open
          </Text>
        )}
        {risks.isFetching && !risks.isPending && <Loader size="xs" aria-label="Refreshing" />}
      </Group>
      <Text size="sm" c="dimmed" maw={760}>
        A risk is a signal below the lowest level of every sequence: it is visible here and pages nobody. Promote one to
        make it an incident at a level, or dismiss it with a reason.
      </Text>
      {done && (
        <Alert
          color="teal"
          variant="light"
          icon={<IconCheck />}
          withCloseButton
          onClose={() => setDone(null)}
          role="status"
          data-testid="risk-action-done"
        >
          {done.message}{' '}
          <Anchor component={Link} to={`/incidents/${done.id}`} size="sm">
            Open #{done.id}
          </Anchor>
        </Alert>
      )}
      {risks.isError && risks.data && (
        <ErrorState
          title="Cannot refresh risks; showing the last list"
          error={risks.error}
          onRetry={() => void risks.refetch()}
        />
      )}
      {risks.isPending ? (
        <LoadingState label="Loading risks…" />
      ) : risks.isError && !risks.data ? (
        <ErrorState title="Cannot load risks" error={risks.error} onRetry={() => void risks.refetch()} />
      ) : all.length === 0 ? (
        <Paper withBorder>
          <EmptyState
            py="xl"
            icon={<IconShieldCheck size={28} />}
            variant="light"
            color="teal"
            title="No open risks"
            description="Signals below every level show up here, for a person to promote or dismiss."
            data-testid="risks-empty"
          />
        </Paper>
      ) : (
        <Paper withBorder>
          <RiskTable risks={shown} onPromote={setPromoting} onDismiss={setDismissing} />
          {pages > 1 && (
            <Group justify="center" p="sm">
              <Pagination total={pages} value={current} onChange={setPage} size="sm" aria-label="Risk pages" />
            </Group>
          )}
        </Paper>
      )}
      <PromoteRiskDialog risk={promoting} onClose={() => setPromoting(null)} onDone={onDone} />
      <DismissRiskDialog risk={dismissing} onClose={() => setDismissing(null)} onDone={onDone} />
    </Stack>
  );
}
