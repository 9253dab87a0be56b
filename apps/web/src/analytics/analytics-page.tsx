import { AnalyticsDimension, type AnalyticsReview } from '@faultline/contracts';
import '@mantine/charts/styles.css';
import {
  Anchor,
  Badge,
  Card,
  CloseButton,
  Group,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { API_BASE } from '../api/client.ts';
import { useAnalyticsIncidents, useAnalyticsReview, useMetricDictionary, type Drill } from '../api/analytics.ts';
import { ErrorState, LoadingState } from '../ui/states.tsx';
import { AbsoluteTime } from '../ui/time.tsx';
import {
  ComplianceCard,
  CountsCard,
  DIMENSION_LABEL,
  DisciplineCard,
  DurationsCard,
  NoiseCard,
  OncallLoadCard,
  ReleasesCard,
} from './review-cards.tsx';
import { defaultState, formatDuration, formatRate, reviewQuery, viewerZone, type ReviewState } from './review-query.ts';

/** This period against the previous one of the same length. */
function Comparison({ review }: { review: AnalyticsReview }) {
  const c = review.current;
  const p = review.previous;
  const items = [
    { label: 'Incidents', now: String(c.incidents), before: String(p.incidents) },
    {
      label: 'MTTR median',
      now: `${formatDuration(c.durations.mttr.median)} (N=${c.durations.mttr.n})`,
      before: `${formatDuration(p.durations.mttr.median)} (N=${p.durations.mttr.n})`,
    },
    {
      label: 'MTTD median',
      now: `${formatDuration(c.durations.mttd.median)} (N=${c.durations.mttd.n})`,
      before: `${formatDuration(p.durations.mttd.median)} (N=${p.durations.mttd.n})`,
    },
    {
      label: '1-5-10 met',
      now: `${formatRate(c.clockCompliance.rate)} (N=${c.clockCompliance.n})`,
      before: `${formatRate(p.clockCompliance.rate)} (N=${p.clockCompliance.n})`,
    },
    {
      label: 'Change-induced',
      now: `${formatRate(c.changeInducedShare.rate)} (N=${c.changeInducedShare.n})`,
      before: `${formatRate(p.changeInducedShare.rate)} (N=${p.changeInducedShare.n})`,
    },
  ];
  return (
    <SimpleGrid cols={{ base: 2, md: 5 }} data-testid="comparison">
      {items.map((i) => (
        <Card key={i.label} withBorder padding="sm">
          <Text size="xs" c="dimmed">
            {i.label}
          </Text>
          <Text fw={700} data-testid={`now-${i.label}`}>
            {i.now}
          </Text>
          <Text size="xs" c="dimmed">
            {p.from} → {p.to}: {i.before}
          </Text>
        </Card>
      ))}
    </SimpleGrid>
  );
}

/** The incidents behind the bar the viewer clicked. */
function DrillList({ query, drill, onClose }: { query: string; drill: Drill; onClose: () => void }) {
  const list = useAnalyticsIncidents(query, drill);
  return (
    <Card withBorder padding="md" data-testid="drill">
      <Group justify="space-between" mb="xs">
        <Title order={5}>{drill.label}</Title>
        <CloseButton onClick={onClose} aria-label="Close the incident list" />
      </Group>
      {list.isPending ? (
        <LoadingState label="Loading incidents" />
      ) : list.isError ? (
        <ErrorState title="Could not load the incidents" error={list.error} />
      ) : (
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>incident</Table.Th>
              <Table.Th>detected</Table.Th>
              <Table.Th>status</Table.Th>
              <Table.Th>team / service</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.data.incidents.map((i) => (
              <Table.Tr key={i.id} data-testid={`drill-incident-${i.id}`}>
                <Table.Td>
                  <Anchor component={Link} to={`/incidents/${i.id}`} size="sm">
                    #{i.id} {i.title}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <AbsoluteTime value={i.detectedAt} size="sm" />
                </Table.Td>
                <Table.Td>
                  <Badge variant="light" size="sm">
                    {i.status}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">
                    {i.team ?? '—'} / {i.service ?? '—'}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}

/**
 * The monthly fault review (docs/analytics.md): incident counts by month and breakdown, durations, 1-5-10
 * compliance, releases against faults, postmortem and action discipline — each chart with its table, its CSV,
 * its N and its definition. Months are the viewer's: the server cuts the period in the viewer's time zone.
 */
export function AnalyticsPage() {
  const zone = useMemo(viewerZone, []);
  const [state, setState] = useState<ReviewState>(() => defaultState(new Date(), zone));
  const [drill, setDrill] = useState<Drill | null>(null);
  /** The incident list of a click, under the card (or row of cards) that was clicked. */
  const listFor = (...cards: string[]) =>
    drill && cards.includes(drill.card) ? (
      <DrillList query={query} drill={drill} onClose={() => setDrill(null)} />
    ) : null;
  const query = reviewQuery(state, zone);
  const review = useAnalyticsReview(query);
  const dictionary = useMetricDictionary();
  const dict = useMemo(() => new Map((dictionary.data?.metrics ?? []).map((m) => [m.id, m])), [dictionary.data]);
  const set = (patch: Partial<ReviewState>) => {
    setDrill(null);
    setState((s) => ({ ...s, ...patch }));
  };

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <Stack gap={0}>
          <Title order={2}>Analytics</Title>
          <Text size="sm" c="dimmed">
            The fault review. Months and times in your zone, {zone}.
          </Text>
        </Stack>
        <Group gap="md">
          <Anchor
            href={`${API_BASE}/analytics/report.pdf?${query}&dimension=${state.dimension}`}
            download
            size="sm"
            data-testid="report-pdf"
          >
            Report (PDF)
          </Anchor>
          {review.data && (
            <Text size="xs" c="dimmed" component="div">
              Computed <AbsoluteTime value={review.data.computedAt} size="xs" span />
            </Text>
          )}
        </Group>
      </Group>
      <Group gap="sm" align="flex-end" wrap="wrap">
        <TextInput
          type="month"
          label="From month"
          value={state.fromMonth}
          onChange={(e) => e.currentTarget.value && set({ fromMonth: e.currentTarget.value })}
          data-testid="from-month"
        />
        <TextInput
          type="month"
          label="To month (included)"
          value={state.toMonth}
          onChange={(e) => e.currentTarget.value && set({ toMonth: e.currentTarget.value })}
          data-testid="to-month"
        />
        <SegmentedControl
          value={state.bucket}
          onChange={(v) => set({ bucket: v as ReviewState['bucket'] })}
          data={[
            { value: 'week', label: 'Week' },
            { value: 'month', label: 'Month' },
            { value: 'quarter', label: 'Quarter' },
          ]}
          aria-label="Bucket"
        />
        <Select
          label="Break down by"
          value={state.dimension}
          onChange={(v) => v && set({ dimension: v as AnalyticsDimension })}
          data={AnalyticsDimension.options.map((d) => ({ value: d, label: DIMENSION_LABEL[d] }))}
          allowDeselect={false}
          data-testid="dimension"
        />
        <TextInput label="Team" value={state.team} onChange={(e) => set({ team: e.currentTarget.value })} w={130} />
        <TextInput
          label="Service"
          value={state.service}
          onChange={(e) => set({ service: e.currentTarget.value })}
          w={130}
        />
        <TextInput
          label="Business line"
          value={state.businessLine}
          onChange={(e) => set({ businessLine: e.currentTarget.value })}
          w={130}
        />
        <Select
          label="Sequence"
          value={state.sequence}
          onChange={(v) => v && set({ sequence: v })}
          data={['P', 'D', 'R', 'S']}
          allowDeselect={false}
          w={80}
        />
        <TextInput
          label="Levels"
          placeholder="P1,P2"
          value={state.level}
          onChange={(e) => set({ level: e.currentTarget.value })}
          w={100}
        />
      </Group>
      {review.isPending ? (
        <LoadingState label="Computing the review" />
      ) : review.isError ? (
        <ErrorState title="Could not compute the review" error={review.error} onRetry={() => void review.refetch()} />
      ) : (
        <>
          <Text size="sm" data-testid="period">
            {review.data.period.from} → {review.data.period.to} (to excluded) ·{' '}
            <AbsoluteTime value={review.data.period.start} size="sm" span /> –{' '}
            <AbsoluteTime value={review.data.period.end} size="sm" span />
          </Text>
          <Comparison review={review.data} />
          <CountsCard
            review={review.data}
            dimension={state.dimension}
            dict={dict}
            query={query}
            onDrill={(bucket, key) =>
              setDrill({
                card: 'counts',
                label: `${bucket} · ${DIMENSION_LABEL[state.dimension]} ${key}`,
                params: { bucketKey: bucket, dimension: state.dimension, key },
              })
            }
          />
          {listFor('counts')}
          <DurationsCard review={review.data} dict={dict} query={query} onDrill={setDrill} />
          {listFor('durations')}
          <SimpleGrid cols={{ base: 1, lg: 2 }}>
            <ComplianceCard review={review.data} dict={dict} query={query} onDrill={setDrill} />
            <ReleasesCard review={review.data} dict={dict} query={query} onDrill={setDrill} />
          </SimpleGrid>
          {listFor('compliance', 'releases')}
          <SimpleGrid cols={{ base: 1, lg: 2 }}>
            <DisciplineCard review={review.data} dict={dict} query={query} onDrill={setDrill} />
            <OncallLoadCard review={review.data} dict={dict} query={query} onDrill={setDrill} />
          </SimpleGrid>
          {listFor('postmortems', 'oncall')}
          <NoiseCard review={review.data} dict={dict} query={query} onDrill={setDrill} />
          {listFor('noise')}
        </>
      )}
    </Stack>
  );
}
