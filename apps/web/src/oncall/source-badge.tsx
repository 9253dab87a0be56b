import { Badge, Tooltip } from '@mantine/core';

/** Where a schedule or policy lives: the config file (read-only here) or the database (editable). */
export function SourceBadge({ source }: { source: 'config' | 'api' }) {
  if (source === 'api') {
    return (
      <Badge variant="light" color="teal" size="sm">
        editable
      </Badge>
    );
  }
  return (
    <Tooltip label="Defined in the config file: change it there and reload" withArrow>
      <Badge variant="light" color="gray" size="sm" data-testid="config-badge">
        config · read-only
      </Badge>
    </Tooltip>
  );
}
