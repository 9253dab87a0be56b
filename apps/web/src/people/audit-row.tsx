import type { AuditEntryView } from '@faultline/contracts';
import { ActionIcon, Code, Collapse, Table, Text } from '@mantine/core';
import { IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import { useState } from 'react';
import { formatAbsolute } from '../ui/format-time.ts';
import { auditDiff } from './audit-diff.ts';
import { usePersonName } from './use-person-name.ts';

/** One audit entry: when, who, what on which record; the arrow shows each changed field, before → after. */
export function AuditRow({ entry }: { entry: AuditEntryView }) {
  const [open, setOpen] = useState(false);
  const name = usePersonName();
  const changes = auditDiff(entry.before, entry.after);
  return (
    <>
      <Table.Tr data-testid="audit-row" data-action={entry.action}>
        <Table.Td w={40}>
          {changes.length > 0 && (
            <ActionIcon
              variant="subtle"
              aria-label={`${open ? 'Hide' : 'Show'} the changes of entry ${entry.id}`}
              aria-expanded={open}
              onClick={() => setOpen((o) => !o)}
            >
              {open ? <IconChevronDown size={16} aria-hidden /> : <IconChevronRight size={16} aria-hidden />}
            </ActionIcon>
          )}
        </Table.Td>
        <Table.Td>
          <Text size="sm">{formatAbsolute(entry.at)}</Text>
        </Table.Td>
        <Table.Td>
          <Text size="sm" title={entry.actor} data-testid="audit-actor">
            {name(entry.actor)}
          </Text>
        </Table.Td>
        <Table.Td>
          <Text size="sm" ff="monospace">
            {entry.action}
          </Text>
        </Table.Td>
        <Table.Td>
          <Text size="sm" ff="monospace">
            {entry.targetType}:{entry.targetId}
          </Text>
        </Table.Td>
      </Table.Tr>
      {changes.length > 0 && (
        <Table.Tr>
          <Table.Td colSpan={5} p={0} style={{ borderBottom: open ? undefined : 'none' }}>
            <Collapse expanded={open}>
              <Table withRowBorders={false} fz="xs" m="xs" aria-label={`Changes of entry ${entry.id}`}>
                <Table.Tbody>
                  {changes.map((c) => (
                    <Table.Tr key={c.field}>
                      <Table.Td w={160}>
                        <Text size="xs" fw={600}>
                          {c.field}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        {c.before === null ? (
                          <Text span size="xs" c="dimmed">
                            —
                          </Text>
                        ) : (
                          <Code>{c.before}</Code>
                        )}
                        {' → '}
                        {c.after === null ? (
                          <Text span size="xs" c="dimmed">
                            —
                          </Text>
                        ) : (
                          <Code>{c.after}</Code>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Collapse>
          </Table.Td>
        </Table.Tr>
      )}
    </>
  );
}
