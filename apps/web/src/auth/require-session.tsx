import { Container } from '@mantine/core';
import type { SessionInfo } from '@faultline/contracts';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useSession } from '../api/session.ts';
import { ErrorState, LoadingState } from '../ui/states.tsx';
import { useT } from '../i18n/index.ts';

/**
 * Renders `children(session)` for a signed-in viewer; otherwise sends them to `/signin?next=<here>`.
 * This is also where a 401 from any API call lands, since it clears the cached session.
 */
export function RequireSession({ children }: { children: (session: SessionInfo) => ReactNode }) {
  const t = useT();
  const session = useSession();
  const location = useLocation();
  if (session.isPending) return <LoadingState label={t('console.session.checking')} />;
  if (session.isError) {
    return (
      <Container size="sm" py="xl">
        <ErrorState
          title={t('console.session.checkFailed')}
          error={session.error}
          onRetry={() => void session.refetch()}
        />
      </Container>
    );
  }
  if (session.data === null) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/signin?next=${encodeURIComponent(next)}`} replace />;
  }
  return children(session.data);
}
