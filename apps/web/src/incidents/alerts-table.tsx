import type { AlertView } from '@faultline/contracts';
import { Anchor, Badge, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { IconBellOff, IconBook, IconExternalLink, IconLink } from '@tabler/icons-react';
import { Link } from 'react-router';
import { silenceSimilarHref } from '../api/suppression.ts';
import { RelativeTime } from '../ui/time.tsx';
import { alertContext } from './alert-context.ts';

/** The alert's runbook and other links, and its other annotations (description…). */
export function Context({ annotations }: { annotations: Record<string, string> }) {
  const { links, notes } = alertContext(annotations);
  if (links.length === 0 && notes.length === 0) return null;
  return (
    <Stack gap={4} data-testid="alert-context">
      {links.length > 0 && (
        <Group gap="sm">
          {links.map((link) => (
            <Anchor
              key={link.key}
              href={link.href}
              target="_blank"
              rel="noopener noreferrer"
              size="sm"
              fw={link.label === 'Runbook' ? 600 : 400}
              data-testid="alert-link"
              data-key={link.key}
            >
              <Group gap={4} wrap="nowrap" component="span">
                {link.label === 'Runbook' ? (
                  <IconBook size={14} aria-hidden />
                ) : (
                  <IconExternalLink size={14} aria-hidden />
                )}
                {link.label}
              </Group>
            </Anchor>
          ))}
        </Group>
      )}
      {notes.map(([key, value]) => (
        <Text
          key={key}
          size="xs"
          style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
          data-testid="alert-annotation"
        >
          <Text span inherit fw={600}>
            {key}:
          </Text>{' '}
          {value}
        </Text>
      ))}
    </Stack>
  );
}

/** The alert's labels as small badges, by key. */
export function Labels({ labels }: { labels: Record<string, string> }) {
  const entries = Object.entries(labels).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return null;
  return (
    <Group gap={4} aria-label="Labels">
      {entries.map(([key, value]) => (
        <Badge
          key={key}
          variant="default"
          size="xs"
          radius="sm"
          tt="none"
          fw={400}
          maw="100%"
          title={`${key}=${value}`}
        >
          {key}={value}
        </Badge>
      ))}
    </Group>
  );
}

/** Why the alert joined (or opened) its incident, as convergence recorded it. */
export function JoinReason({ reason }: { reason: string }) {
  return (
    <Group gap={4} wrap="nowrap" align="flex-start" data-testid="alert-join-reason">
      <IconLink size={14} style={{ flexShrink: 0, marginTop: 2 }} color="var(--mantine-color-dimmed)" aria-hidden />
      <Text size="xs" c="dimmed">
        <Text span inherit fw={600}>
          Joined:
        </Text>{' '}
        {reason}
      </Text>
    </Group>
  );
}

/** Why the alert is muted (silence, maintenance, inhibition), one line per reason; nothing when it is not. */
export function MutedBy({ alert }: { alert: AlertView }) {
  if (alert.mutedBy.length === 0) return null;
  return (
    <Stack gap={2} data-testid="alert-muted-by">
      {alert.mutedBy.map((m) => (
        <Group key={`${m.kind}:${m.id}`} gap={4} wrap="nowrap" align="flex-start">
          <IconBellOff
            size={14}
            style={{ flexShrink: 0, marginTop: 2 }}
            color="var(--mantine-color-orange-6)"
            aria-hidden
          />
          <Text size="xs" c="orange.8">
            <Text span inherit fw={600}>
              Muted:
            </Text>{' '}
            {m.reason}
          </Text>
        </Group>
      ))}
    </Stack>
  );
}

/** The incident's alerts: state, what fired and why it joined this incident, labels, repeats and times. */
export function AlertsTable({ alerts }: { alerts: AlertView[] }) {
  const firing = alerts.filter((alert) => alert.status === 'firing').length;
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="alerts-heading">
      <Group gap="xs" align="baseline" mb="sm">
        <Title order={2} size="h4" id="alerts-heading">
          Alerts
        </Title>
        <Text c="dimmed" size="sm">
          {firing} firing of {alerts.length}
        </Text>
      </Group>
      {alerts.length === 0 ? (
        <Text size="sm" c="dimmed">
          No alerts joined this incident.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table verticalSpacing="sm" aria-labelledby="alerts-heading">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={90}>Status</Table.Th>
                <Table.Th>Alert</Table.Th>
                <Table.Th w={64} ta="right">
                  Count
                </Table.Th>
                <Table.Th w={112}>Started</Table.Th>
                <Table.Th w={112}>Ended</Table.Th>
                <Table.Th w={112}>Last seen</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {alerts.map((alert) => (
                <Table.Tr
                  key={alert.id}
                  data-testid="alert-row"
                  data-alert-id={alert.id}
                  style={{ verticalAlign: 'top' }}
                >
                  <Table.Td>
                    <Badge
                      color={alert.status === 'firing' ? 'red' : 'green'}
                      variant="light"
                      size="sm"
                      miw="max-content"
                    >
                      {alert.status}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Stack gap={6}>
                      <Text size="sm" fw={500}>
                        {alert.summary}
                      </Text>
                      <Context annotations={alert.annotations} />
                      <Labels labels={alert.labels} />
                      <JoinReason reason={alert.joinReason} />
                      <MutedBy alert={alert} />
                      {alert.noise && (
                        <Text size="xs" c="dimmed" data-testid="alert-noise">
                          Marked as noise by {alert.noise.by}: {alert.noise.reason}
                        </Text>
                      )}
                      <Group gap="xs">
                        <Text size="xs" c="dimmed">
                          {alert.source} · {alert.integration}
                          {alert.severity ? ` · severity ${alert.severity}` : ''}
                        </Text>
                        {alert.status === 'firing' && (
                          <Anchor component={Link} to={silenceSimilarHref(alert.labels)} size="xs">
                            Silence similar
                          </Anchor>
                        )}
                      </Group>
                    </Stack>
                  </Table.Td>
                  <Table.Td ta="right">
                    <Text size="sm" ff="monospace" aria-label={`received ${alert.count} times`}>
                      ×{alert.count}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <RelativeTime value={alert.startsAt} size="sm" />
                  </Table.Td>
                  <Table.Td>
                    {alert.endsAt ? (
                      <RelativeTime value={alert.endsAt} size="sm" />
                    ) : (
                      <Text size="sm" c="dimmed">
                        {alert.status === 'firing' ? 'still firing' : '—'}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <RelativeTime value={alert.lastSeenAt} size="sm" />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Card>
  );
}
