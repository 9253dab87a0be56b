import { Button, Group, Select, Stack, TextInput, Textarea } from '@mantine/core';
import { useState } from 'react';
import type { ActionCreate } from '@faultline/contracts';
import { errorMessage } from '../ui/states.tsx';

const TYPES = ['prevent', 'detect', 'mitigate', 'process'] as const;

/** A form to add an improvement action; errors from the server (e.g. the verifier is the owner) are shown. */
export function ActionForm({
  onAdd,
  pending,
  error,
  trackers,
}: {
  onAdd: (a: Partial<ActionCreate>) => void;
  /** Configured trackers the action can be mirrored to (none: the field is not shown). */
  trackers: readonly string[];
  pending: boolean;
  error: unknown;
}) {
  const [title, setTitle] = useState('');
  const [owner, setOwner] = useState('');
  const [verifier, setVerifier] = useState('');
  const [acceptance, setAcceptance] = useState('');
  const [type, setType] = useState<string | null>('prevent');
  const [sync, setSync] = useState<string | null>(null);
  return (
    <Stack
      gap="xs"
      component="form"
      aria-label="Add an action"
      onSubmit={(e) => {
        e.preventDefault();
        onAdd({
          title,
          owner,
          verifier,
          acceptanceCriteria: acceptance,
          type: (type ?? 'prevent') as ActionCreate['type'],
          ...(sync ? { sync } : {}),
        });
      }}
    >
      <Group grow>
        <TextInput label="Action" value={title} onChange={(e) => setTitle(e.currentTarget.value)} required />
        <Select label="Type" data={[...TYPES]} value={type} onChange={setType} allowDeselect={false} />
      </Group>
      <Group grow>
        <TextInput label="Owner" value={owner} onChange={(e) => setOwner(e.currentTarget.value)} required />
        <TextInput label="Verifier" value={verifier} onChange={(e) => setVerifier(e.currentTarget.value)} required />
      </Group>
      {trackers.length > 0 && (
        <Select
          label="Mirror to tracker"
          placeholder="not mirrored"
          data={[...trackers]}
          value={sync}
          onChange={setSync}
          clearable
        />
      )}
      <Textarea
        label="Acceptance criteria"
        value={acceptance}
        onChange={(e) => setAcceptance(e.currentTarget.value)}
        autosize
        minRows={2}
      />
      {error ? (
        <div role="alert" style={{ color: 'var(--mantine-color-red-7)', fontSize: 14 }}>
          {errorMessage(error)}
        </div>
      ) : null}
      <Group>
        <Button type="submit" loading={pending}>
          Add action
        </Button>
      </Group>
    </Stack>
  );
}
