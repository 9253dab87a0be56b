import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Principal } from '../kernel/roles.ts';
import { Bus } from '../lib/bus.ts';
import { watchCredential } from './stream-credential.ts';

const principal = (role: Principal['role'] = 'responder'): Principal => ({
  name: 'ann@example.com',
  role,
  kind: 'session',
  userId: 1,
  teamRoles: {},
  tokenTeam: null,
  scopes: null,
});

describe('watchCredential', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  function watch(verify: () => Promise<Principal | null>, bus = new Bus()) {
    const seen: Principal[] = [];
    const ended = vi.fn();
    const errors: unknown[] = [];
    const stop = watchCredential({
      bus,
      verify,
      intervalMs: 1_000,
      onPrincipal: (p) => seen.push(p),
      onEnd: ended,
      onError: (e) => errors.push(e),
    });
    return { seen, ended, errors, stop, bus };
  }

  it('re-checks every interval, passes on the principal, and ends once the credential no longer verifies', async () => {
    let current: Principal | null = principal();
    const verify = vi.fn(async () => current);
    const w = watch(verify);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(verify).toHaveBeenCalledTimes(1);
    expect(w.seen).toHaveLength(1);
    current = principal('viewer');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(w.seen.at(-1)!.role).toBe('viewer');
    current = null;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(w.ended).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(verify).toHaveBeenCalledTimes(3); // stopped watching
    expect(w.ended).toHaveBeenCalledTimes(1);
  });

  it('re-checks at once when the bus says credentials changed, without waiting for the interval', async () => {
    const verify = vi.fn(async (): Promise<Principal | null> => null);
    const w = watch(verify);
    w.bus.credentialsChanged();
    await vi.advanceTimersByTimeAsync(0);
    expect(w.ended).toHaveBeenCalledTimes(1);
  });

  it('never runs two checks at once; a change signalled during a check is checked after it', async () => {
    let release!: () => void;
    let running = 0;
    let most = 0;
    const verify = vi.fn(async () => {
      running++;
      most = Math.max(most, running);
      await new Promise<void>((r) => (release = r));
      running--;
      return principal();
    });
    const w = watch(verify);
    w.bus.credentialsChanged();
    w.bus.credentialsChanged();
    w.bus.credentialsChanged();
    await vi.advanceTimersByTimeAsync(0);
    expect(verify).toHaveBeenCalledTimes(1);
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(verify).toHaveBeenCalledTimes(2); // the signals during the first check: one more check
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(verify).toHaveBeenCalledTimes(2);
    expect(most).toBe(1);
    w.stop();
  });

  it('a failed check keeps the stream open and reports the error; the next check decides', async () => {
    let fail = true;
    const verify = vi.fn(async () => {
      if (fail) throw new Error('database unreachable');
      return null;
    });
    const w = watch(verify);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(w.errors).toHaveLength(1);
    expect(w.ended).not.toHaveBeenCalled();
    fail = false;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(w.ended).toHaveBeenCalledTimes(1);
  });

  it('after stop, neither the bus nor the timer checks again', async () => {
    const verify = vi.fn(async () => principal());
    const w = watch(verify);
    w.stop();
    w.bus.credentialsChanged();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(verify).not.toHaveBeenCalled();
  });
});
