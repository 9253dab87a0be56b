import { Alert, Button, Group, List } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { errorMessage } from './states.tsx';

/**
 * The foot of an editor form: the server's refusal (when every field error is already shown on its field,
 * only "Fix the fields marked in red"; otherwise the message and the errors no field shows), Cancel, and the
 * submit button.
 */
export function SaveFooter({
  save,
  fieldErrorCount,
  unshown,
  onCancel,
  submitLabel,
}: {
  save: { isError: boolean; isPending: boolean; error: unknown };
  /** Field errors of the refusal (`fieldErrors(save.error).size`). */
  fieldErrorCount: number;
  /** `path: message` lines of the errors no field of the form shows. */
  unshown: readonly string[];
  onCancel?: () => void;
  submitLabel: string;
}) {
  return (
    <>
      {save.isError && (
        <Alert color="red" variant="light" icon={<IconAlertCircle />} role="alert" title="Not saved">
          {fieldErrorCount > 0 && unshown.length === 0 ? 'Fix the fields marked in red.' : errorMessage(save.error)}
          {unshown.length > 0 && (
            <List size="sm" mt="xs">
              {unshown.map((line) => (
                <List.Item key={line}>{line}</List.Item>
              ))}
            </List>
          )}
        </Alert>
      )}
      <Group justify="flex-end">
        {onCancel && (
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
        )}
        <Button type="submit" loading={save.isPending}>
          {submitLabel}
        </Button>
      </Group>
    </>
  );
}
