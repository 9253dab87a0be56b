/**
 * What may be said about an error (docs/security.md#hostile-data-and-quarantine): a short reason and a code,
 * never the statement's parameters or a payload (`summariseError`); whether it is about the database rather
 * than the data (`isTransientError`); and how often (`RepeatLimiter`: the same error repeated is logged once
 * per interval with the count of repeats it stood for). A loop failing twice a second therefore writes a line
 * a minute, not the whole pending batch twice a second.
 */
import { toStorableText } from '@faultline/contracts';
import { sanitizeError } from './logger.ts';

/** Characters of a reason kept in logs and in `events.last_error`. */
export const MAX_REASON_LENGTH = 300;

/** What a log line or a stored reason may say about an error. */
export interface ErrorSummary {
  /** PostgreSQL SQLSTATE (`22P05`), a Node system error code (`ECONNREFUSED`), or null. */
  code: string | null;
  /** The innermost error's message, at most MAX_REASON_LENGTH characters, storable text. */
  reason: string;
  /** Up to 8 stack frames of the innermost error (code locations only: frames carry no data). */
  frames: string[];
}

interface ErrorLike {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  cause?: unknown;
}

/** The error and its causes, outermost first (at most 10: a cycle cannot loop). */
function causes(e: unknown): ErrorLike[] {
  const chain: ErrorLike[] = [];
  let cur: unknown = e;
  while (cur !== null && typeof cur === 'object' && chain.length < 10) {
    chain.push(cur as ErrorLike);
    cur = (cur as ErrorLike).cause;
  }
  return chain;
}

/**
 * A short, data-free summary of `e`: the logger's sanitised copy (`sanitizeError`: no statement parameters,
 * no value PostgreSQL quoted, URLs redacted), reduced to its innermost cause, because query builders wrap the
 * driver's error in one that repeats the statement (drizzle's `Failed query: …`).
 */
export function summariseError(e: unknown): ErrorSummary {
  const chain = causes(sanitizeError(e));
  const code = chain.map((c) => c.code).find((c): c is string => typeof c === 'string' && c.length > 0) ?? null;
  const inner = chain.at(-1);
  let message = typeof inner?.message === 'string' ? inner.message : String(e);
  if (message.startsWith('Failed query:')) message = 'a database statement failed';
  const name = typeof inner?.name === 'string' && inner.name !== 'Error' && inner.name !== 'error' ? inner.name : '';
  const text = `${code ? `${code} ` : ''}${name && !message.startsWith(name) ? `${name}: ` : ''}${message}`;
  const stack = (inner as { stack?: unknown } | undefined)?.stack;
  const frames =
    typeof stack === 'string'
      ? stack
          .split('\n')
          .filter((l) => /^\s+at /.test(l))
          .slice(0, 8)
          .map((l) => l.trim())
      : [];
  const reason = text.length > MAX_REASON_LENGTH ? `${text.slice(0, MAX_REASON_LENGTH - 1)}…` : text;
  return { code, reason: toStorableText(reason), frames };
}

/**
 * Whether an error is about the database being unreachable or busy rather than about the data: connection
 * failures (SQLSTATE class 08, Node socket errors), rollbacks a retry resolves (class 40: serialization
 * failure, deadlock), resources (53: disk full, out of memory), lock timeouts (55P03), operator intervention
 * (57: shutdown, statement timeout) and system errors (58). Such errors never count towards quarantine.
 * Source: PostgreSQL "Appendix A. PostgreSQL Error Codes".
 */
export function isTransientError(e: unknown): boolean {
  for (const c of causes(e)) {
    const code = typeof c.code === 'string' ? c.code : '';
    if (/^(08|40|53|57|58)/.test(code) || code === '55P03') return true;
    if (/^E(CONNREFUSED|CONNRESET|PIPE|TIMEDOUT|HOSTUNREACH|NETUNREACH|AI_AGAIN)$/.test(code)) return true;
    if (typeof c.message === 'string' && /connection (terminated|ended)|Connection terminated/i.test(c.message))
      return true;
  }
  return false;
}

/**
 * Admits the first occurrence of each key, then one per `intervalMs`, saying how many were held back since.
 * Keys are forgotten after an interval of silence; at most `maxKeys` are remembered (the oldest go first).
 */
export class RepeatLimiter {
  private readonly seen = new Map<string, { lastMs: number; held: number }>();
  private readonly intervalMs: number;
  private readonly maxKeys: number;

  /** @param intervalMs shortest time between two admitted occurrences of one key, ms (default 60 s) */
  constructor(intervalMs = 60_000, maxKeys = 200) {
    this.intervalMs = intervalMs;
    this.maxKeys = maxKeys;
  }

  /**
   * @param nowMs the current time, epoch ms
   * @returns `log: true` when this occurrence should be logged, with `repeats`: occurrences held back since
   *   the last admitted one
   */
  admit(key: string, nowMs: number): { log: boolean; repeats: number } {
    const entry = this.seen.get(key);
    if (entry && nowMs - entry.lastMs < this.intervalMs) {
      entry.held++;
      return { log: false, repeats: entry.held };
    }
    const repeats = entry?.held ?? 0;
    this.seen.delete(key); // re-inserted last: Map order is the eviction order
    this.seen.set(key, { lastMs: nowMs, held: 0 });
    if (this.seen.size > this.maxKeys) this.seen.delete(this.seen.keys().next().value!);
    return { log: true, repeats };
  }
}
