import type { ContactMethodKind } from '@faultline/contracts';
import { Button, Group, Select, TextInput } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import type { useContactMethodActions } from '../api/contact.ts';
import { fieldErrors } from '../oncall/field-errors.ts';

const KINDS: Array<{ value: ContactMethodKind; label: string }> = [
  { value: 'email', label: 'Email' },
  { value: 'sms', label: 'SMS' },
  { value: 'voice', label: 'Voice call' },
  { value: 'chat', label: 'Chat' },
];

const ADDRESS_LABEL: Record<ContactMethodKind, string> = {
  email: 'Email address',
  sms: 'Phone number (E.164)',
  voice: 'Phone number (E.164)',
  chat: 'Chat handle',
};
const PLACEHOLDER: Record<ContactMethodKind, string> = {
  email: 'ann@example.com',
  sms: '+14155550100',
  voice: '+14155550100',
  chat: 'U024BE7LH',
};

/** Adds an (unverified) contact method: kind, address, for chat the channel it goes through, and a label. */
export function AddContactMethodForm({ actions }: { actions: ReturnType<typeof useContactMethodActions> }) {
  const [kind, setKind] = useState<ContactMethodKind>('email');
  const [address, setAddress] = useState('');
  const [channelId, setChannelId] = useState('');
  const [label, setLabel] = useState('');
  const errors = fieldErrors(actions.add.error);
  return (
    <Group
      align="flex-start"
      component="form"
      aria-label="Add contact method"
      onSubmit={(e) => {
        e.preventDefault();
        actions.add.mutate(
          {
            kind,
            address: address.trim(),
            ...(kind === 'chat' && channelId.trim() ? { channelId: channelId.trim() } : {}),
            ...(label.trim() ? { label: label.trim() } : {}),
          },
          {
            onSuccess: () => {
              setAddress('');
              setLabel('');
            },
          },
        );
      }}
    >
      <Select
        label="Kind"
        w={130}
        data={KINDS}
        value={kind}
        onChange={(k) => k && setKind(k as ContactMethodKind)}
        allowDeselect={false}
      />
      <TextInput
        label={ADDRESS_LABEL[kind]}
        placeholder={PLACEHOLDER[kind]}
        value={address}
        onChange={(e) => setAddress(e.currentTarget.value)}
        error={
          errors.get('address') ?? (actions.add.isError && errors.size === 0 ? actions.add.error.message : undefined)
        }
        required
        style={{ flex: 1 }}
      />
      {kind === 'chat' && (
        <TextInput
          label="Channel id"
          description="The configured chat channel"
          value={channelId}
          onChange={(e) => setChannelId(e.currentTarget.value)}
          error={errors.get('channelId')}
          required
        />
      )}
      <TextInput
        label="Label"
        placeholder="work phone"
        value={label}
        onChange={(e) => setLabel(e.currentTarget.value)}
        w={160}
      />
      <Button type="submit" mt={25} loading={actions.add.isPending} leftSection={<IconPlus size={14} aria-hidden />}>
        Add
      </Button>
    </Group>
  );
}
