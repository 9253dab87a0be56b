import type {
  PublicIncidentView,
  PublicMaintenanceView,
  StatusComponentView,
  StatusPageView,
} from '@faultline/contracts';
import {
  Alert,
  Anchor,
  Badge,
  Box,
  Button,
  Card,
  Container,
  Group,
  Stack,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { useState } from 'react';
import { IconRss } from '@tabler/icons-react';
import { useStatusPage, useSubscribe } from '../api/status-page.ts';
import { errorMessage } from '../ui/states.tsx';
import { AbsoluteTime } from '../ui/time.tsx';
import { formatAbsolute } from '../ui/format-time.ts';
import { ErrorState, LoadingState } from '../ui/states.tsx';
import { HEADLINE, STATUS_COLOR, STATUS_LABEL, dayColor, dayLabel, formatUptime, viewerZone } from './status-view.ts';

/** One component: its status, its uptime over the range, and a bar per day (oldest left). */
function ComponentRow({ c }: { c: StatusComponentView }) {
  return (
    <Box data-testid={`component-${c.id}`}>
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <div>
          <Text fw={600}>{c.name}</Text>
          {c.description && (
            <Text size="xs" c="dimmed">
              {c.description}
            </Text>
          )}
        </div>
        <Badge color={STATUS_COLOR[c.status]} variant="light" data-testid="component-status">
          {STATUS_LABEL[c.status]}
        </Badge>
      </Group>
      <Group
        gap={2}
        wrap="nowrap"
        mt={6}
        role="list"
        aria-label={`${c.name}: uptime per day`}
        data-testid="uptime-bars"
      >
        {c.days.map((d) => (
          <Tooltip key={d.date} label={dayLabel(d)} withArrow openDelay={100}>
            <Box
              role="listitem"
              aria-label={dayLabel(d)}
              data-date={d.date}
              data-worst={d.worst ?? 'none'}
              style={{
                flex: '1 1 0',
                minWidth: 1,
                height: 28,
                borderRadius: 2,
                background: `var(--mantine-color-${dayColor(d)}-${d.worst === null ? 3 : 6})`,
              }}
            />
          </Tooltip>
        ))}
      </Group>
      <Group justify="space-between" mt={2}>
        <Text size="xs" c="dimmed">
          {c.days.length} days ago
        </Text>
        <Text size="xs" c="dimmed" data-testid="uptime">
          {formatUptime(c.uptime)} uptime
        </Text>
        <Text size="xs" c="dimmed">
          Today
        </Text>
      </Group>
    </Box>
  );
}

/** A public incident with its updates, newest first, times in the viewer's zone. */
function IncidentCard({ i, names }: { i: PublicIncidentView; names: Map<string, string> }) {
  return (
    <Card withBorder padding="md" id={`incident-${i.id}`} data-testid="public-incident">
      <Group justify="space-between" gap="xs">
        <Title order={3} size="h5">
          {i.title}
        </Title>
        <Badge color={i.state === 'resolved' ? 'teal' : STATUS_COLOR[i.impact]} variant="light">
          {i.state}
        </Badge>
      </Group>
      <Stack gap="sm" mt="sm">
        {i.updates.map((u) => (
          <div key={u.at + u.state}>
            <Group gap="xs">
              <Text size="sm" fw={600} tt="capitalize">
                {u.state}
              </Text>
              <AbsoluteTime value={u.at} size="xs" c="dimmed" />
            </Group>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {u.message}
            </Text>
            {Object.keys(u.components).length > 0 && (
              <Text size="xs" c="dimmed">
                {Object.entries(u.components)
                  .map(([id, s]) => `${names.get(id) ?? id}: ${STATUS_LABEL[s]}`)
                  .join(' · ')}
              </Text>
            )}
          </div>
        ))}
      </Stack>
    </Card>
  );
}

/** Subscribe by email: the server sends a confirmation link; updates come only after it is confirmed. */
function SubscribeForm() {
  const [email, setEmail] = useState('');
  const subscribe = useSubscribe();
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="subscribe-heading">
      <Title order={2} size="h5" id="subscribe-heading" mb="xs">
        Get updates by email
      </Title>
      {subscribe.isSuccess ? (
        <Text size="sm" data-testid="subscribe-done">
          {subscribe.data.message}
        </Text>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            subscribe.mutate(email);
          }}
        >
          <Group align="flex-end" gap="xs" wrap="wrap">
            <TextInput
              label="Email"
              type="email"
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
              required
              style={{ flex: '1 1 12rem' }}
              error={subscribe.isError ? errorMessage(subscribe.error) : undefined}
            />
            <Button type="submit" loading={subscribe.isPending}>
              Subscribe
            </Button>
          </Group>
        </form>
      )}
    </Card>
  );
}

/** Scheduled or in-progress maintenance: its public title, times in the viewer's zone, components. */
function MaintenanceCard({ m, names }: { m: PublicMaintenanceView; names: Map<string, string> }) {
  return (
    <Card withBorder padding="md" id={`maintenance-${m.id}`} data-testid="maintenance">
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Text fw={600}>{m.title}</Text>
        <Badge color={STATUS_COLOR.maintenance} variant="light">
          {m.status === 'in-progress' ? 'In progress' : 'Scheduled'}
        </Badge>
      </Group>
      <Text size="sm" c="dimmed" data-testid="maintenance-times">
        {m.startsAt ? <AbsoluteTime value={m.startsAt} size="sm" span /> : 'Now'}
        {m.endsAt && (
          <>
            {' – '}
            <AbsoluteTime value={m.endsAt} size="sm" span />
          </>
        )}
      </Text>
      {m.components.length > 0 && (
        <Text size="sm">Affected: {m.components.map((c) => names.get(c) ?? c).join(', ')}</Text>
      )}
    </Card>
  );
}

function Page({ page }: { page: StatusPageView }) {
  const names = new Map(page.components.map((c) => [c.id, c.name]));
  const open = page.incidents.filter((i) => i.resolvedAt === null);
  const past = page.incidents.filter((i) => i.resolvedAt !== null);
  return (
    <Stack gap="lg">
      <Group justify="space-between">
        <Title order={1} size="h2">
          {page.title}
        </Title>
        <Anchor href="/status/feed.atom" size="sm">
          <Group gap={4}>
            <IconRss size={16} aria-hidden /> Atom feed
          </Group>
        </Anchor>
      </Group>
      <Alert color={STATUS_COLOR[page.status]} variant="filled" data-testid="headline">
        <Text fw={700}>{HEADLINE[page.status]}</Text>
      </Alert>
      {open.length > 0 && (
        <Stack gap="sm" component="section" aria-labelledby="current-heading">
          <Title order={2} size="h4" id="current-heading">
            Current incidents
          </Title>
          {open.map((i) => (
            <IncidentCard key={i.id} i={i} names={names} />
          ))}
        </Stack>
      )}
      {page.maintenance.length > 0 && (
        <Stack gap="sm" component="section" aria-labelledby="maintenance-heading">
          <Title order={2} size="h4" id="maintenance-heading">
            Scheduled maintenance
          </Title>
          {page.maintenance.map((m) => (
            <MaintenanceCard key={m.id} m={m} names={names} />
          ))}
        </Stack>
      )}
      {page.components.length > 0 && (
        <Card withBorder padding="lg" component="section" aria-label="Components">
          <Stack gap="lg">
            {page.components.map((c) => (
              <ComponentRow key={c.id} c={c} />
            ))}
          </Stack>
          <Text size="xs" c="dimmed" mt="md">
            Days in {page.timeZone}.
          </Text>
        </Card>
      )}
      <Stack gap="sm" component="section" aria-labelledby="past-heading">
        <Title order={2} size="h4" id="past-heading">
          Past incidents
        </Title>
        {past.length === 0 ? (
          <Text size="sm" c="dimmed">
            No incidents in the last {page.components[0]?.days.length ?? 0} days.
          </Text>
        ) : (
          past.map((i) => <IncidentCard key={i.id} i={i} names={names} />)
        )}
      </Stack>
      <SubscribeForm />
      <Text size="xs" c="dimmed">
        Updated {formatAbsolute(page.generatedAt)}
      </Text>
    </Stack>
  );
}

/**
 * `/status`: the public status page (issue 17 point 9), open to anyone without signing in. Components with
 * their status and daily uptime bars (the days in the viewer's zone), current and past public incidents with
 * their updates. Reads `GET /api/v1/status`, which holds only what was published to the public.
 */
export function StatusPage() {
  const zone = viewerZone();
  const page = useStatusPage(zone);
  return (
    <Container size="md" py="xl" px="md">
      {page.isPending ? (
        <LoadingState label="Loading status…" />
      ) : page.isError && !page.data ? (
        <ErrorState title="Cannot load the status page" error={page.error} onRetry={() => void page.refetch()} />
      ) : (
        <Page page={page.data} />
      )}
    </Container>
  );
}
