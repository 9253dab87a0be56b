/**
 * Status updates (issue 17 point 7; DESIGN §7): structured (phase, impact, actions, when the next comes)
 * and published to audiences: the response group and internal stakeholders (both on the incident's timeline
 * and live stream) and the public status page (`public`: its public title, its public message — `impact`
 * unless `publicMessage` says otherwise, never `actions` — and component statuses go to `statuspage/`, in
 * the same transaction). Publishing starts the next cadence period; a promised next update earlier than the
 * cadence brings the reminder forward (`cadence.ts`).
 */
import type { StatusUpdateInput } from '@faultline/contracts';
import { authorizeCtx as authorize, type Verb } from '../kernel/index.ts';
import { AppError, validationError } from '../lib/index.ts';
import { postPublicUpdate } from '../statuspage/index.ts';
import { createTranslator, localeOf, type Locale, type Translator } from '@faultline/i18n';
import { inArray } from 'drizzle-orm';
import { addTimeline, incidentRow } from '../incident/index.ts';
import { levelsInWords } from '../levels/index.ts';
import { users } from '../people/index.ts';
import { enqueueJob } from '../engine/index.ts';
import { stakeholderChannels, stakeholderEmails, stakeholderMail } from './stakeholders.ts';
import { statusUpdates } from './tables.ts';
import { responsePolicy } from './level-policy.ts';
import { queueWarRoom } from './war-room-job.ts';
import { lockRoom, scheduleWatch } from './store.ts';

/** Statuses after which no update can be published (a resolved incident still gets its last one). */
const NO_UPDATES = new Set(['closed', 'cancelled']);

/** The fields only an update to the public audience carries. */
const PUBLIC_FIELDS = ['publicTitle', 'publicMessage', 'components'] as const;
type PublicFields = (typeof PUBLIC_FIELDS)[number];

/**
 * Publishes a status update on incident `id` as `ctx.principal`; returns its id.
 * @throws AppError NOT_FOUND; FORBIDDEN; PRECONDITION_FAILED naming the state for a closed or cancelled
 *   incident (nothing written)
 */
export async function publishStatusUpdate({
  ctx,
  input,
}: Verb<
  { id: number } & Required<Omit<StatusUpdateInput, PublicFields | 'nextUpdateInMinutes'>> & {
      nextUpdateInMinutes?: number | undefined;
    } & Partial<Pick<StatusUpdateInput, PublicFields>>
>): Promise<number> {
  const audiences = [...new Set(input.audiences)];
  const toPublic = audiences.includes('public');
  if (!toPublic) {
    const stray = PUBLIC_FIELDS.filter((f) => input[f] !== undefined);
    if (stray.length)
      throw validationError(
        stray.map((path) => ({ path, message: 'only for an update to the public audience' })),
        'status update',
      );
  }
  return ctx.tx.transaction(async (tx) => {
    const row = await incidentRow({ tx }, input.id);
    authorize(ctx, 'incident:respond', row.team);
    // A drill rehearses its updates inside the company: never on the public status page.
    if (row.drill && toPublic)
      throw validationError(
        [{ path: 'audiences', message: 'a drill is never published on the public status page' }],
        'status update',
      );
    if (NO_UPDATES.has(row.status))
      throw new AppError('PRECONDITION_FAILED', `incident ${input.id} is ${row.status}; it takes no more updates`);
    await lockRoom(tx, input.id);
    await scheduleWatch(tx, input.id, ctx.clock.now(), ctx.clock.now());
    const at = ctx.clock.now();
    const nextUpdateBy = input.nextUpdateInMinutes ? new Date(at.getTime() + input.nextUpdateInMinutes * 60_000) : null;
    const [u] = await tx
      .insert(statusUpdates)
      .values({
        incidentId: input.id,
        at,
        by: ctx.principal.name,
        phase: input.phase,
        impact: input.impact,
        actions: input.actions,
        nextUpdateBy,
        audiences,
      })
      .returning({ id: statusUpdates.id });
    // Internal stakeholders of the incident's business line (and of every line) are emailed, in this
    // transaction's outbox job: committed with the update or not at all.
    const line = row.service ? (ctx.config.catalog.service(row.service)?.businessLine ?? null) : null;
    // A drill's internal audience is its participants among the stakeholders: it pages nobody else.
    const stakeholders = (
      audiences.includes('internal') ? stakeholderEmails(ctx.config.config.response.stakeholders, line) : []
    ).filter((e) => !row.drill || row.drill.participants.includes(e.toLowerCase()));
    // Each reader gets the update in their language and time zone (docs/i18n.md): people by their account's
    // `locale` and `timeZone` (an address that is nobody's reads English, UTC), channels by their `language`.
    const update = {
      incidentId: input.id,
      title: row.title,
      phase: input.phase,
      impact: input.impact,
      actions: input.actions,
      nextUpdateBy,
      by: ctx.principal.name,
      at,
      url: `${ctx.rt.publicUrl.replace(/\/+$/, '')}/incidents/${input.id}`,
    };
    const sequences = ctx.config.config.levels.sequences;
    const mailIn = (t: Translator, drill: boolean) =>
      stakeholderMail({ ...update, levels: row.risk ? '' : levelsInWords(row, sequences, t), drill }, t);
    const readers = stakeholders.length
      ? await tx
          .select({ email: users.email, locale: users.locale, timeZone: users.timeZone })
          .from(users)
          .where(inArray(users.email, stakeholders))
      : [];
    const groups = new Map<string, string[]>();
    for (const email of stakeholders) {
      const r = readers.find((x) => x.email.toLowerCase() === email);
      const key = `${localeOf(r?.locale)} ${r?.timeZone ?? 'UTC'}`;
      groups.set(key, [...(groups.get(key) ?? []), email]);
    }
    for (const [key, to] of groups) {
      const [locale, timeZone] = key.split(' ') as [Locale, string];
      await enqueueJob(
        tx,
        'notify.mail',
        { to, ...mailIn(readerTranslator(locale, timeZone), row.drill !== null) },
        at,
        at,
      );
    }
    // Stakeholder chat channels get the same text as a notice through the channel's provider (one job each,
    // retried on its own).
    const channels = audiences.includes('internal')
      ? stakeholderChannels(ctx.config.config.response.stakeholders, line)
      : [];
    for (const channel of channels) {
      const language = ctx.config.config.channels.find((c) => c.id === channel)?.language;
      const mail = mailIn(readerTranslator(localeOf(language), 'UTC'), false);
      await enqueueJob(tx, 'notify.mail', { to: [channel], channel, ...mail }, at, at);
    }
    await addTimeline(tx, {
      incidentId: input.id,
      at,
      kind: 'status_update',
      actor: ctx.principal.name,
      message: `status update (${input.phase}) to ${audiences.join(', ')}: ${input.impact}${
        input.actions ? ` — ${input.actions}` : ''
      }`,
      data: {
        updateId: u!.id,
        phase: input.phase,
        audiences,
        nextUpdateBy: nextUpdateBy?.toISOString() ?? null,
        stakeholders: stakeholders.length,
        stakeholderChannels: channels,
      },
    });
    // The war room's chats get every update (jobs: no vendor ever holds up the publication).
    const policy = responsePolicy(ctx.config.config.response, row.risk ? {} : row.levels);
    if (policy.warRoom)
      await queueWarRoom(tx, ctx.config.config, { incidentId: input.id, action: 'post', updateId: u!.id }, at);
    if (toPublic)
      await postPublicUpdate(tx, ctx.config.config, {
        incidentId: input.id,
        at,
        state: input.phase,
        message: input.publicMessage ?? input.impact,
        title: input.publicTitle,
        components: input.components,
        baseUrl: ctx.rt.publicUrl.replace(/\/+$/, ''),
        secret: ctx.rt.linkSecret,
      });
    return u!.id;
  });
}

/** A translator for a stored zone, falling back to UTC when this runtime does not know the zone. */
function readerTranslator(locale: Locale, timeZone: string): Translator {
  try {
    return createTranslator(locale, timeZone);
  } catch {
    return createTranslator(locale, 'UTC');
  }
}
