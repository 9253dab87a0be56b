/**
 * Key times as people record them (issue 17 point 3): edits with a reason (validated as a whole by
 * `milestone-edit.ts`, written on the timeline with the old and new values), notes tagged with a key time,
 * and pasted timelines (`"2026-12-01 18:01, [cause_located] who did what"`, `timeline-paste.ts`). An edit that
 * fails validation writes nothing and answers 400 naming `milestones.<code>`.
 */
import { authorizeCtx as authorize, type Verb } from '../kernel/index.ts';
import { AppError } from '../lib/index.ts';
import { addTimeline, incidentRow } from '../incident/index.ts';
import { validateMilestoneEdit, type MilestoneEdit } from './milestone-edit.ts';
import { milestoneInfo, milestoneTag, type MilestoneCode } from './milestones.ts';
import { parseTimelinePaste, pastedMilestones } from './timeline-paste.ts';
import { effectiveMilestones, keyTimeRows, putKeyTime, scheduleWatch } from './store.ts';

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : 'none');

/** Statuses in which the room no longer takes notes or updates. */
const FINAL = new Set(['closed', 'cancelled']);

/**
 * Applies a validated key-time edit in `tx` (a timeline entry per changed key time).
 * @throws AppError VALIDATION with every refused field
 */
async function applyEdit(
  ctx: Verb<unknown>['ctx'],
  id: number,
  edit: MilestoneEdit,
  pathOf: (code: MilestoneCode) => string = (c) => `milestones.${c}`,
): Promise<void> {
  const row = await incidentRow(ctx, id);
  const current = effectiveMilestones(row, await keyTimeRows(ctx.tx, id));
  const now = ctx.clock.now();
  const result = validateMilestoneEdit(current, edit, now);
  if (!result.ok)
    throw new AppError(
      'VALIDATION',
      result.errors.map((e) => e.message).join('; '),
      result.errors.map((e) => ({
        path: e.path.startsWith('milestones.') ? pathOf(e.path.slice(11) as MilestoneCode) : e.path,
        message: e.message,
      })),
    );
  const actor = ctx.principal.name;
  await scheduleWatch(ctx.tx, id, now, now);
  for (const [code, at] of Object.entries(edit.milestones) as Array<[MilestoneCode, Date | null]>) {
    if ((current[code]?.getTime() ?? null) === (at?.getTime() ?? null)) continue;
    await putKeyTime(ctx.tx, { incidentId: id, code, at, setBy: actor, reason: edit.reason, now });
    await addTimeline(ctx.tx, {
      incidentId: id,
      at: now,
      kind: 'key_time_set',
      actor,
      message: `${actor} set ${milestoneInfo(code).label}: ${iso(current[code])} → ${iso(at)} (${edit.reason})`,
      data: { code, from: current[code]?.toISOString() ?? null, to: at?.toISOString() ?? null, reason: edit.reason },
    });
  }
  if (result.warnings.length)
    await addTimeline(ctx.tx, {
      incidentId: id,
      at: now,
      kind: 'note',
      actor,
      message: `key times out of the usual order: ${result.warnings.map((w) => w.message).join('; ')}`,
      data: { warnings: result.warnings },
    });
}

/**
 * Sets, moves or clears key times of incident `id` with a reason.
 * @throws AppError NOT_FOUND; FORBIDDEN; VALIDATION naming `milestones.<code>` (future, out of order, a
 *   lifecycle time set or cleared by hand) or `reason`
 */
export async function editKeyTimes({ ctx, input }: Verb<{ id: number; edit: MilestoneEdit }>): Promise<void> {
  return ctx.tx.transaction(async (tx) => {
    const c = { ...ctx, tx };
    const row = await incidentRow(c, input.id);
    authorize(ctx, 'incident:respond', row.team);
    await applyEdit(c, input.id, input.edit);
  });
}

/**
 * Adds a timeline note; with `keyTime` it also sets that key time to the note's time (`at`, default now).
 * @throws AppError NOT_FOUND; FORBIDDEN; PRECONDITION_FAILED for a closed or cancelled incident;
 *   VALIDATION naming `keyTime` or `at`
 */
export async function addNote({
  ctx,
  input,
}: Verb<{ id: number; text: string; keyTime?: MilestoneCode | undefined; at?: string | undefined }>): Promise<void> {
  return ctx.tx.transaction(async (tx) => {
    const c = { ...ctx, tx };
    const row = await incidentRow(c, input.id);
    authorize(ctx, 'incident:respond', row.team);
    if (FINAL.has(row.status))
      throw new AppError('PRECONDITION_FAILED', `incident ${input.id} is ${row.status}; it takes no more notes`);
    const now = ctx.clock.now();
    const at = input.at ? new Date(input.at) : now;
    if (at.getTime() > now.getTime() + 60_000)
      throw new AppError('VALIDATION', 'at is in the future', [
        { path: 'at', message: 'a note cannot be in the future' },
      ]);
    if (input.keyTime)
      await applyEdit(
        c,
        input.id,
        { milestones: { [input.keyTime]: at }, reason: `note: ${input.text}` },
        () => 'keyTime',
      );
    await addTimeline(tx, {
      incidentId: input.id,
      at: now,
      kind: 'note',
      actor: ctx.principal.name,
      message: input.keyTime ? `[${milestoneTag(input.keyTime)}] ${input.text}` : input.text,
      data: { at: at.toISOString(), ...(input.keyTime ? { keyTime: input.keyTime } : {}) },
    });
  });
}

/**
 * Adds several timeline lines at once from pasted text, each `"YYYY-MM-DD HH:MM, who did what"` in
 * `timeZone`, optionally tagged `[cause_located]`; tagged lines set those key times. All or nothing.
 * @returns the number of lines added
 * @throws AppError VALIDATION naming `text.<line index>` or `timeZone`; PRECONDITION_FAILED as addNote
 */
export async function pasteTimeline({
  ctx,
  input,
}: Verb<{ id: number; text: string; timeZone: string }>): Promise<number> {
  return ctx.tx.transaction(async (tx) => {
    const c = { ...ctx, tx };
    const row = await incidentRow(c, input.id);
    authorize(ctx, 'incident:respond', row.team);
    if (FINAL.has(row.status))
      throw new AppError('PRECONDITION_FAILED', `incident ${input.id} is ${row.status}; it takes no more notes`);
    const now = ctx.clock.now();
    const parsed = parseTimelinePaste(input.text, { zone: input.timeZone, now });
    if (parsed.errors.length)
      throw new AppError(
        'VALIDATION',
        parsed.errors.map((e) => e.message).join('; '),
        parsed.errors.map((e) => ({ path: e.path === 'zone' ? 'timeZone' : e.path, message: e.message })),
      );
    const { changes, lineOf } = pastedMilestones(parsed.entries);
    if (Object.keys(changes).length)
      await applyEdit(c, input.id, { milestones: changes, reason: 'pasted timeline' }, (code) => {
        const line = lineOf[code];
        return line === undefined ? 'text' : `text.${line - 1}`;
      });
    await addTimeline(
      tx,
      ...parsed.entries.map((e) => ({
        incidentId: input.id,
        at: now,
        kind: 'note' as const,
        actor: ctx.principal.name,
        message: `${e.at.toISOString()} ${e.milestones.map((m) => `[${milestoneTag(m)}] `).join('')}${e.text}`,
        data: { at: e.at.toISOString(), pasted: true, keyTimes: e.milestones },
      })),
    );
    return parsed.entries.length;
  });
}
