/**
 * Opsgenie-compatible intake. Format: the Opsgenie Alert API v2 (Opsgenie docs, "Alert API":
 * https://docs.opsgenie.com/docs/alert-api — Create Alert `POST /v2/alerts`, Close, Acknowledge and Add
 * Note `POST /v2/alerts/{identifier}/{action}?identifierType=id|alias|tiny`; "Response":
 * https://docs.opsgenie.com/docs/response for the 202 and error bodies), so a tool that pages Opsgenie
 * pages Faultline by changing the host and using a Faultline integration key as its `GenieKey`.
 */
import { z } from 'zod';
import type { Signal } from '../signal.ts';
import { INTAKE_LIMITS, type IntakeIssue, intakeValidationError } from '../dedup-key.ts';

const WHAT = 'Opsgenie alert request';

/** Opsgenie's priorities, P1 the most severe; P3 when a create leaves it out (Opsgenie's default). */
export const OPSGENIE_PRIORITIES = ['P1', 'P2', 'P3', 'P4', 'P5'] as const;
export type OpsgeniePriority = (typeof OPSGENIE_PRIORITIES)[number];

/**
 * The severity a priority grades as: Opsgenie has no severity, Faultline's generic rules match
 * `severity` (quickstart: `severity="critical"` is a P2 on a core module). P1 critical, P2 error,
 * P3 warning, P4 and P5 info. The priority itself stays a label, for rules that match it exactly.
 */
export const PRIORITY_SEVERITY: Readonly<Record<OpsgeniePriority, string>> = {
  P1: 'critical',
  P2: 'error',
  P3: 'warning',
  P4: 'info',
  P5: 'info',
};

const text = (max: number) => z.string().max(max, `must be at most ${max} characters`);
const Responder = z
  .object({
    type: z.enum(['team', 'user', 'escalation', 'schedule']),
    id: text(255).optional(),
    name: text(512).optional(),
    username: text(512).optional(),
  })
  .refine((r) => r.id ?? r.name ?? r.username, 'id, name or username should be provided');

// Limits: Opsgenie's documented ones where Faultline's are not narrower (message: Faultline's summary limit,
// as a longer message is cut by Opsgenie rather than refused; alias: Faultline's dedup key limit).
const CreateBody = z.object({
  message: z.string().trim().min(1, 'Message can not be empty.').max(INTAKE_LIMITS.maxSummaryLength),
  alias: text(INTAKE_LIMITS.maxDedupKeyLength).optional(),
  description: text(15_000).optional(),
  responders: z.array(Responder).max(50).optional(),
  visibleTo: z.array(Responder).max(50).optional(),
  actions: z.array(text(50)).max(10).optional(),
  tags: z.array(text(50)).max(20).optional(),
  details: z.record(z.string(), text(INTAKE_LIMITS.maxLabelValueLength)).optional(),
  entity: text(512).optional(),
  source: text(100).optional(),
  priority: z.enum(OPSGENIE_PRIORITIES, { message: 'should be one of [ P1, P2, P3, P4, P5 ]' }).optional(),
  user: text(100).optional(),
  note: text(25_000).optional(),
});

const ActionBody = z.object({
  user: text(100).optional(),
  source: text(100).optional(),
  note: text(25_000).optional(),
});
const NoteBody = ActionBody.extend({ note: text(25_000).min(1, 'Note can not be empty.') });

/** The actions on an existing alert (`POST /v2/alerts/{identifier}/{action}`). */
export type OpsgenieAction = 'close' | 'acknowledge' | 'notes';

/**
 * Parses a Create Alert body into one trigger Signal (source `opsgenie`).
 *
 * - dedup key: `alias` (Opsgenie's de-duplication key: a create with the alias of an open alert counts a
 *   repeat); without it `newAlias()` is called, as Opsgenie then makes every create a new alert.
 * - summary: `message`; severity: from `priority` (`PRIORITY_SEVERITY`; P3 when absent).
 * - labels (matchable facts for grading, silences, inhibition, routing): `priority`, `severity`, `source`,
 *   `entity`, `tags` (joined with `,`, in order), then each `details` entry under its key made a valid label
 *   name (`disk usage` → `disk_usage`); the Opsgenie fields set first win a clash.
 * - annotations: `description`, `responders` (`team:NOC, user:trinity@…`, by name, username or id),
 *   `visibleTo`, `actions`, `user`, `note`.
 *
 * @throws AppError VALIDATION whose field paths are Opsgenie's (`message`, `priority`, `responders.0`,
 *   `details.key1`); the route answers them in Opsgenie's 422 body (`opsgenieErrorBody`).
 */
export function parseOpsgenieCreate(body: unknown, receivedAt: Date, newAlias: () => string): Signal {
  const parsed = CreateBody.safeParse(body);
  if (!parsed.success) throw intakeValidationError(parsed.error.issues, WHAT);
  const b = parsed.data;
  const priority = b.priority ?? 'P3';
  const labels: Record<string, string> = { priority, severity: PRIORITY_SEVERITY[priority] };
  if (b.source) labels.source = b.source;
  if (b.entity) labels.entity = b.entity;
  if (b.tags?.length) labels.tags = b.tags.join(',').slice(0, INTAKE_LIMITS.maxLabelValueLength);
  for (const [key, value] of Object.entries(b.details ?? {})) {
    const name = labelName(key);
    if (name !== '__proto__' && !Object.hasOwn(labels, name)) labels[name] = value;
  }
  const annotations: Record<string, string> = {};
  const put = (name: string, value: string | undefined) => {
    if (value) annotations[name] = value;
  };
  put('description', b.description);
  put('responders', b.responders?.map(responderText).join(', '));
  put('visibleTo', b.visibleTo?.map(responderText).join(', '));
  put('actions', b.actions?.join(', '));
  put('user', b.user);
  put('note', b.note);
  return {
    action: 'trigger',
    dedupKey: b.alias || newAlias(),
    summary: b.message,
    severity: labels.severity!,
    labels,
    annotations,
    startsAt: receivedAt.toISOString(),
    endsAt: null,
    source: 'opsgenie',
  };
}

/**
 * Parses a Close, Acknowledge or Add Note body for the alert whose dedup key is `dedupKey` (the alias, or
 * the alias found for an `id`/`tiny` identifier by the route). Close → resolve (ending at `receivedAt`),
 * acknowledge → acknowledge, notes → a `note` signal whose annotation `note` is the text (required).
 * `user`, `source` and `note` become annotations.
 * @throws AppError VALIDATION naming the field (`note`, `user`).
 */
export function parseOpsgenieAction(action: OpsgenieAction, dedupKey: string, body: unknown, receivedAt: Date): Signal {
  // An action's body is optional in Opsgenie's API (`{}` or none at all).
  const input = body === undefined || body === null ? {} : body;
  const parsed = (action === 'notes' ? NoteBody : ActionBody).safeParse(input);
  if (!parsed.success) throw intakeValidationError(parsed.error.issues, WHAT);
  const annotations: Record<string, string> = {};
  for (const name of ['user', 'source', 'note'] as const) if (parsed.data[name]) annotations[name] = parsed.data[name];
  const at = receivedAt.toISOString();
  return {
    action: action === 'close' ? 'resolve' : action === 'acknowledge' ? 'acknowledge' : 'note',
    dedupKey,
    summary: dedupKey,
    severity: null,
    labels: {},
    annotations,
    startsAt: at,
    endsAt: action === 'close' ? at : null,
    source: 'opsgenie',
  };
}

/**
 * Checks an action's identifier and `identifierType` (Opsgenie's default is `id`).
 * @throws AppError VALIDATION on `identifierType` (not id, alias or tiny) or `identifier` (empty, too long,
 *   or not a Faultline alert id for `id`/`tiny`: Faultline's alert ids are numbers)
 */
export function opsgenieIdentifier(
  identifier: string,
  identifierType: string | undefined,
): { type: 'alias'; alias: string } | { type: 'id'; alertId: number } {
  const type = identifierType ?? 'id';
  const issues: IntakeIssue[] = [];
  if (type !== 'id' && type !== 'alias' && type !== 'tiny')
    issues.push({ path: ['identifierType'], message: 'should be one of [ id, alias, tiny ]' });
  else if (!identifier || identifier.length > INTAKE_LIMITS.maxDedupKeyLength)
    issues.push({ path: ['identifier'], message: `must be 1 to ${INTAKE_LIMITS.maxDedupKeyLength} characters` });
  else if (type !== 'alias' && !/^[1-9][0-9]{0,14}$/.test(identifier))
    issues.push({ path: ['identifier'], message: `is not a Faultline alert id (use identifierType=alias)` });
  if (issues.length > 0) throw intakeValidationError(issues, WHAT);
  return type === 'alias' ? { type, alias: identifier } : { type: 'id', alertId: Number(identifier) };
}

function responderText(r: z.infer<typeof Responder>): string {
  return `${r.type}:${r.name ?? r.username ?? r.id}`;
}

/** A details key as a Prometheus label name: other characters become `_`, a leading digit gets `_`. */
function labelName(key: string): string {
  const name = key.replace(/[^a-zA-Z0-9_]/g, '_');
  return /^[a-zA-Z_]/.test(name) ? name : `_${name}`;
}

/** Opsgenie's documented answer to an accepted request (HTTP 202); `took` in seconds. */
export function opsgenieAcceptedBody(took: number, requestId: string) {
  return { result: 'Request will be processed' as const, took, requestId };
}

/**
 * Opsgenie's error body: `{ message, took, requestId }`, with `errors` (field → message) for a 422
 * ("Request body is not processable. Please check the errors.", the shape Opsgenie answers e.g.
 * `{"errors":{"priority":"should be one of [ P1, P2, P3, P4, P5 ]"}}`).
 */
export function opsgenieErrorBody(
  message: string,
  took: number,
  requestId: string,
  errors?: Record<string, string>,
): { message: string; errors?: Record<string, string>; took: number; requestId: string } {
  return errors ? { message, errors, took, requestId } : { message, took, requestId };
}
