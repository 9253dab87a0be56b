import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { ApiRequestError, isUnauthorized } from './client.ts';
import { queryKeys } from './query-keys.ts';

/** Every cached query except the session itself: what a signed-out viewer must not keep. */
export function isDataQuery(query: { queryKey: readonly unknown[] }): boolean {
  return query.queryKey[0] !== queryKeys.session[0];
}

/**
 * Builds the console's query client. A 401 from any query or mutation marks the session as gone, which
 * sends the viewer back to the sign-in page (see `RequireSession`); other 4xx answers are not retried.
 */
export function createQueryClient(): QueryClient {
  const onError = (error: unknown): void => {
    if (!isUnauthorized(error)) return;
    client.setQueryData(queryKeys.session, null);
    client.removeQueries({ predicate: isDataQuery });
  };
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: {
        staleTime: 10_000,
        retry: (failures, error) => {
          if (error instanceof ApiRequestError && error.status >= 400 && error.status < 500) return false;
          return failures < 2;
        },
      },
      mutations: { retry: false },
    },
  });
  return client;
}
