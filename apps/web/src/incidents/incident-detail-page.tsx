import { Alert, Anchor, Button, Grid, Group, Kbd, Loader, Stack } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { lazy, Suspense, useState } from 'react';
import { IconAlertCircle, IconArrowLeft } from '@tabler/icons-react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiRequestError } from '../api/client.ts';
import { useAcknowledge, useIncident } from '../api/incidents.ts';
import { ErrorState, errorMessage, LoadingState } from '../ui/states.tsx';
import { AcknowledgeButton } from './acknowledge-button.tsx';
import { AlertsTable } from './alerts-table.tsx';
import { EscalateButton } from './escalate-button.tsx';
import { ImpactFactsCard } from './impact-facts-card.tsx';
import { IncidentHeader } from './incident-header.tsx';
import { LevelExplanationCard } from './level-explanation-card.tsx';
import { NotificationsTable } from './notifications-table.tsx';
import { ResolveButton } from './resolve-button.tsx';
import { NoiseButton } from './noise.tsx';
import { IncidentTimeline } from './timeline.tsx';
import { ShortcutHelp } from './incident-list-page.tsx';
import { RoomSection } from '../response/room-section.tsx';
import { SuspectChangesCard } from '../changes/suspect-changes-card.tsx';
import { PlaybooksCard } from '../recovery/playbooks-card.tsx';
import type { MessageId } from '@faultline/i18n';
import { useT } from '../i18n/index.ts';

// The KPI chart brings the chart library: loaded only for an incident that watches a KPI, so the first load stays light.
const KpiChartCard = lazy(() => import('./kpi-chart-card.tsx').then((m) => ({ default: m.KpiChartCard })));

function BackLink() {
  const t = useT();
  return (
    <Anchor component={Link} to="/incidents" size="sm">
      <Group gap={4} wrap="nowrap">
        <IconArrowLeft size={16} aria-hidden />
        {t('console.incident.back')}
      </Group>
    </Anchor>
  );
}

function parseId(raw: string | undefined): number | null {
  if (!raw || !/^\d+$/.test(raw)) return null;
  const id = Number(raw);
  return Number.isSafeInteger(id) ? id : null;
}

/** The incident page's keyboard shortcuts, shown by `?` (not while typing in a field). */
export const INCIDENT_SHORTCUTS: Array<[string, MessageId]> = [
  ['a', 'console.shortcuts.acknowledge'],
  ['e', 'console.shortcuts.escalate'],
  ['r', 'console.shortcuts.resolve'],
  ['u', 'console.shortcuts.back'],
  ['?', 'console.shortcuts.help'],
];

function IncidentDetailView({ id }: { id: number }) {
  const t = useT();
  const incident = useIncident(id);
  const acknowledge = useAcknowledge(id);
  const navigate = useNavigate();
  const [help, setHelp] = useState(false);
  useHotkeys([
    ['a', () => incident.data?.status === 'triggered' && !acknowledge.isPending && acknowledge.mutate()],
    ['u', () => void navigate('/incidents')],
    ['shift+?', () => setHelp(true)],
  ]);

  if (incident.isPending) return <LoadingState label={t('console.incident.loading')} />;
  if (incident.isError && !incident.data) {
    const missing = incident.error instanceof ApiRequestError && incident.error.status === 404;
    return (
      <ErrorState
        title={missing ? t('console.incident.missing', { id }) : t('console.incident.loadFailed')}
        error={incident.error}
        onRetry={missing ? undefined : () => void incident.refetch()}
      />
    );
  }
  const data = incident.data;
  return (
    <Stack gap="md">
      <IncidentHeader
        incident={data}
        action={
          <Group gap="sm">
            <EscalateButton incident={data} />
            <AcknowledgeButton incident={data} acknowledge={acknowledge} />
            <ResolveButton incident={data} />
            <NoiseButton incident={data} />
            <Button variant="subtle" size="xs" onClick={() => setHelp(true)} aria-label={t('console.shortcuts.title')}>
              <Kbd>?</Kbd>
            </Button>
            <ShortcutHelp opened={help} onClose={() => setHelp(false)} shortcuts={INCIDENT_SHORTCUTS} />
            {data.status !== 'triggered' && data.status !== 'acknowledged' && (
              <Anchor component={Link} to={`/incidents/${data.id}/postmortem`} size="sm">
                {t('console.timeline.postmortem')}
              </Anchor>
            )}
          </Group>
        }
      />
      {acknowledge.isError && (
        <Alert
          color="red"
          variant="light"
          icon={<IconAlertCircle />}
          title={t('console.acknowledge.failed')}
          role="alert"
          withCloseButton
          onClose={() => acknowledge.reset()}
        >
          {errorMessage(acknowledge.error, t)}
        </Alert>
      )}
      <Grid gap="md" align="flex-start">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Stack gap="md">
            <RoomSection incident={data} column="main" />
            {(data.kpiWatches ?? []).length > 0 && (
              <Suspense fallback={null}>
                <KpiChartCard incident={data} />
              </Suspense>
            )}
            <SuspectChangesCard incidentId={id} />
            <PlaybooksCard incidentId={id} />
            <AlertsTable alerts={data.alerts} />
            <NotificationsTable notifications={data.notifications} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <Stack gap="md">
            <RoomSection incident={data} column="side" />
            <LevelExplanationCard incident={data} />
            <ImpactFactsCard incident={data} />
            <IncidentTimeline entries={data.timeline} />
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

/**
 * `/incidents/:id`: the response room — one incident with its lifecycle, 1-5-10 clock, key times, roles,
 * response group and status updates, its KPIs, alerts, levels and why (with history and manual changes),
 * impact facts, timeline and notifications; updated live.
 */
export function IncidentDetailPage() {
  const t = useT();
  const params = useParams();
  const id = parseId(params.id);
  return (
    <Stack gap="sm" maw={1400} mx="auto">
      <Group justify="space-between">
        <BackLink />
        {id !== null && <FetchingHint id={id} />}
      </Group>
      {id === null ? (
        <ErrorState
          title={t('console.incident.badAddress')}
          error={new ApiRequestError(404, 'NOT_FOUND', t('console.incident.notANumber', { id: params.id ?? '' }))}
        />
      ) : (
        <IncidentDetailView id={id} />
      )}
    </Stack>
  );
}

function FetchingHint({ id }: { id: number }) {
  const t = useT();
  const incident = useIncident(id);
  return incident.isFetching && !incident.isPending ? (
    <Loader size="xs" aria-label={t('console.incidents.refreshing')} />
  ) : null;
}
