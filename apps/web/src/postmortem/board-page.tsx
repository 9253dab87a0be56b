import type { ActionState, ActionView, BoardView } from '@faultline/contracts';
import { Alert, Anchor, Badge, Card, Group, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type DragEvent, type ReactNode } from 'react';
import { Link } from 'react-router';
import { useBoard, useMoveAction } from '../api/postmortems.ts';
import { ErrorState, LoadingState, errorMessage } from '../ui/states.tsx';
import { formatAbsolute } from '../ui/format-time.ts';
import { ActionStateMenu, NEXT_STATES } from './action-state-menu.tsx';

const STATE_LABEL: Record<ActionState, string> = {
  open: 'Open',
  in_progress: 'In progress',
  done: 'Done',
  verified: 'Verified',
};

function ActionCard({ a, onMove }: { a: ActionView; onMove: (to: ActionState, reason?: string) => void }) {
  return (
    <Card
      withBorder
      padding="xs"
      draggable
      data-testid={`board-action-${a.id}`}
      onDragStart={(e: DragEvent) => e.dataTransfer.setData('text/plain', JSON.stringify({ id: a.id, state: a.state }))}
    >
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <div>
          <Anchor component={Link} to={`/incidents/${a.incidentId}/postmortem`} size="sm" fw={500}>
            {a.title}
          </Anchor>
          <Text size="xs" c="dimmed">
            #{a.incidentId} · {a.owner} → verifier {a.verifier} · due {formatAbsolute(a.dueAt)}
          </Text>
        </div>
        <Badge variant="light" color={a.overdue ? 'red' : 'blue'}>
          {STATE_LABEL[a.state]}
        </Badge>
      </Group>
      <Group mt={4}>
        <ActionStateMenu action={a} onMove={onMove} />
      </Group>
    </Card>
  );
}

/** Drop zones for a dragged action: one per state it may reach. */
function StateDropZones({ onDrop }: { onDrop: (id: number, from: ActionState, to: ActionState) => void }) {
  const states: ActionState[] = ['in_progress', 'done', 'verified'];
  return (
    <Group gap="xs" aria-label="Drop an action here to move it">
      {states.map((s) => (
        <Card
          key={s}
          withBorder
          padding={6}
          data-testid={`drop-${s}`}
          onDragOver={(e: DragEvent) => e.preventDefault()}
          onDrop={(e: DragEvent) => {
            e.preventDefault();
            const { id, state } = JSON.parse(e.dataTransfer.getData('text/plain')) as {
              id: number;
              state: ActionState;
            };
            onDrop(id, state, s);
          }}
        >
          <Text size="xs">Drop to {STATE_LABEL[s]}</Text>
        </Card>
      ))}
    </Group>
  );
}

function Lane({
  title,
  count,
  children,
  testId,
}: {
  title: string;
  count: number;
  children: ReactNode;
  testId: string;
}) {
  return (
    <Card withBorder component="section" aria-label={title} data-testid={testId}>
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h5">
          {title}
        </Title>
        <Badge variant="filled" color="gray">
          {count}
        </Badge>
      </Group>
      <Stack gap="xs">{children}</Stack>
    </Card>
  );
}

/** `/board`: faults whose postmortem is not published, overdue actions and pending actions. */
export function BoardPage() {
  const [team, setTeam] = useState('');
  const [businessLine, setBusinessLine] = useState('');
  const [level, setLevel] = useState('');
  const [owner, setOwner] = useState('');
  const board = useBoard({ team, businessLine, level, owner });
  const move = useMoveAction();
  const moveTo = (id: number, to: ActionState, reason?: string) =>
    move.mutate({ id, to, ...(reason ? { reason } : {}) });
  const drop = (id: number, from: ActionState, to: ActionState) => {
    if (!NEXT_STATES[from].includes(to)) return;
    const back = to === 'in_progress' && (from === 'done' || from === 'verified');
    moveTo(id, to, back ? (window.prompt('Why is it sent back?') ?? '') : undefined);
  };
  return (
    <Stack gap="md">
      <Title order={1} size="h3">
        Board
      </Title>
      <Group>
        <TextInput size="xs" label="Team" value={team} onChange={(e) => setTeam(e.currentTarget.value)} />
        <TextInput
          size="xs"
          label="Business line"
          value={businessLine}
          onChange={(e) => setBusinessLine(e.currentTarget.value)}
        />
        <TextInput
          size="xs"
          label="Level"
          placeholder="P1"
          value={level}
          onChange={(e) => setLevel(e.currentTarget.value)}
        />
        <TextInput size="xs" label="Owner" value={owner} onChange={(e) => setOwner(e.currentTarget.value)} />
      </Group>
      <StateDropZones onDrop={drop} />
      {move.isError && (
        <Alert color="red" role="alert">
          {errorMessage(move.error)}
        </Alert>
      )}
      {board.isPending ? (
        <LoadingState label="Loading the board…" />
      ) : board.isError ? (
        <ErrorState title="Could not load the board" error={board.error} onRetry={() => void board.refetch()} />
      ) : (
        <Lanes data={board.data} onMove={moveTo} />
      )}
    </Stack>
  );
}

function Lanes({ data, onMove }: { data: BoardView; onMove: (id: number, to: ActionState, reason?: string) => void }) {
  return (
    <SimpleGrid cols={{ base: 1, md: 3 }}>
      <Lane title="Faults" count={data.faults.length} testId="lane-faults">
        {data.faults.map((f) => (
          <Card withBorder padding="xs" key={f.postmortemId}>
            <Anchor component={Link} to={`/incidents/${f.incidentId}/postmortem`} size="sm" fw={500}>
              #{f.incidentId} {f.title}
            </Anchor>
            <Text size="xs" c={f.overdue ? 'red' : 'dimmed'}>
              {f.level ?? '—'} · owner {f.owner ?? '—'} · due {formatAbsolute(f.dueAt)}
              {f.overdue ? ' · overdue' : ''}
            </Text>
            {f.missing.length > 0 && (
              <Text size="xs" c="dimmed">
                missing: {f.missing.join(', ')}
              </Text>
            )}
          </Card>
        ))}
      </Lane>
      <Lane title="Overdue actions" count={data.overdue.length} testId="lane-overdue">
        {data.overdue.map((a) => (
          <ActionCard key={a.id} a={a} onMove={(to, reason) => onMove(a.id, to, reason)} />
        ))}
      </Lane>
      <Lane title="Pending actions" count={data.pending.length} testId="lane-pending">
        {data.pending.map((a) => (
          <ActionCard key={a.id} a={a} onMove={(to, reason) => onMove(a.id, to, reason)} />
        ))}
      </Lane>
    </SimpleGrid>
  );
}
