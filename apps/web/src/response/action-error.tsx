import { Alert } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { errorMessage } from '../ui/states.tsx';
import { useT } from '../i18n/index.ts';

/** The server's refusal of a room action, with the fields it names; closable. */
export function ActionError({ error, onClose }: { error: unknown; onClose: () => void }) {
  const t = useT();
  if (!error) return null;
  return (
    <Alert
      color="red"
      variant="light"
      icon={<IconAlertCircle />}
      title={t('console.room.notDone')}
      role="alert"
      withCloseButton
      onClose={onClose}
      data-testid="room-error"
    >
      {errorMessage(error, t)}
    </Alert>
  );
}
