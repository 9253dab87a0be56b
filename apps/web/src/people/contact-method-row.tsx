import type { ContactMethodView } from '@faultline/contracts';
import { ActionIcon, Badge, Button, Group, PinInput, Stack, Table, Text, Tooltip } from '@mantine/core';
import { IconSend, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import type { useContactMethodActions } from '../api/contact.ts';
import { RelativeTime } from '../ui/time.tsx';

/** Whether a code is pending (sent and not expired) at `now` (epoch ms). */
function codePending(cm: ContactMethodView, now: number): boolean {
  return cm.codeExpiresAt !== null && Date.parse(cm.codeExpiresAt) > now;
}

function VerifyControls({
  cm,
  actions,
}: {
  cm: ContactMethodView;
  actions: ReturnType<typeof useContactMethodActions>;
}) {
  const [code, setCode] = useState('');
  const pending = codePending(cm, Date.now());
  return (
    <Stack gap={4}>
      <Group gap="xs" wrap="nowrap">
        <Button
          size="compact-sm"
          variant="light"
          leftSection={<IconSend size={14} aria-hidden />}
          loading={actions.sendCode.isPending && actions.sendCode.variables === cm.id}
          onClick={() => actions.sendCode.mutate(cm.id)}
          aria-label={`Send a code to ${cm.address}`}
        >
          {pending ? 'Send again' : 'Send code'}
        </Button>
        {pending && (
          <>
            <PinInput
              length={6}
              type="number"
              size="xs"
              oneTimeCode
              value={code}
              onChange={setCode}
              aria-label={`Code for ${cm.address}`}
              getInputProps={(index) => ({ 'aria-label': `Code for ${cm.address}, digit ${index + 1}` })}
            />
            <Button
              size="compact-sm"
              disabled={code.length !== 6}
              loading={actions.verify.isPending && actions.verify.variables?.cm === cm.id}
              onClick={() => actions.verify.mutate({ cm: cm.id, code }, { onSuccess: () => setCode('') })}
              aria-label={`Verify ${cm.address}`}
            >
              Verify
            </Button>
          </>
        )}
      </Group>
      {pending && cm.codeExpiresAt && (
        <Text size="xs" c="dimmed">
          Code sent; it expires <RelativeTime value={cm.codeExpiresAt} size="xs" span />.
        </Text>
      )}
    </Stack>
  );
}

/** One contact method: kind, address, label, verified or not (with send-code and verify), delete. */
export function ContactMethodRow({
  cm,
  actions,
  canEdit,
}: {
  cm: ContactMethodView;
  actions: ReturnType<typeof useContactMethodActions>;
  canEdit: boolean;
}) {
  return (
    <Table.Tr data-testid="contact-method-row" data-address={cm.address} data-verified={cm.verified ? 'true' : 'false'}>
      <Table.Td>
        <Text size="sm" fw={500}>
          {cm.kind}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{cm.address}</Text>
        {(cm.label ?? cm.channelId) && (
          <Text size="xs" c="dimmed">
            {[cm.label, cm.channelId && `via ${cm.channelId}`].filter(Boolean).join(' · ')}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        {cm.disabledAt ? (
          <Tooltip label={cm.disabledReason ?? 'disabled'}>
            <Badge color="gray" variant="light" size="sm">
              disabled
            </Badge>
          </Tooltip>
        ) : cm.verified ? (
          <Badge color="green" variant="light" size="sm">
            verified
          </Badge>
        ) : canEdit ? (
          <VerifyControls cm={cm} actions={actions} />
        ) : (
          <Badge color="orange" variant="light" size="sm">
            not verified
          </Badge>
        )}
      </Table.Td>
      <Table.Td w={40}>
        {canEdit && (
          <ActionIcon
            variant="subtle"
            color="red"
            aria-label={`Delete ${cm.kind} ${cm.address}`}
            onClick={() => actions.remove.mutate(cm.id)}
          >
            <IconTrash size={16} aria-hidden />
          </ActionIcon>
        )}
      </Table.Td>
    </Table.Tr>
  );
}
