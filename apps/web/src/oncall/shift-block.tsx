import { Box, Text, Tooltip } from '@mantine/core';
import { usePersonName } from '../people/use-person-name.ts';
import type { LanedSegment } from './shift-lanes.ts';

/**
 * One shift drawn in a week column: placed by share of the day, coloured per person, labelled for screen
 * readers and tests with who, the day and the local hours (`data-date`, `data-from`, `data-to`).
 */
export function ShiftBlock({ segment, date, color }: { segment: LanedSegment; date: string; color: string }) {
  const { shift } = segment;
  const name = usePersonName()(shift.user);
  const label = `${name} on call ${segment.from}–${segment.to}${shift.override ? ' (override)' : ''}`;
  const width = 100 / segment.lanes;
  return (
    <Tooltip label={`${label}${shift.layer ? ` · layer ${shift.layer}` : ''}`} withArrow openDelay={150}>
      <Box
        role="listitem"
        aria-label={label}
        data-testid="calendar-shift"
        data-user={shift.user}
        data-date={date}
        data-from={segment.from}
        data-to={segment.to}
        data-override={shift.override ? 'true' : 'false'}
        pos="absolute"
        px={4}
        style={{
          top: `${segment.topPct}%`,
          height: `${segment.heightPct}%`,
          left: `${segment.lane * width}%`,
          width: `calc(${width}% - 2px)`,
          overflow: 'hidden',
          background: `var(--mantine-color-${color}-light)`,
          borderLeft: `3px ${shift.override ? 'dashed' : 'solid'} var(--mantine-color-${color}-filled)`,
          borderTop: segment.continuesBefore ? undefined : '1px solid var(--mantine-color-body)',
          borderRadius: 3,
        }}
      >
        <Text size="xs" fw={600} truncate="end">
          {name}
        </Text>
        {/* Under about 1.5 hours there is room for the name only; the hours stay in the label and tooltip. */}
        {segment.heightPct >= 6 && (
          <Text size="xs" c="dimmed" truncate="end">
            {segment.from}–{segment.to}
          </Text>
        )}
      </Box>
    </Tooltip>
  );
}
