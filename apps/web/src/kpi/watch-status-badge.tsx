import type { KpiWatchView } from '@faultline/contracts';
import { Badge, type MantineColor, type MantineSize, Tooltip } from '@mantine/core';

type WatchStatus = KpiWatchView['status'];

const LOOK: Record<WatchStatus, { color: MantineColor; hint: string }> = {
  ok: { color: 'green', hint: 'The KPI is within its baseline.' },
  breach: { color: 'red', hint: 'The KPI has dropped against its baseline; its module is graded from the drop.' },
  error: { color: 'orange', hint: 'The last evaluation failed; see the last error.' },
  'no-data': { color: 'gray', hint: 'The last evaluation found no value (the query returned nothing).' },
  pending: { color: 'blue', hint: 'Not evaluated yet.' },
};

/** Colour of a watch status, also used for its sparkline. */
export function watchStatusColor(status: WatchStatus): string {
  return `var(--mantine-color-${LOOK[status].color}-6)`;
}

/** A KPI watch's last evaluation as a coloured badge, with what it means on hover. */
export function WatchStatusBadge({ status, size = 'sm' }: { status: WatchStatus; size?: MantineSize }) {
  const look = LOOK[status];
  return (
    <Tooltip label={look.hint} withArrow openDelay={300} multiline maw={280}>
      <Badge
        color={look.color}
        variant="light"
        size={size}
        miw="max-content"
        data-testid="kpi-watch-status"
        data-status={status}
      >
        {status}
      </Badge>
    </Tooltip>
  );
}
