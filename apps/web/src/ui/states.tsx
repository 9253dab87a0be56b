import { Alert, Button, Center, Group, Loader, Stack, Text } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { ApiRequestError } from '../api/client.ts';
import type { MessageId } from '@faultline/i18n';
import { useT } from '../i18n/index.ts';

/** A centred spinner with a label that screen readers announce. */
export function LoadingState({ label }: { label: string }) {
  // Callers pass a translated label (t('console.….loading')); this component adds no words of its own.
  return (
    <Center py="xl" role="status" aria-live="polite">
      <Stack align="center" gap="xs">
        <Loader size="md" />
        <Text c="dimmed" size="sm">
          {label}
        </Text>
      </Stack>
    </Center>
  );
}

/**
 * The message to show a person for an error thrown by the API client (never a stack trace): the server's message
 * (in the console's language when the server has it, through `Accept-Language`), or, given `t`, the catalog's words
 * for an unreachable server and for an error of the console itself (English without `t`, for pages not yet
 * translated).
 */
export function errorMessage(error: unknown, t?: (id: MessageId) => string): string {
  if (error instanceof ApiRequestError) {
    return error.code === 'NETWORK' && t ? t('console.error.network') : error.message;
  }
  return t ? t('console.error.generic') : 'Something went wrong in the console. Reload the page to try again.';
}

/** A red alert explaining a failed load, with an optional retry. */
export function ErrorState({ title, error, onRetry }: { title: string; error: unknown; onRetry?: () => void }) {
  const t = useT();
  return (
    <Alert color="red" variant="light" title={title} icon={<IconAlertCircle />} role="alert">
      <Group justify="space-between" align="center" wrap="nowrap">
        <Text size="sm">{errorMessage(error, t)}</Text>
        {onRetry && (
          <Button size="xs" variant="white" color="red" onClick={onRetry}>
            {t('console.error.retry')}
          </Button>
        )}
      </Group>
    </Alert>
  );
}
