import { Alert, Anchor, Button, Center, Divider, Group, Paper, Stack, Title } from '@mantine/core';
import { IconActivityHeartbeat, IconAlertCircle, IconShieldLock } from '@tabler/icons-react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { useSession } from '../api/session.ts';
import { PasswordSignInForm } from './password-sign-in-form.tsx';
import { safeNext } from './safe-next.ts';
import { TokenSignInForm } from './token-sign-in-form.tsx';
import { ssoStartUrl, useSignInMethods } from './use-sign-in.ts';
import { useT } from '../i18n/index.ts';

/**
 * `/signin`: email and password, "Sign in with single sign-on" when the server has an OpenID provider
 * configured, or an API token (the first admin). Single sign-on failures come back as `?ssoError=`.
 */
export function SignInPage() {
  const t = useT();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const ssoError = params.get('ssoError');
  const navigate = useNavigate();
  const session = useSession();
  const methods = useSignInMethods();

  if (session.data) return <Navigate to={next} replace />;
  const done = () => void navigate(next, { replace: true });

  return (
    <Center mih="100dvh" p="md">
      <Paper withBorder shadow="sm" p="xl" w="100%" maw={420} component="section" aria-labelledby="signin-heading">
        <Stack gap="md">
          <Group gap={8}>
            <IconActivityHeartbeat size={26} color="var(--mantine-color-red-6)" aria-hidden />
            <Title order={1} size="h3" id="signin-heading">
              {t('console.signIn.title')}
            </Title>
          </Group>
          {ssoError && (
            <Alert color="red" variant="light" icon={<IconAlertCircle />} role="alert" data-testid="sso-error">
              {t('console.signIn.ssoFailed', { reason: ssoError })}
            </Alert>
          )}
          {methods.data?.oidc && (
            <>
              <Button
                component="a"
                href={ssoStartUrl(next)}
                variant="default"
                leftSection={<IconShieldLock size={18} aria-hidden />}
                fullWidth
                data-testid="signin-sso"
              >
                {t('console.signIn.sso')}
              </Button>
              <Divider label={t('console.signIn.or')} labelPosition="center" />
            </>
          )}
          <PasswordSignInForm onSignedIn={done} />
          <Anchor component={Link} to="/reset-password" size="sm" data-testid="forgot-password">
            {t('console.signIn.forgot')}
          </Anchor>
          <Divider label={t('console.signIn.orToken')} labelPosition="center" />
          <TokenSignInForm onSignedIn={done} />
        </Stack>
      </Paper>
    </Center>
  );
}
