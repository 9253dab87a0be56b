import { Badge, Box, SimpleGrid, Stack, Text } from '@mantine/core';
import dayjs from 'dayjs';
import { type CalendarDay, type CalendarShift, segmentsOn } from './calendar-math.ts';
import { usePersonName } from '../people/use-person-name.ts';

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

function DayCell({
  day,
  inMonth,
  shifts,
  gaps,
  colors,
  timeZone,
}: {
  day: CalendarDay;
  inMonth: boolean;
  shifts: CalendarShift[];
  gaps: CalendarShift[];
  colors: Map<string, string>;
  timeZone: string;
}) {
  const name = usePersonName();
  const segments = segmentsOn(day, shifts, timeZone);
  const hasGap = segmentsOn(day, gaps, timeZone).length > 0;
  return (
    <Box
      role="list"
      aria-label={dayjs(day.date).format('dddd D MMMM YYYY')}
      data-testid="calendar-day"
      data-date={day.date}
      p={4}
      mih={96}
      style={{
        border: '1px solid var(--mantine-color-default-border)',
        opacity: inMonth ? 1 : 0.5,
        background: hasGap ? 'var(--mantine-color-red-light)' : undefined,
      }}
    >
      <Text size="xs" fw={600} mb={2}>
        {Number(day.date.slice(8))}
      </Text>
      <Stack gap={2}>
        {segments.map((s) => (
          <Badge
            key={`${s.shift.user}-${s.shift.start}`}
            role="listitem"
            aria-label={`${name(s.shift.user)} on call ${s.from}–${s.to}${s.shift.override ? ' (override)' : ''}`}
            data-testid="calendar-shift"
            data-user={s.shift.user}
            data-date={day.date}
            data-from={s.from}
            data-to={s.to}
            data-override={s.shift.override ? 'true' : 'false'}
            color={colors.get(s.shift.user) ?? 'gray'}
            variant={s.shift.override ? 'outline' : 'light'}
            tt="none"
            radius="sm"
            fullWidth
            styles={{ label: { textAlign: 'left' } }}
          >
            {s.from}–{s.to} {name(s.shift.user)}
          </Badge>
        ))}
        {hasGap && (
          <Text size="xs" c="red">
            gap
          </Text>
        )}
      </Stack>
    </Box>
  );
}

/** The month view: six weeks from the Monday before the 1st, each day listing its shifts' local hours. */
export function MonthGrid({
  month,
  days,
  shifts,
  gaps,
  colors,
  timeZone,
}: {
  /** `YYYY-MM` of the month shown; other days are dimmed. */
  month: string;
  days: CalendarDay[];
  shifts: CalendarShift[];
  gaps: CalendarShift[];
  colors: Map<string, string>;
  timeZone: string;
}) {
  return (
    <Box style={{ overflowX: 'auto' }}>
      <SimpleGrid cols={7} spacing={0} verticalSpacing={0} miw={760}>
        {WEEKDAYS.map((d) => (
          <Text key={d} size="sm" fw={600} ta="center" py={4}>
            {d}
          </Text>
        ))}
        {days.map((day) => (
          <DayCell
            key={day.date}
            day={day}
            inMonth={day.date.startsWith(month)}
            shifts={shifts}
            gaps={gaps}
            colors={colors}
            timeZone={timeZone}
          />
        ))}
      </SimpleGrid>
    </Box>
  );
}
