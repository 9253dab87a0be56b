import { Alert, Button, Code, PasswordInput, Stack, Text } from '@mantine/core';
import { IconAlertCircle, IconKey } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { isUnauthorized } from '../api/client.ts';
import { useSignIn } from '../api/session.ts';
import { errorMessage } from '../ui/states.tsx';
import { useT } from '../i18n/index.ts';
import { FormattedMessage } from 'react-intl';

/** Sign in with an API token (the first admin, automation accounts). */
export function TokenSignInForm({ onSignedIn }: { onSignedIn: () => void }) {
  const t = useT();
  const signIn = useSignIn();
  const [token, setToken] = useState('');
  const wrongToken = signIn.isError && isUnauthorized(signIn.error);
  const failure = signIn.isError ? (wrongToken ? t('console.signIn.wrongToken') : errorMessage(signIn.error, t)) : null;

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
          label={t('console.signIn.token')}
          placeholder={t('console.signIn.tokenPlaceholder')}
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
          {t('console.signIn.submitToken')}
        </Button>
        <Text size="xs" c="dimmed">
          <FormattedMessage
            id="console.signIn.tokenHint"
            values={{ file: <Code data-i18n-value>data/admin-token</Code> }}
          />
        </Text>
      </Stack>
    </form>
  );
}
