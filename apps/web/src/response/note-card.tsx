import type { KeyTimeCode, ResponseRoom } from '@faultline/contracts';
import { Button, Card, Group, NativeSelect, SegmentedControl, Stack, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { useRoomAction } from '../api/response.ts';
import { ActionError } from './action-error.tsx';

/**
 * A note on the timeline, optionally tagged with a key time (which it sets to now), or several pasted lines
 * `2026-12-01 18:01, who did what` (times in the viewer's zone; `[cause_located]` tags set key times).
 */
export function NoteCard({ room }: { room: ResponseRoom }) {
  const action = useRoomAction(room.incidentId);
  const [mode, setMode] = useState<'note' | 'paste'>('note');
  const [text, setText] = useState('');
  const [tag, setTag] = useState('');
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="note-heading">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4" id="note-heading">
          Add to the timeline
        </Title>
        <SegmentedControl
          size="xs"
          value={mode}
          onChange={(v) => setMode(v as 'note' | 'paste')}
          data={[
            { value: 'note', label: 'Note' },
            { value: 'paste', label: 'Paste lines' },
          ]}
        />
      </Group>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const req =
            mode === 'note'
              ? { path: 'notes', body: { text, ...(tag ? { keyTime: tag as KeyTimeCode } : {}) } }
              : { path: 'timeline/paste', body: { text, timeZone: zone } };
          action.mutate(req, { onSuccess: () => setText('') });
        }}
      >
        <Stack gap="xs">
          <Textarea
            aria-label={mode === 'note' ? 'Timeline note' : 'Pasted timeline lines'}
            placeholder={mode === 'note' ? 'What happened' : '2026-12-01 18:01, Dan rolled back the deploy'}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            autosize
            minRows={2}
            required
          />
          {mode === 'note' && (
            <NativeSelect
              label="Marks a key time (now)"
              value={tag}
              onChange={(e) => setTag(e.currentTarget.value)}
              data={[
                { value: '', label: 'none' },
                ...room.keyTimes.filter((k) => k.editing === 'free').map((k) => ({ value: k.code, label: k.label })),
              ]}
            />
          )}
          <Group justify="flex-end">
            <Button type="submit" size="xs" loading={action.isPending}>
              Add
            </Button>
          </Group>
          <ActionError error={action.error} onClose={() => action.reset()} />
        </Stack>
      </form>
    </Card>
  );
}
