import type { AlertListItem } from '@faultline/contracts';
import {
  Anchor,
  Badge,
  Button,
  Group,
  Loader,
  MultiSelect,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { IconSearch, IconX } from '@tabler/icons-react';
import { Link, useSearchParams } from 'react-router';
import { ALERT_PAGE_SIZE, useAlerts } from '../api/alerts.ts';
import { JoinReason, Labels, MutedBy } from '../incidents/alerts-table.tsx';
import { LevelBadges } from '../incidents/level-badge.tsx';
import { StatusBadge } from '../incidents/status-badge.tsx';
import { ErrorState, LoadingState } from '../ui/states.tsx';
import { RelativeTime } from '../ui/time.tsx';
import { SOURCE_CHOICES } from '../incidents/list-filters.ts';
import {
  ALERT_STATUS_CHOICES,
  FATE_CHOICES,
  FATE_WORDS,
  WINDOW_CHOICES,
  alertViewFromParams,
  isAlertViewFiltered,
  paramsOfAlertView,
  type AlertListView,
  type AlertStatusChoice,
  type FateChoice,
  type WindowChoice,
} from './alert-filters.ts';

const WINDOW_LABELS: Record<WindowChoice, string> = {
  any: 'any time',
  '1h': 'last hour',
  '24h': 'last 24 hours',
  '7d': 'last 7 days',
};

/** A text filter applied on Enter or when it loses focus. */
function TextFilter({
  label,
  value,
  onApply,
  testId,
  width = 160,
}: {
  label: string;
  value: string;
  onApply: (value: string) => void;
  testId: string;
  width?: number;
}) {
  return (
    <TextInput
      aria-label={label}
      placeholder={`any ${label.toLowerCase()}`}
      defaultValue={value}
      key={`${testId}-${value}`}
      onKeyDown={(e) => e.key === 'Enter' && onApply(e.currentTarget.value)}
      onBlur={(e) => e.currentTarget.value !== value && onApply(e.currentTarget.value)}
      w={width}
      data-testid={testId}
    />
  );
}

function Fates({ fates }: { fates: FateChoice[] }) {
  return (
    <Group gap={4} data-testid="alert-fates">
      {fates.map((f) => (
        <Tooltip key={f} label={FATE_WORDS[f].title} withArrow>
          <Badge size="xs" variant="light" color={FATE_WORDS[f].color} data-testid="alert-fate" data-fate={f}>
            {FATE_WORDS[f].label}
          </Badge>
        </Tooltip>
      ))}
    </Group>
  );
}

function AlertRow({ alert }: { alert: AlertListItem }) {
  const i = alert.incident;
  return (
    <Table.Tr data-testid="alert-list-row" data-alert-id={alert.id} style={{ verticalAlign: 'top' }}>
      <Table.Td>
        <Badge color={alert.status === 'firing' ? 'red' : 'green'} variant="light" size="sm" miw="max-content">
          {alert.status}
        </Badge>
      </Table.Td>
      <Table.Td>
        <Stack gap={6}>
          <Text size="sm" fw={500} data-testid="alert-summary">
            {alert.summary}
          </Text>
          <Fates fates={alert.fates} />
          <JoinReason reason={alert.joinReason} />
          <MutedBy alert={alert} />
          <Labels labels={alert.labels} />
          <Text size="xs" c="dimmed">
            {alert.source} · {alert.integration}
            {alert.severity ? ` · severity ${alert.severity}` : ''} · ×{alert.count}
          </Text>
        </Stack>
      </Table.Td>
      <Table.Td>
        <Stack gap={4}>
          <Anchor component={Link} to={`/incidents/${i.id}`} size="sm" data-testid="alert-incident-link">
            #{i.id} {i.title}
          </Anchor>
          <Group gap={4}>
            <StatusBadge status={i.status} size="xs" />
            <LevelBadges levels={i.levels} risk={i.risk} size="xs" />
          </Group>
          <Text size="xs" c="dimmed">
            {[i.service, i.team].filter(Boolean).join(' · ') || 'no service'}
          </Text>
        </Stack>
      </Table.Td>
      <Table.Td>
        <RelativeTime value={alert.lastSeenAt} size="sm" />
      </Table.Td>
    </Table.Tr>
  );
}

/**
 * Alerts (issue 12): every alert rather than every incident, newest first, filtered on the server (status,
 * what became of it, source, integration, service, alertname, summary, time) with the filters in the address;
 * each says what became of it, why it joined and why it is muted, and links to its incident.
 */
export function AlertsPage() {
  const [params, setParams] = useSearchParams();
  const view = alertViewFromParams(params);
  const alerts = useAlerts(view);
  const items = alerts.data?.items ?? [];
  const total = alerts.data?.total ?? 0;
  const setView = (next: Partial<AlertListView>) =>
    setParams(paramsOfAlertView({ ...view, ...next }), { replace: true });

  return (
    <Stack gap="md" maw={1280} mx="auto">
      <Group gap="sm" align="center">
        <Title order={1} size="h2">
          Alerts
        </Title>
        {alerts.data && (
          <Text c="dimmed" size="sm" aria-live="polite" data-testid="alerts-count">
            {items.length < total ? `${items.length} of ${total}` : `${total}`} {total === 1 ? 'alert' : 'alerts'}
          </Text>
        )}
        {alerts.isFetching && !alerts.isPending && <Loader size="xs" aria-label="Refreshing" />}
      </Group>
      <Group gap="xs" align="flex-end" wrap="wrap" data-testid="alert-filters">
        <TextInput
          aria-label="Search summaries"
          placeholder="Search summaries"
          leftSection={<IconSearch size={14} />}
          defaultValue={view.q}
          key={`q-${view.q}`}
          onKeyDown={(e) => e.key === 'Enter' && setView({ q: e.currentTarget.value })}
          onBlur={(e) => e.currentTarget.value !== view.q && setView({ q: e.currentTarget.value })}
          w={{ base: '100%', sm: 220 }}
          data-testid="alert-search"
        />
        <SegmentedControl
          size="xs"
          aria-label="Status"
          data={ALERT_STATUS_CHOICES.map((s) => ({ value: s, label: s === 'any' ? 'all' : s }))}
          value={view.status}
          onChange={(v) => setView({ status: v as AlertStatusChoice })}
          data-testid="alert-status-filter"
        />
        <MultiSelect
          aria-label="What became of it"
          placeholder={view.fates.length ? undefined : 'paged, muted, held…'}
          data={FATE_CHOICES.map((f) => ({ value: f, label: FATE_WORDS[f].label }))}
          value={view.fates}
          onChange={(fates) => setView({ fates: fates as FateChoice[] })}
          w={220}
          data-testid="alert-fate-filter"
        />
        <Select
          aria-label="Source"
          placeholder="any source"
          data={[...SOURCE_CHOICES]}
          value={view.source || null}
          onChange={(v) => setView({ source: v ?? '' })}
          clearable
          w={150}
          data-testid="alert-source-filter"
        />
        <TextFilter
          label="Integration"
          value={view.integration}
          onApply={(integration) => setView({ integration })}
          testId="alert-integration-filter"
        />
        <TextFilter
          label="Service"
          value={view.service}
          onApply={(service) => setView({ service })}
          testId="alert-service-filter"
        />
        <TextFilter
          label="Alertname"
          value={view.alertname}
          onApply={(alertname) => setView({ alertname })}
          testId="alert-alertname-filter"
        />
        <Select
          aria-label="Last received"
          data={(Object.keys(WINDOW_CHOICES) as WindowChoice[]).map((w) => ({ value: w, label: WINDOW_LABELS[w] }))}
          value={view.window}
          onChange={(v) => setView({ window: (v as WindowChoice | null) ?? 'any' })}
          allowDeselect={false}
          w={150}
          data-testid="alert-window-filter"
        />
        {isAlertViewFiltered(view) && (
          <Button
            variant="subtle"
            leftSection={<IconX size={14} />}
            onClick={() => setParams({}, { replace: true })}
            data-testid="alert-filters-clear"
          >
            Clear
          </Button>
        )}
      </Group>
      {alerts.isError && alerts.data && (
        <ErrorState
          title="Cannot refresh alerts; showing the last list"
          error={alerts.error}
          onRetry={() => void alerts.refetch()}
        />
      )}
      {alerts.isPending ? (
        <LoadingState label="Loading alerts…" />
      ) : alerts.isError && !alerts.data ? (
        <ErrorState title="Cannot load alerts" error={alerts.error} onRetry={() => void alerts.refetch()} />
      ) : items.length === 0 ? (
        <Paper withBorder p="lg">
          <Text c="dimmed" size="sm" data-testid="alerts-empty">
            {isAlertViewFiltered(view) ? 'No alert matches these filters.' : 'No alerts yet.'}
          </Text>
        </Paper>
      ) : (
        <Paper withBorder>
          <Table.ScrollContainer minWidth={760}>
            <Table verticalSpacing="sm" aria-label="Alerts">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={90}>Status</Table.Th>
                  <Table.Th>Alert</Table.Th>
                  <Table.Th w={300}>Incident</Table.Th>
                  <Table.Th w={112}>Last seen</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((a) => (
                  <AlertRow key={a.id} alert={a} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {alerts.hasNextPage && (
            <Group p="sm" justify="center">
              <Button
                variant="default"
                loading={alerts.isFetchingNextPage}
                onClick={() => void alerts.fetchNextPage()}
                data-testid="alerts-more"
              >
                Next {Math.min(ALERT_PAGE_SIZE, total - items.length)} of {total - items.length} more
              </Button>
            </Group>
          )}
        </Paper>
      )}
    </Stack>
  );
}
