import { ActionIcon, Badge, Button, Card, Group, Loader, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { IconChevronLeft, IconChevronRight } from '@tabler/icons-react';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useFinalSchedule } from '../api/oncall.ts';
import { ErrorState } from '../ui/states.tsx';
import { usePersonName } from '../people/use-person-name.ts';
import { addDays, type CalendarShift, dateIn, monthDays, personColors, weekDays } from './calendar-math.ts';
import { MonthGrid } from './month-grid.tsx';
import { WeekGrid } from './week-grid.tsx';

type View = 'week' | 'month';

/** The viewer's IANA time zone, as the browser reports it. */
export const VIEWER_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;

function shiftAnchor(anchor: string, view: View, direction: 1 | -1): string {
  if (view === 'week') return addDays(anchor, 7 * direction);
  return dayjs(`${anchor.slice(0, 7)}-01`)
    .add(direction, 'month')
    .format('YYYY-MM-DD');
}

function Legend({ colors }: { colors: Map<string, string> }) {
  const name = usePersonName();
  return (
    <Group gap={6} aria-label="People in this view">
      {[...colors].map(([user, color]) => (
        <Badge key={user} color={color} variant="light" tt="none" title={user} data-testid="calendar-person">
          {name(user)}
        </Badge>
      ))}
      <Badge color="red" variant="light" tt="none">
        gap: nobody on call
      </Badge>
    </Group>
  );
}

/**
 * The rendered final schedule (layers, restrictions and overrides combined by the server) as a week or
 * month calendar, in the viewer's time zone by default or in the schedule's, one colour per person.
 */
export function FinalCalendar({ scheduleId, scheduleZone }: { scheduleId: string; scheduleZone: string }) {
  const [view, setView] = useState<View>('week');
  const [zoneChoice, setZoneChoice] = useState<'viewer' | 'schedule'>('viewer');
  const zone = zoneChoice === 'viewer' ? VIEWER_ZONE : scheduleZone;
  const [anchor, setAnchor] = useState(() => dateIn(Date.now(), VIEWER_ZONE));
  const days = view === 'week' ? weekDays(anchor, zone) : monthDays(anchor, zone);
  const from = new Date(days[0]!.startMs).toISOString();
  const to = new Date(days[days.length - 1]!.endMs).toISOString();
  const final = useFinalSchedule(scheduleId, from, to);
  const shifts: CalendarShift[] = final.data?.shifts ?? [];
  const gaps: CalendarShift[] = useMemo(
    () => (final.data?.gaps ?? []).map((g) => ({ user: '', start: g.start, end: g.end, override: false, layer: null })),
    [final.data],
  );
  const colors = useMemo(() => personColors(shifts.map((s) => s.user)), [shifts]);
  const title =
    view === 'week'
      ? `${dayjs(days[0]!.date).format('D MMM')} – ${dayjs(days[6]!.date).format('D MMM YYYY')}`
      : dayjs(`${anchor.slice(0, 7)}-01`).format('MMMM YYYY');

  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="calendar-heading">
      <Stack gap="sm">
        <Group justify="space-between" gap="sm">
          <Group gap="xs">
            <Title order={2} size="h4" id="calendar-heading">
              Final schedule
            </Title>
            {final.isFetching && <Loader size="xs" aria-label="Loading shifts" />}
          </Group>
          <Group gap="xs">
            <SegmentedControl
              size="xs"
              aria-label="Calendar view"
              value={view}
              onChange={(v) => setView(v as View)}
              data={[
                { value: 'week', label: 'Week' },
                { value: 'month', label: 'Month' },
              ]}
            />
            <SegmentedControl
              size="xs"
              aria-label="Time zone"
              value={zoneChoice}
              onChange={(v) => setZoneChoice(v as 'viewer' | 'schedule')}
              data={[
                { value: 'viewer', label: `My zone (${VIEWER_ZONE})` },
                { value: 'schedule', label: `Schedule zone (${scheduleZone})` },
              ]}
            />
          </Group>
        </Group>
        <Group justify="space-between">
          <Group gap={4}>
            <ActionIcon
              variant="default"
              aria-label={`Previous ${view}`}
              onClick={() => setAnchor((a) => shiftAnchor(a, view, -1))}
            >
              <IconChevronLeft size={16} aria-hidden />
            </ActionIcon>
            <Button variant="default" size="xs" onClick={() => setAnchor(dateIn(Date.now(), zone))}>
              Today
            </Button>
            <ActionIcon
              variant="default"
              aria-label={`Next ${view}`}
              onClick={() => setAnchor((a) => shiftAnchor(a, view, 1))}
            >
              <IconChevronRight size={16} aria-hidden />
            </ActionIcon>
            <Text fw={600} ml="xs" data-testid="calendar-range">
              {title}
            </Text>
          </Group>
          <Text size="xs" c="dimmed">
            Times in {zone}
            {zone !== scheduleZone ? ` · the schedule's zone is ${scheduleZone}` : ''}
          </Text>
        </Group>
        {final.isError && !final.data ? (
          <ErrorState title="Cannot render this schedule" error={final.error} onRetry={() => void final.refetch()} />
        ) : view === 'week' ? (
          <WeekGrid days={days} shifts={shifts} gaps={gaps} colors={colors} timeZone={zone} />
        ) : (
          <MonthGrid
            month={anchor.slice(0, 7)}
            days={days}
            shifts={shifts}
            gaps={gaps}
            colors={colors}
            timeZone={zone}
          />
        )}
        <Legend colors={colors} />
      </Stack>
    </Card>
  );
}
