import { Alert, Button, Code, PasswordInput, Stack, Text } from '@mantine/core';
import { IconAlertCircle, IconKey } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { isUnauthorized } from '../api/client.ts';
import { useSignIn } from '../api/session.ts';
import { errorMessage } from '../ui/states.tsx';

/** Sign in with an API token (the first admin, automation accounts). */
export function TokenSignInForm({ onSignedIn }: { onSignedIn: () => void }) {
  const signIn = useSignIn();
  const [token, setToken] = useState('');
  const wrongToken = signIn.isError && isUnauthorized(signIn.error);
  const failure = signIn.isError
    ? wrongToken
      ? 'That token was not accepted. Check for a typo, or ask an admin for a new one.'
      : errorMessage(signIn.error)
    : null;

  const submit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    const trimmed = token.trim();
    if (trimmed) signIn.mutate(trimmed, { onSuccess: onSignedIn });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        {failure && (
          <Alert color="red" variant="light" icon={<IconAlertCircle />} role="alert" data-testid="signin-error">
            {failure}
          </Alert>
        )}
        <PasswordInput
          label="API token"
          placeholder="Paste your token"
          leftSection={<IconKey size={16} aria-hidden />}
          autoComplete="off"
          required
          value={token}
          error={wrongToken}
          onChange={(event) => {
            setToken(event.currentTarget.value);
            if (signIn.isError) signIn.reset();
          }}
          data-testid="signin-token"
        />
        <Button
          type="submit"
          variant="light"
          fullWidth
          loading={signIn.isPending}
          disabled={!token.trim()}
          data-testid="signin-submit"
        >
          Sign in with token
        </Button>
        <Text size="xs" c="dimmed">
          The first start of the server prints the admin token and writes it to <Code>data/admin-token</Code>.
        </Text>
      </Stack>
    </form>
  );
}
