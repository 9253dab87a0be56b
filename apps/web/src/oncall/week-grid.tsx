import { Box, Group, Text } from '@mantine/core';
import dayjs from 'dayjs';
import { type CalendarDay, type CalendarShift, segmentsOn } from './calendar-math.ts';
import { ShiftBlock } from './shift-block.tsx';
import { assignLanes } from './shift-lanes.ts';

/** Height of one hour in the week view, px. */
const HOUR_PX = 26;
const HOURS = Array.from({ length: 24 }, (_, h) => h);

/** Day heading, e.g. `Mon 23 Nov` (the date is zone-free here: it is already the zone's calendar date). */
export function dayLabel(date: string): string {
  return dayjs(date).format('ddd D MMM');
}

function GapBlocks({ day, gaps, timeZone }: { day: CalendarDay; gaps: CalendarShift[]; timeZone: string }) {
  return segmentsOn(day, gaps, timeZone).map((gap) => (
    <Box
      key={`${gap.from}-${gap.to}`}
      role="listitem"
      aria-label={`nobody on call ${gap.from}–${gap.to}`}
      data-testid="calendar-gap"
      pos="absolute"
      left={0}
      right={0}
      style={{
        top: `${gap.topPct}%`,
        height: `${gap.heightPct}%`,
        background: 'repeating-linear-gradient(45deg, transparent 0 6px, var(--mantine-color-red-light) 6px 12px)',
      }}
    />
  ));
}

/**
 * The week view: a column per day (Monday first) with hour lines in `timeZone`, each shift a block placed by
 * its local hours and each gap hatched red. A DST day's column holds 23 or 25 hours in the same height.
 */
export function WeekGrid({
  days,
  shifts,
  gaps,
  colors,
  timeZone,
}: {
  days: CalendarDay[];
  shifts: CalendarShift[];
  gaps: CalendarShift[];
  colors: Map<string, string>;
  timeZone: string;
}) {
  return (
    <Box style={{ overflowX: 'auto' }}>
      <Box miw={760}>
        <Group gap={0} wrap="nowrap" align="stretch">
          <Box w={48} />
          {days.map((day) => (
            <Text key={day.date} size="sm" fw={600} ta="center" style={{ flex: 1 }}>
              {dayLabel(day.date)}
            </Text>
          ))}
        </Group>
        <Group gap={0} wrap="nowrap" align="stretch">
          <Box w={48} pos="relative" h={24 * HOUR_PX} aria-hidden>
            {HOURS.map((h) => (
              <Text key={h} size="xs" c="dimmed" pos="absolute" top={h * HOUR_PX - 7} right={6}>
                {h === 0 ? '' : `${String(h).padStart(2, '0')}:00`}
              </Text>
            ))}
          </Box>
          {days.map((day) => (
            <Box
              key={day.date}
              role="list"
              aria-label={dayLabel(day.date)}
              data-testid="calendar-day"
              data-date={day.date}
              pos="relative"
              h={24 * HOUR_PX}
              style={{
                flex: 1,
                borderLeft: '1px solid var(--mantine-color-default-border)',
                backgroundImage: `repeating-linear-gradient(to bottom, var(--mantine-color-default-border) 0 1px, transparent 1px ${HOUR_PX}px)`,
              }}
            >
              <GapBlocks day={day} gaps={gaps} timeZone={timeZone} />
              {assignLanes(segmentsOn(day, shifts, timeZone)).map((segment) => (
                <ShiftBlock
                  key={`${segment.shift.user}-${segment.shift.start}`}
                  segment={segment}
                  date={day.date}
                  color={colors.get(segment.shift.user) ?? 'gray'}
                />
              ))}
            </Box>
          ))}
        </Group>
      </Box>
    </Box>
  );
}
