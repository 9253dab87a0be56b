import { Alert, Button, Center, Code, Group, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { IconActivityHeartbeat, IconAlertCircle, IconKey } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { isUnauthorized } from '../api/client.ts';
import { useSession, useSignIn } from '../api/session.ts';
import { errorMessage } from '../ui/states.tsx';
import { safeNext } from './safe-next.ts';

/** `/signin`: exchange an API token for a session cookie. */
export function SignInPage() {
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const navigate = useNavigate();
  const session = useSession();
  const signIn = useSignIn();
  const [token, setToken] = useState('');

  if (session.data) return <Navigate to={next} replace />;

  const submit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    const trimmed = token.trim();
    if (!trimmed) return;
    signIn.mutate(trimmed, { onSuccess: () => void navigate(next, { replace: true }) });
  };

  const wrongToken = signIn.isError && isUnauthorized(signIn.error);
  const failure = signIn.isError
    ? wrongToken
      ? 'That token was not accepted. Check for a typo, or ask an admin for a new one.'
      : errorMessage(signIn.error)
    : null;

  return (
    <Center mih="100dvh" p="md">
      <Paper withBorder shadow="sm" p="xl" w="100%" maw={420} component="section" aria-labelledby="signin-heading">
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            <Group gap={8}>
              <IconActivityHeartbeat size={26} color="var(--mantine-color-red-6)" aria-hidden />
              <Title order={1} size="h3" id="signin-heading">
                Sign in to Faultline
              </Title>
            </Group>
            {failure && (
              <Alert color="red" variant="light" icon={<IconAlertCircle />} role="alert" data-testid="signin-error">
                {failure}
              </Alert>
            )}
            <PasswordInput
              label="API token"
              placeholder="Paste your token"
              leftSection={<IconKey size={16} aria-hidden />}
              autoComplete="current-password"
              autoFocus
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
              fullWidth
              loading={signIn.isPending}
              disabled={!token.trim()}
              data-testid="signin-submit"
            >
              Sign in
            </Button>
            <Text size="xs" c="dimmed">
              The first start of the server prints the admin token and writes it to <Code>data/admin-token</Code>.
            </Text>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
