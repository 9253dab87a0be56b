import type { ChangeKind } from '@faultline/contracts';
import { Badge } from '@mantine/core';

/** Colour of each change kind (badges and lane marks). */
export const KIND_COLOR: Record<ChangeKind, string> = {
  deploy: 'blue',
  config: 'violet',
  flag: 'teal',
  migration: 'orange',
  infra: 'gray',
};
/** A change's kind as a coloured badge. */
export function KindBadge({ kind }: { kind: ChangeKind }) {
  return (
    <Badge size="sm" variant="light" color={KIND_COLOR[kind]}>
      {kind}
    </Badge>
  );
}
