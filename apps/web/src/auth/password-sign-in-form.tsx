import { Alert, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { IconAlertCircle, IconAt, IconLock } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { ApiRequestError, isUnauthorized } from '../api/client.ts';
import { errorMessage } from '../ui/states.tsx';
import { usePasswordSignIn } from './use-sign-in.ts';
import { useT } from '../i18n/index.ts';

/** Sign in with email and password. */
export function PasswordSignInForm({ onSignedIn }: { onSignedIn: () => void }) {
  const t = useT();
  const signIn = usePasswordSignIn();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const limited = signIn.error instanceof ApiRequestError && signIn.error.code === 'RATE_LIMITED';
  const failure = !signIn.isError
    ? null
    : isUnauthorized(signIn.error)
      ? t('console.signIn.wrongPassword')
      : limited
        ? t('console.signIn.limited', { reason: signIn.error.message })
        : errorMessage(signIn.error, t);

  const submit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    if (email.trim() && password) signIn.mutate({ email: email.trim(), password }, { onSuccess: onSignedIn });
  };
  const edit = (set: (v: string) => void) => (event: { currentTarget: { value: string } }) => {
    set(event.currentTarget.value);
    if (signIn.isError) signIn.reset();
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        {failure && (
          <Alert
            color="red"
            variant="light"
            icon={<IconAlertCircle />}
            role="alert"
            data-testid="signin-password-error"
          >
            {failure}
          </Alert>
        )}
        <TextInput
          label={t('console.signIn.email')}
          type="email"
          autoComplete="username"
          leftSection={<IconAt size={16} aria-hidden />}
          autoFocus
          required
          value={email}
          onChange={edit(setEmail)}
          data-testid="signin-email"
        />
        <PasswordInput
          label={t('console.signIn.password')}
          autoComplete="current-password"
          leftSection={<IconLock size={16} aria-hidden />}
          required
          value={password}
          onChange={edit(setPassword)}
          data-testid="signin-password"
        />
        <Button
          type="submit"
          fullWidth
          loading={signIn.isPending}
          disabled={!email.trim() || !password}
          data-testid="signin-password-submit"
        >
          {t('console.signIn.submit')}
        </Button>
      </Stack>
    </form>
  );
}
