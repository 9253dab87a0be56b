/**
 * A notification provider for tests, injected through the registry (CONVENTIONS §5): records every
 * message, and fails the next N sends on demand to exercise retries.
 */
import { z } from 'zod';
import {
  PermanentSendError,
  type DigestMessage,
  type NoticeMessage,
  type PageMessage,
  type Provider,
} from '../../apps/server/src/notify/provider.ts';

export interface RecordingProvider extends Provider {
  /** Pages sent, in order. */
  sent: Array<{ recipient: string; message: PageMessage }>;
  /** Notices (mail that belongs to no incident) sent, in order. */
  notices: Array<{ recipient: string; message: NoticeMessage }>;
  /** Digests (storm control) sent, in order. */
  digests: Array<{ recipient: string; message: DigestMessage }>;
  /** Make the next `n` sends throw `error` (transient unless `permanent`). */
  failNext(n: number, error?: string, permanent?: boolean): void;
}

export function recordingProvider(): RecordingProvider {
  let failures = 0;
  let failure = 'connection refused';
  let permanent = false;
  const sent: RecordingProvider['sent'] = [];
  const notices: RecordingProvider['notices'] = [];
  const digests: RecordingProvider['digests'] = [];
  return {
    id: 'recording',
    configSchema: z.object({}),
    sent,
    notices,
    digests,
    failNext(n, error = 'connection refused', perm = false) {
      failures = n;
      failure = error;
      permanent = perm;
    },
    async send(recipient, message) {
      if (failures > 0) {
        failures--;
        throw permanent ? new PermanentSendError(failure) : new Error(failure);
      }
      if (message.kind === 'page') sent.push({ recipient, message });
      else if (message.kind === 'digest') digests.push({ recipient, message });
      else notices.push({ recipient, message });
      return { providerMessageId: `rec-${sent.length + notices.length + digests.length}` };
    },
  };
}
