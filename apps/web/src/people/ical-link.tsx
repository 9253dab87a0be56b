import { ActionIcon, CopyButton, Group, Text, TextInput, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ICalFeedLink } from '@faultline/contracts';
import { errorMessage } from '../ui/states.tsx';

/**
 * A calendar subscription address with a copy button. The link is signed: anyone who has it can read the
 * shifts, so it is shown only to those allowed to read them.
 */
export function ICalLink({ label, link }: { label: string; link: UseQueryResult<ICalFeedLink> }) {
  if (link.isPending) return null;
  if (link.isError) {
    return (
      <Text size="sm" c="dimmed">
        {label}: {errorMessage(link.error)}
      </Text>
    );
  }
  const url = link.data.url;
  return (
    <Group gap="xs" align="flex-end" wrap="nowrap">
      <TextInput label={label} value={url} readOnly style={{ flex: 1 }} onFocus={(e) => e.currentTarget.select()} />
      <CopyButton value={url}>
        {({ copied, copy }) => (
          <Tooltip label={copied ? 'Copied' : 'Copy'}>
            <ActionIcon variant="default" size="lg" mb={1} aria-label={`Copy ${label}`} onClick={copy}>
              {copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />}
            </ActionIcon>
          </Tooltip>
        )}
      </CopyButton>
    </Group>
  );
}
