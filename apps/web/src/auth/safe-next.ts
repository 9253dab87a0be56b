// The subpath keeps zod and the API schemas out of the console's bundle.
import { sameOriginPath } from '@faultline/contracts/next-path';

/**
 * The console path to return to after signing in, taken from `?next=`. Only a path on this server as the
 * browser reads it is accepted (`/incidents/7`, checked by `sameOriginPath`); anything else — absolute URLs,
 * `//host`, `/\t/host`, `/\\host` — and the sign-in page itself fall back to the list.
 */
export function safeNext(next: string | null): string {
  const path = sameOriginPath(next);
  if (path === null || path.startsWith('/signin')) return '/incidents';
  return path;
}
