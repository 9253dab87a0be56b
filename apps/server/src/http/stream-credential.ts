/**
 * An open live stream stays bound to the credential it was opened with (docs/identity.md#sessions): a token
 * revoked, a session ended or a person disabled closes it, instead of it delivering until the client leaves.
 */
import type { Principal } from '../kernel/index.ts';
import type { Bus } from '../lib/index.ts';

/** How often an open stream re-checks its credential when no node said it changed (ms). */
export const STREAM_RECHECK_MS = 15_000;

export interface CredentialWatch {
  bus: Bus;
  /** Verifies the stream's token or session again: its principal now, or null when it no longer verifies. */
  verify(): Promise<Principal | null>;
  /** Called with the principal after each successful check (roles and teams may have changed). */
  onPrincipal(p: Principal): void;
  /** Called once, when the credential no longer verifies; the stream must be closed. */
  onEnd(): void;
  /** A check that failed (database unreachable); the stream stays open and the next check decides. */
  onError(err: unknown): void;
  /** Re-check period, default STREAM_RECHECK_MS. */
  intervalMs?: number;
}

/**
 * Re-checks at once when a node says credentials changed (Bus.credentialsChanged, relayed between nodes: a
 * revocation, a person disabled or changed, a sign-out), and every `intervalMs` in case that notice was lost. Checks never
 * overlap; one asked for while another runs follows it. Returns the function that stops watching.
 */
export function watchCredential(w: CredentialWatch): () => void {
  let stopped = false;
  let running = false;
  let again = false;
  const check = async (): Promise<void> => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        const p = await w.verify();
        if (stopped) return;
        if (!p) {
          stop();
          w.onEnd();
          return;
        }
        w.onPrincipal(p);
      } while (again && !stopped);
    } catch (err) {
      w.onError(err);
    } finally {
      running = false;
    }
  };
  const unsubscribe = w.bus.onCredentialsChanged(() => void check());
  const timer = setInterval(() => void check(), w.intervalMs ?? STREAM_RECHECK_MS);
  timer.unref();
  function stop(): void {
    if (stopped) return;
    stopped = true;
    clearInterval(timer);
    unsubscribe();
  }
  return stop;
}
