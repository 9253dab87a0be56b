import { COMPONENT_STATUSES, type ResponseRoom } from '@faultline/contracts';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  NativeSelect,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useRoomAction } from '../api/response.ts';
import { RelativeTime } from '../ui/time.tsx';
import { ActionError } from './action-error.tsx';
import { STATUS_LABEL } from '../statuspage/status-view.ts';

const PHASES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;
const AUDIENCES = [
  { value: 'group', label: 'Response group' },
  { value: 'internal', label: 'Internal stakeholders' },
  { value: 'public', label: 'Public status page' },
] as const;

/** Where the incident stands on the public status page, with a link to it. */
function StatusPageLine({ room }: { room: ResponseRoom }) {
  const pi = room.statusPage.publicIncident;
  if (!room.statusPage.enabled && !pi) return null;
  return (
    <Text size="xs" c="dimmed" mb="sm" data-testid="status-page-line">
      {pi ? (
        <>
          On the{' '}
          <Anchor href="/status" target="_blank" size="xs">
            status page
          </Anchor>{' '}
          as “{pi.title}” ({pi.state}
          {Object.keys(pi.components).length > 0 &&
            `; ${Object.entries(pi.components)
              .map(
                ([id, st]) => `${room.statusPage.components.find((c) => c.id === id)?.name ?? id}: ${STATUS_LABEL[st]}`,
              )
              .join(', ')}`}
          )
        </>
      ) : (
        <>
          Not on the{' '}
          <Anchor href="/status" target="_blank" size="xs">
            status page
          </Anchor>{' '}
          yet
        </>
      )}
    </Text>
  );
}

/** The public part of an update: title (required on the first), message, component statuses. */
function PublicFields({
  room,
  title,
  setTitle,
  message,
  setMessage,
  components,
  setComponents,
}: {
  room: ResponseRoom;
  title: string;
  setTitle: (v: string) => void;
  message: string;
  setMessage: (v: string) => void;
  components: Record<string, string>;
  setComponents: (v: Record<string, string>) => void;
}) {
  const first = room.statusPage.publicIncident === null;
  const current = room.statusPage.publicIncident?.components ?? {};
  return (
    <Stack gap="xs" data-testid="public-fields">
      <TextInput
        label="Public title"
        description={first ? 'What the status page calls this incident' : 'Leave empty to keep it'}
        placeholder={room.statusPage.publicIncident?.title}
        value={title}
        onChange={(e) => setTitle(e.currentTarget.value)}
        required={first}
      />
      <Textarea
        label="Public message"
        description="Shown on the status page; empty: the impact. Actions stay internal."
        value={message}
        onChange={(e) => setMessage(e.currentTarget.value)}
        autosize
        minRows={1}
      />
      {room.statusPage.components.length > 0 && (
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="xs">
          {room.statusPage.components.map((c) => (
            <NativeSelect
              key={c.id}
              label={`${c.name}${c.proposed ? ' (this service)' : ''}`}
              value={components[c.id] ?? ''}
              onChange={(e) => setComponents({ ...components, [c.id]: e.currentTarget.value })}
              data={[
                {
                  value: '',
                  label: current[c.id] ? `unchanged (${STATUS_LABEL[current[c.id]!]})` : 'not affected',
                },
                ...COMPONENT_STATUSES.map((st) => ({ value: st, label: STATUS_LABEL[st] })),
              ]}
            />
          ))}
        </SimpleGrid>
      )}
    </Stack>
  );
}

/**
 * Status updates (DESIGN §7): the cadence (due, or "update overdue"), the updates published so far, where
 * the incident stands on the public status page, and the form to publish one (phase, impact, actions,
 * audiences; for the public audience a public title, message and component statuses).
 */
export function UpdatesCard({ room }: { room: ResponseRoom }) {
  const action = useRoomAction(room.incidentId);
  const [phase, setPhase] = useState<(typeof PHASES)[number]>('investigating');
  const [impact, setImpact] = useState('');
  const [actions, setActions] = useState('');
  const [audiences, setAudiences] = useState<string[]>(['group', 'internal']);
  const [publicTitle, setPublicTitle] = useState('');
  const [publicMessage, setPublicMessage] = useState('');
  const [components, setComponents] = useState<Record<string, string>>({});
  const toPublic = audiences.includes('public');
  const overdue = room.cadence.state === 'overdue';
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="updates-heading">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4" id="updates-heading">
          Status updates
        </Title>
        {room.cadence.everyMs !== null && (
          <Text size="xs" c="dimmed">
            every {room.cadence.everyMs / 60_000} min
          </Text>
        )}
      </Group>
      {overdue && (
        <Alert color="orange" variant="light" title="Update overdue" mb="sm" data-testid="update-overdue">
          An update was due <RelativeTime value={room.cadence.dueAt} span size="sm" />.
        </Alert>
      )}
      {room.cadence.state === 'on-time' && room.cadence.dueAt && (
        <Text size="xs" c="dimmed" mb="sm">
          Next update due <RelativeTime value={room.cadence.dueAt} span size="xs" />
        </Text>
      )}
      <StatusPageLine room={room} />
      <Stack gap="xs" data-testid="updates">
        {[...room.updates].reverse().map((u) => (
          <div key={u.id}>
            <Group gap="xs">
              <Badge size="sm" variant="light">
                {u.phase}
              </Badge>
              <Text size="xs" c="dimmed">
                {u.by} · <RelativeTime value={u.at} span size="xs" /> · {u.audiences.join(', ')}
              </Text>
            </Group>
            <Text size="sm">{u.impact}</Text>
            {u.actions && (
              <Text size="sm" c="dimmed">
                {u.actions}
              </Text>
            )}
          </div>
        ))}
      </Stack>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          action.mutate(
            {
              path: 'updates',
              body: {
                phase,
                impact,
                actions,
                audiences,
                ...(toPublic && publicTitle.trim() ? { publicTitle } : {}),
                ...(toPublic && publicMessage.trim() ? { publicMessage } : {}),
                ...(toPublic && Object.values(components).some(Boolean)
                  ? { components: Object.fromEntries(Object.entries(components).filter(([, v]) => v)) }
                  : {}),
              },
            },
            {
              onSuccess: () => {
                setImpact('');
                setActions('');
                setPublicTitle('');
                setPublicMessage('');
                setComponents({});
              },
            },
          );
        }}
      >
        <Stack gap="xs" mt="md">
          <NativeSelect
            label="Phase"
            value={phase}
            onChange={(e) => setPhase(e.currentTarget.value as (typeof PHASES)[number])}
            data={[...PHASES]}
          />
          <Textarea
            label="Impact"
            description="What users see now"
            value={impact}
            onChange={(e) => setImpact(e.currentTarget.value)}
            autosize
            minRows={2}
            required
          />
          <Textarea
            label="Actions"
            value={actions}
            onChange={(e) => setActions(e.currentTarget.value)}
            autosize
            minRows={1}
          />
          <Checkbox.Group label="Audiences" value={audiences} onChange={setAudiences}>
            <Group gap="sm" mt={4}>
              {AUDIENCES.map((a) => (
                <Checkbox key={a.value} value={a.value} label={a.label} />
              ))}
            </Group>
          </Checkbox.Group>
          {toPublic && (
            <PublicFields
              room={room}
              title={publicTitle}
              setTitle={setPublicTitle}
              message={publicMessage}
              setMessage={setPublicMessage}
              components={components}
              setComponents={setComponents}
            />
          )}
          <Group justify="flex-end">
            <Button type="submit" size="xs" loading={action.isPending}>
              Publish update
            </Button>
          </Group>
          <ActionError error={action.error} onClose={() => action.reset()} />
        </Stack>
      </form>
    </Card>
  );
}
