/** One field that an audited change set, removed or altered; values rendered as compact JSON. */
export interface AuditChange {
  field: string;
  before: string | null;
  after: string | null;
}

const show = (v: unknown): string | null => (v === undefined ? null : JSON.stringify(v));

/**
 * The top-level fields that differ between an audit entry's `before` and `after` records (either may be null:
 * a creation or a deletion), in field order. Nested values are compared as JSON text. Secrets never reach
 * here: the server redacts them before writing the log.
 */
export function auditDiff(before: unknown, after: unknown): AuditChange[] {
  const a = typeof before === 'object' && before !== null ? (before as Record<string, unknown>) : {};
  const b = typeof after === 'object' && after !== null ? (after as Record<string, unknown>) : {};
  const fields = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  return fields
    .map((field) => ({ field, before: show(a[field]), after: show(b[field]) }))
    .filter((c) => c.before !== c.after);
}
