import type { PasswordSetDone } from '@faultline/contracts';
import { Alert, Anchor, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconAlertCircle, IconCheck } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { apiFetch } from '../api/client.ts';
import { fieldErrors } from '../oncall/field-errors.ts';
import { errorMessage } from '../ui/states.tsx';

/** The same frame as the sign-in page, for the pages a person reaches without a session. */
function Frame({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Center mih="100dvh" p="md">
      <Paper withBorder shadow="sm" p="xl" w="100%" maw={420} component="section" aria-label={title}>
        <Stack gap="md">
          <Title order={1} size="h3">
            {title}
          </Title>
          {children}
        </Stack>
      </Paper>
    </Center>
  );
}

/**
 * `/set-password?token=…`: the page an emailed invitation or reset link opens. The person chooses a password
 * (12 characters at least, typed twice); the server checks the link (once, before it expires) and the
 * password, then the page sends them to sign in.
 */
export function SetPasswordPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const set = useMutation({
    mutationFn: (body: { token: string; password: string }) =>
      apiFetch<PasswordSetDone>('/password/set', { method: 'POST', body }),
  });
  const errors = fieldErrors(set.error);
  const mismatch = again !== '' && again !== password ? 'the two passwords differ' : undefined;
  if (set.isSuccess) {
    return (
      <Frame title="Password set">
        <Alert color="green" variant="light" icon={<IconCheck />} data-testid="password-set">
          Your password is set. Sign in with {set.data.email}.
        </Alert>
        <Button component={Link} to="/signin">
          Sign in
        </Button>
      </Frame>
    );
  }
  return (
    <Frame title="Set your password">
      {(errors.get('token') || (set.isError && errors.size === 0)) && (
        <Alert color="red" variant="light" icon={<IconAlertCircle />} role="alert" data-testid="password-set-error">
          {errors.get('token') ? `${errorMessage(set.error)}.` : errorMessage(set.error)}{' '}
          <Anchor component={Link} to="/reset-password">
            Ask for a new link
          </Anchor>
        </Alert>
      )}
      <Stack
        gap="sm"
        component="form"
        aria-label="Set your password"
        onSubmit={(e) => {
          e.preventDefault();
          if (!mismatch && password) set.mutate({ token, password });
        }}
      >
        <PasswordInput
          label="New password"
          description="At least 12 characters"
          autoComplete="new-password"
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          error={errors.get('password')}
          required
          autoFocus
        />
        <PasswordInput
          label="The same password again"
          autoComplete="new-password"
          value={again}
          onChange={(e) => setAgain(e.currentTarget.value)}
          error={mismatch}
          required
        />
        <Button type="submit" loading={set.isPending} disabled={!password || again !== password || !token}>
          Set password
        </Button>
      </Stack>
    </Frame>
  );
}

/** `/reset-password`: ask for a link to set a new password; the answer is the same for any address. */
export function ResetPasswordPage() {
  const [email, setEmail] = useState('');
  const reset = useMutation({
    mutationFn: (body: { email: string }) => apiFetch<unknown>('/password/reset', { method: 'POST', body }),
  });
  const errors = fieldErrors(reset.error);
  return (
    <Frame title="Reset your password">
      {reset.isSuccess ? (
        <Alert color="green" variant="light" icon={<IconCheck />} data-testid="password-reset-sent">
          If {email.trim()} has a Faultline account, a link to set a new password is on its way. It works once, for an
          hour.
        </Alert>
      ) : (
        <Stack
          gap="sm"
          component="form"
          aria-label="Reset your password"
          onSubmit={(e) => {
            e.preventDefault();
            if (email.trim()) reset.mutate({ email: email.trim() });
          }}
        >
          <Text size="sm" c="dimmed">
            We email you a link to set a new password.
          </Text>
          <TextInput
            label="Email"
            type="email"
            autoComplete="username"
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            error={errors.get('email') ?? (reset.isError && errors.size === 0 ? errorMessage(reset.error) : undefined)}
            required
            autoFocus
          />
          <Button type="submit" loading={reset.isPending} disabled={!email.trim()}>
            Email me a link
          </Button>
        </Stack>
      )}
      <Anchor component={Link} to="/signin" size="sm">
        Back to sign in
      </Anchor>
    </Frame>
  );
}
