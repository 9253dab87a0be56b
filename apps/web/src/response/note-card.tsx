import type { KeyTimeCode, ResponseRoom } from '@faultline/contracts';
import { Button, Card, Group, NativeSelect, SegmentedControl, Stack, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { useRoomAction } from '../api/response.ts';
import { ActionError } from './action-error.tsx';
import { useT } from '../i18n/index.ts';
import { KEY_TIME_LABEL } from './key-times-card.tsx';

/**
 * A note on the timeline, optionally tagged with a key time (which it sets to now), or several pasted lines
 * `2026-12-01 18:01, who did what` (times in the viewer's zone; `[cause_located]` tags set key times).
 */
export function NoteCard({ room }: { room: ResponseRoom }) {
  const t = useT();
  const action = useRoomAction(room.incidentId);
  const [mode, setMode] = useState<'note' | 'paste'>('note');
  const [text, setText] = useState('');
  const [tag, setTag] = useState('');
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="note-heading">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4" id="note-heading">
          {t('console.room.note.title')}
        </Title>
        <SegmentedControl
          size="xs"
          value={mode}
          onChange={(v) => setMode(v as 'note' | 'paste')}
          data={[
            { value: 'note', label: t('console.room.note.note') },
            { value: 'paste', label: t('console.room.note.paste') },
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
            aria-label={mode === 'note' ? t('console.room.note.noteLabel') : t('console.room.note.pasteLabel')}
            placeholder={
              mode === 'note' ? t('console.room.note.notePlaceholder') : t('console.room.note.pastePlaceholder')
            }
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            autosize
            minRows={2}
            required
          />
          {mode === 'note' && (
            <NativeSelect
              label={t('console.room.note.marks')}
              value={tag}
              onChange={(e) => setTag(e.currentTarget.value)}
              data={[
                { value: '', label: t('console.room.note.none') },
                ...room.keyTimes
                  .filter((k) => k.editing === 'free')
                  .map((k) => ({ value: k.code, label: t(KEY_TIME_LABEL[k.code]) })),
              ]}
            />
          )}
          <Group justify="flex-end">
            <Button type="submit" size="xs" loading={action.isPending}>
              {t('console.room.note.add')}
            </Button>
          </Group>
          <ActionError error={action.error} onClose={() => action.reset()} />
        </Stack>
      </form>
    </Card>
  );
}
