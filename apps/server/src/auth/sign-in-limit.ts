/**
 * The failed-sign-in limiter (OWASP authentication cheat sheet: throttle per account and client, not a
 * lockout anyone can trigger). Two counters, both kept in the database (`sign_in_limits`, through
 * rate-limiter-flexible's Drizzle store: an atomic upsert per attempt), so every node shares them, a restart
 * keeps them, and no amount of other keys can push one out:
 *
 * - **account + client**: 5 attempts for one email from one client within 15 minutes; then that client is
 *   refused for that email until the window ends. The same email from another client is not affected, so
 *   guessing from one place never locks the owner out; a success clears the count.
 * - **client**: 100 unsuccessful attempts (failed or refused) from one client within an hour, whatever the
 *   emails; then that client is refused for every email until the hour is over. A flood of invented emails
 *   ends here.
 *
 * An attempt is counted before the password is checked, so parallel attempts cannot all slip under the
 * limit; a success gives the client's point back. A client is its address (X-Forwarded-For counts only from a
 * proxy named in FAULTLINE_TRUST_PROXY); IPv6 clients are grouped by /64, the block one subscriber usually
 * holds. Each client adds at most about a hundred rows an hour; rows whose window ended are deleted by the
 * attempts that follow (at most every 5 minutes). The windows run on the wall clock (the store reads
 * `Date.now()`), not on the server's injected clock.
 */
import { createHash } from 'node:crypto';
import { lt } from 'drizzle-orm';
import ipaddr from 'ipaddr.js';
import { RateLimiterDrizzle, RateLimiterRes } from 'rate-limiter-flexible';
import type { Db } from '../db/index.ts';
import { signInLimits } from './tables.ts';
import { AppError } from '../lib/index.ts';

/** Attempts allowed for one email from one client per window. */
export const ACCOUNT_CLIENT_ATTEMPTS = 5;
/** That window, in seconds (15 minutes). */
export const ACCOUNT_CLIENT_WINDOW_S = 15 * 60;
/** Attempts that did not succeed (failed or refused) allowed from one client, whatever the emails, per window. */
export const CLIENT_ATTEMPTS = 100;
/** That window, in seconds (1 hour). */
export const CLIENT_WINDOW_S = 60 * 60;
/** Expired counters are deleted at most this often (ms), by the next attempt after it. */
const SWEEP_EVERY_MS = 5 * 60_000;

/**
 * The client a sign-in comes from, as a counting key: an IPv4 address, or the /64 network of an IPv6 one
 * (IPv4-mapped IPv6 addresses count as IPv4). Anything unparsable is used as it is.
 */
export function clientKey(ip: string): string {
  if (!ipaddr.isValid(ip)) return ip;
  const addr = ipaddr.process(ip);
  if (addr.kind() === 'ipv4') return addr.toString();
  return `${ipaddr.IPv6.networkAddressFromCIDR(`${addr.toString()}/64`).toString()}/64`;
}

/** The email is hashed: people type passwords into the email field, and the key should not keep them. */
const accountClientKey = (email: string, client: string) =>
  `${createHash('sha256').update(email).digest('base64url')}@${client}`;

const minutes = (ms: number) => Math.max(1, Math.ceil(ms / 60_000));

function refused(ms: number, why: string): AppError {
  return new AppError(
    'RATE_LIMITED',
    `too many failed sign-ins ${why}; try again in ${minutes(ms)} minutes`,
    undefined,
    {
      retryAfterS: Math.max(1, Math.ceil(ms / 1000)),
    },
  );
}

export class SignInLimiter {
  private readonly byAccountClient: RateLimiterDrizzle;
  private readonly byClient: RateLimiterDrizzle;
  private readonly db: Db;
  private lastSweep = 0;

  constructor(db: Db) {
    this.db = db;
    // Expired rows are swept by attempt() instead of the store's own timer, which would outlive a stopped server.
    const store = { storeClient: db, schema: signInLimits, clearExpiredByTimeout: false };
    // A key used up is also remembered in memory until its window ends, so a flood from a refused client
    // costs this node no database round trip (the count itself stays in the database).
    this.byAccountClient = new RateLimiterDrizzle({
      ...store,
      keyPrefix: 'account-client',
      points: ACCOUNT_CLIENT_ATTEMPTS,
      duration: ACCOUNT_CLIENT_WINDOW_S,
      inMemoryBlockOnConsumed: ACCOUNT_CLIENT_ATTEMPTS,
    });
    this.byClient = new RateLimiterDrizzle({
      ...store,
      keyPrefix: 'client',
      points: CLIENT_ATTEMPTS,
      duration: CLIENT_WINDOW_S,
      inMemoryBlockOnConsumed: CLIENT_ATTEMPTS,
    });
  }

  /**
   * Counts an attempt to sign in as `email` (normalised) from address `ip`, before the password is checked.
   * @throws AppError RATE_LIMITED (with the seconds to wait) when the client's budget or the email's count
   *   for this client is used up
   */
  async attempt(email: string, ip: string): Promise<void> {
    await this.sweep();
    const client = clientKey(ip);
    const checks = [
      { limiter: this.byClient, key: client, why: 'from your address' },
      { limiter: this.byAccountClient, key: accountClientKey(email, client), why: 'for this email from your address' },
    ];
    for (const c of checks) {
      try {
        await c.limiter.consume(c.key);
      } catch (e) {
        if (e instanceof RateLimiterRes) throw refused(e.msBeforeNext, c.why);
        throw e;
      }
    }
  }

  /** Deletes the counters whose window ended, at most every SWEEP_EVERY_MS (wall clock, like the store). */
  private async sweep(): Promise<void> {
    const now = Date.now();
    if (now - this.lastSweep < SWEEP_EVERY_MS) return;
    this.lastSweep = now;
    await this.db.delete(signInLimits).where(lt(signInLimits.expire, new Date(now)));
  }

  /** After a successful sign-in: clears the email's count for this client and gives back the client's point. */
  async succeed(email: string, ip: string): Promise<void> {
    const client = clientKey(ip);
    await this.byAccountClient.delete(accountClientKey(email, client));
    await this.byClient.reward(client, 1);
  }
}
