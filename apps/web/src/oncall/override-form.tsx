import type { OverrideInput } from '@faultline/contracts';
import { Alert, Autocomplete, Button, Group, SegmentedControl, Stack, Text } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { useState } from 'react';
import { useCreateOverrides } from '../api/oncall.ts';
import { errorMessage } from '../ui/states.tsx';
import { DateTimeField } from './date-time-field.tsx';
import { fieldErrors } from './field-errors.ts';

type Mode = 'override' | 'swap';

interface Window {
  start: string | null;
  end: string | null;
}

/**
 * Creates an override (someone on call over a window, alone or only in place of one person) or a swap (two
 * people take each other's shifts: two overrides with `replaces`). Times are picked in the viewer's zone.
 */
export function OverrideForm({
  scheduleId,
  people,
  onDone,
}: {
  scheduleId: string;
  people: string[];
  onDone: () => void;
}) {
  const create = useCreateOverrides(scheduleId);
  const [mode, setMode] = useState<Mode>('override');
  const [user, setUser] = useState('');
  const [replaces, setReplaces] = useState('');
  const [first, setFirst] = useState<Window>({ start: null, end: null });
  const [second, setSecond] = useState<Window>({ start: null, end: null });
  const errors = fieldErrors(create.error);

  const inputs = (): OverrideInput[] | null => {
    if (!user || !first.start || !first.end) return null;
    if (mode === 'override') {
      return [{ user, start: first.start, end: first.end, ...(replaces ? { replaces } : {}) }];
    }
    if (!replaces || !second.start || !second.end) return null;
    // A swap: `user` covers `replaces`'s shift, and `replaces` covers `user`'s.
    return [
      { user, replaces, start: first.start, end: first.end },
      { user: replaces, replaces: user, start: second.start, end: second.end },
    ];
  };
  const ready = inputs();

  return (
    <Stack
      gap="sm"
      component="form"
      aria-label={mode === 'swap' ? 'Swap shifts' : 'Create override'}
      onSubmit={(e) => {
        e.preventDefault();
        if (ready) create.mutate(ready, { onSuccess: onDone });
      }}
    >
      <SegmentedControl
        aria-label="Kind"
        value={mode}
        onChange={(v) => setMode(v as Mode)}
        data={[
          { value: 'override', label: 'Override' },
          { value: 'swap', label: 'Swap' },
        ]}
      />
      <Group grow align="flex-start">
        <Autocomplete
          label={mode === 'swap' ? 'First person' : 'Who is on call'}
          placeholder="email"
          data={people}
          value={user}
          onChange={setUser}
          required
          error={errors.get('user')}
        />
        <Autocomplete
          label={mode === 'swap' ? 'Second person' : 'Instead of (optional)'}
          description={mode === 'override' ? 'Empty: on call over everyone in the window' : undefined}
          placeholder="email"
          data={people}
          value={replaces}
          onChange={setReplaces}
          required={mode === 'swap'}
          error={errors.get('replaces')}
        />
      </Group>
      {mode === 'swap' && (
        <Text size="sm" c="dimmed">
          The first person takes the second&apos;s shift, and the second takes the first&apos;s.
        </Text>
      )}
      <Group grow align="flex-start">
        <DateTimeField
          label={mode === 'swap' ? "Second person's shift starts" : 'Starts'}
          value={first.start}
          onChange={(start) => setFirst((w) => ({ ...w, start }))}
          error={errors.get('start')}
          required
        />
        <DateTimeField
          label={mode === 'swap' ? "Second person's shift ends" : 'Ends'}
          value={first.end}
          onChange={(end) => setFirst((w) => ({ ...w, end }))}
          error={errors.get('end')}
          required
        />
      </Group>
      {mode === 'swap' && (
        <Group grow align="flex-start">
          <DateTimeField
            label="First person's shift starts"
            value={second.start}
            onChange={(start) => setSecond((w) => ({ ...w, start }))}
            required
          />
          <DateTimeField
            label="First person's shift ends"
            value={second.end}
            onChange={(end) => setSecond((w) => ({ ...w, end }))}
            required
          />
        </Group>
      )}
      {create.isError && (
        <Alert color="red" variant="light" icon={<IconAlertCircle />} role="alert" title="Not saved">
          {errorMessage(create.error)}
        </Alert>
      )}
      <Group justify="flex-end">
        <Button type="submit" disabled={!ready} loading={create.isPending}>
          {mode === 'swap' ? 'Swap shifts' : 'Create override'}
        </Button>
      </Group>
    </Stack>
  );
}
