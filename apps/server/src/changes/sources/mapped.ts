/**
 * Changes from any tool's JSON through a field mapping (`changeWebhooks[].mapping`, docs/changes.md): each
 * field of a change is read from a dotted path of the body (`deployment.environment`, `commits.0.id`).
 */
import { ChangeKind, ChangeStatus } from '@faultline/contracts';
import { validationError } from '../../lib/index.ts';
import type { ChangeWebhookConfig } from '../config.ts';
import type { NewChange } from '../record.ts';

/**
 * The value at a dotted path: object keys, and array indices as numbers. Own properties only, so
 * `__proto__` or `constructor` find nothing.
 */
export function valueAt(body: unknown, path: string): unknown {
  let at: unknown = body;
  for (const part of path.split('.')) {
    if (at === null || typeof at !== 'object') return undefined;
    if (Array.isArray(at)) {
      if (!/^\d+$/.test(part)) return undefined;
      at = at[Number(part)];
    } else {
      if (!Object.hasOwn(at, part)) return undefined;
      at = (at as Record<string, unknown>)[part];
    }
  }
  return at;
}

/** A scalar as text (strings trimmed, numbers and booleans as written); null for anything else or empty. */
function text(v: unknown, max: number): string | null {
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v !== 'string' || v.trim() === '') return null;
  return v.trim().slice(0, max);
}

/** A time: RFC 3339 text with a zone, or epoch seconds / milliseconds as a number. */
function instant(v: unknown): Date | null | 'bad' {
  if (v === undefined || v === null || v === '') return null;
  if (typeof v === 'number') return new Date(v < 1e11 ? v * 1000 : v);
  if (typeof v !== 'string' || !/(Z|[+-]\d\d:?\d\d)$/i.test(v.trim())) return 'bad';
  const ms = Date.parse(v.trim().replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
  return Number.isNaN(ms) ? 'bad' : new Date(ms);
}

/**
 * Maps a webhook body onto a change.
 *
 * - summary (required), service (the mapped value, else the webhook's `service`), kind (a kind name, else
 *   the webhook's `kind`), startedAt (default `receivedAt`), endedAt (default: none, rolling out), status
 *   (`running|succeeded|failed`; also success/failure/error; default succeeded with an end, running
 *   without), author, externalId, url (http/https only), environment, labels.
 * - Times: RFC 3339 with a zone, or epoch seconds or milliseconds.
 * @throws AppError VALIDATION naming the change field and the mapped path, e.g.
 *   `summary: nothing at deployment.description`
 */
export function parseMappedChange(hook: ChangeWebhookConfig, body: unknown, receivedAt: Date): NewChange {
  const m = hook.mapping;
  const problems: Array<{ path: string; message: string }> = [];
  const read = (field: keyof typeof m & string) => {
    const path = m[field];
    return typeof path === 'string' ? valueAt(body, path) : undefined;
  };
  const summary = text(read('summary'), 1024);
  if (summary === null) problems.push({ path: 'summary', message: `no text at ${m.summary}` });
  const service = m.service !== undefined ? text(read('service'), 200) : null;
  if (m.service !== undefined && service === null && hook.service === undefined)
    problems.push({ path: 'service', message: `no text at ${m.service}` });
  const times = { startedAt: instant(read('startedAt')), endedAt: instant(read('endedAt')) };
  for (const [field, v] of Object.entries(times))
    if (v === 'bad')
      problems.push({
        path: field,
        message: `${m[field as 'startedAt']} is not a time (RFC 3339 with a zone, or epoch)`,
      });
  const url = text(read('url'), 2048);
  if (url !== null && !/^https?:\/\//i.test(url))
    problems.push({ path: 'url', message: `${m.url} is not an http(s) URL` });
  if (problems.length > 0) throw validationError(problems, 'change webhook body');

  const startedAt = (times.startedAt as Date | null) ?? receivedAt;
  const endedAt = times.endedAt as Date | null;
  const kind = ChangeKind.safeParse(text(read('kind'), 50)?.toLowerCase());
  const statusText = text(read('status'), 50)?.toLowerCase();
  const status = ChangeStatus.safeParse(
    statusText === 'success' ? 'succeeded' : statusText === 'failure' || statusText === 'error' ? 'failed' : statusText,
  );
  const labels: Record<string, string> = {};
  for (const [name, path] of Object.entries(m.labels)) {
    const v = text(valueAt(body, path), 1024);
    if (v !== null) labels[name] = v;
  }
  return {
    kind: kind.success ? kind.data : hook.kind,
    summary: summary!,
    services: [service ?? hook.service!],
    environment: text(read('environment'), 100),
    labels,
    startedAt,
    endedAt,
    status: status.success ? status.data : endedAt ? 'succeeded' : 'running',
    exitCode: null,
    author: text(read('author'), 200),
    source: 'webhook',
    sourceKey: hook.key,
    externalId: text(read('externalId'), 255),
    url,
    rollbackOf: null,
    details: {},
  };
}
