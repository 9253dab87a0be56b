import { Anchor, Button, Card, Group, Modal, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiRequestError } from '../api/client.ts';
import { useDeleteSchedule, useSchedule } from '../api/oncall.ts';
import { usePermissions } from '../api/people.ts';
import { FeedLinksCard } from '../people/feed-links-card.tsx';
import { ErrorState, errorMessage, LoadingState } from '../ui/states.tsx';
import { FinalCalendar } from './final-calendar.tsx';
import { OverridesCard } from './overrides-card.tsx';
import { PageShell } from './page-shell.tsx';
import { draftFromBody } from './schedule-draft.ts';
import { ScheduleEditor } from './schedule-editor.tsx';
import { SourceBadge } from './source-badge.tsx';
import { useDirectory } from './use-directory.ts';

function DeleteSchedule({ id }: { id: string }) {
  const [open, setOpen] = useState(false);
  const remove = useDeleteSchedule();
  const navigate = useNavigate();
  return (
    <>
      <Button
        variant="subtle"
        color="red"
        leftSection={<IconTrash size={16} aria-hidden />}
        onClick={() => setOpen(true)}
      >
        Delete
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} title={`Delete schedule ${id}?`} centered>
        <Stack>
          <Text size="sm">Its overrides go with it. Policies that page it find nobody there.</Text>
          {remove.isError && (
            <Text size="sm" c="red" role="alert">
              {errorMessage(remove.error)}
            </Text>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button
              color="red"
              loading={remove.isPending}
              onClick={() => remove.mutate(id, { onSuccess: () => void navigate('/oncall/schedules') })}
            >
              Delete schedule
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

/**
 * `/oncall/schedules/:id`: the final schedule as a week or month calendar, the overrides (create, swap,
 * delete) and the definition — an editor for a stored schedule, read-only for one from the config.
 */
export function SchedulePage() {
  const id = useParams().id ?? '';
  const schedule = useSchedule(id);
  const { can } = usePermissions();
  const [editing, setEditing] = useState(false);
  const participants = (Array.isArray(schedule.data?.body.layers) ? schedule.data.body.layers : []).flatMap(
    (l: unknown) => ((l as { participants?: unknown }).participants as string[] | undefined) ?? [],
  );
  const directory = useDirectory(participants);

  if (schedule.isPending) return <LoadingState label="Loading schedule…" />;
  if (schedule.isError) {
    const missing = schedule.error instanceof ApiRequestError && schedule.error.status === 404;
    return <ErrorState title={missing ? `No schedule “${id}”` : 'Cannot load this schedule'} error={schedule.error} />;
  }
  const s = schedule.data;
  const canWrite = can('oncall:write', s.team);
  const editable = s.source === 'api' && canWrite;
  return (
    <PageShell
      section="oncall"
      title={
        <Group gap="sm" component="span">
          {s.name}
          <SourceBadge source={s.source} />
        </Group>
      }
      description={`${s.id} · ${s.team ? `team ${s.team}` : 'no team'} · schedule zone ${s.timeZone}`}
      actions={
        <>
          <Anchor component={Link} to="/oncall/schedules" size="sm">
            <Group gap={4}>
              <IconArrowLeft size={16} aria-hidden />
              All schedules
            </Group>
          </Anchor>
          {editable && <DeleteSchedule id={s.id} />}
        </>
      }
    >
      <FinalCalendar scheduleId={s.id} scheduleZone={s.timeZone} />
      <OverridesCard scheduleId={s.id} people={directory.people} canEdit={can('incident:respond', s.team)} />
      <FeedLinksCard
        kind="schedule"
        target={s.id}
        title="iCal feed of this schedule"
        canCreate={can('oncall:read', s.team)}
      />
      <Card withBorder padding="lg" component="section" aria-labelledby="definition-heading">
        <Group justify="space-between" mb="sm">
          <Title order={2} size="h4" id="definition-heading">
            Definition
          </Title>
          {editable && !editing && (
            <Button size="xs" variant="default" onClick={() => setEditing(true)}>
              Edit schedule
            </Button>
          )}
        </Group>
        {s.source === 'config' && (
          <Text size="sm" c="dimmed" mb="sm">
            This schedule is defined in the config file; change it there. Overrides can still be added here.
          </Text>
        )}
        <ScheduleEditor
          key={`${s.updatedAt ?? ''}-${String(editing)}`}
          initial={draftFromBody(s.body, s.team)}
          isNew={false}
          readOnly={!editing}
          teams={directory.teams}
          people={directory.people}
          onSaved={() => setEditing(false)}
          onCancel={() => setEditing(false)}
        />
      </Card>
    </PageShell>
  );
}
