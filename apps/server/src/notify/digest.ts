/**
 * Storm control, the digest (DESIGN §7): a person over their budget (budget.ts) gets no more single
 * messages; each further notification is `held` in the one open digest of that person and contact method,
 * and when the digest is due (the end of the budget window) ONE message summarising the held incidents is
 * sent (the `notify.digest` job) and the held notifications are marked sent with it.
 */
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/index.ts';
import type { Runtime } from '../kernel/index.ts';
import type { JobOutcome } from '../engine/index.ts';
import { contactMethods, digests, notifications } from './tables.ts';
import { users } from '../people/index.ts';
import { DEFAULT_LOCALE, localeOf, type Locale } from '@faultline/i18n';
import { incidents, addTimeline, type TimelineInput } from '../incident/index.ts';
import { levelsInWords } from '../levels/index.ts';
import { statusWord, translatorFor } from './words.ts';
import { enqueueJob } from '../engine/index.ts';
import { PermanentSendError, type DigestMessage } from './provider.ts';
import { sendToContact, type ContactKind } from './route-contact.ts';
import { MAX_ATTEMPTS, retryDelayMs } from './retry.ts';
import { failureOf } from './outcome.ts';
import type { BudgetConfig } from './config.ts';

/**
 * Holds notification `notificationId` in the open digest of (`userId`, `contactMethodId`), opening one due
 * at `until` (with its `notify.digest` job) when there is none. Call inside a transaction.
 * @returns the digest's id and due time
 */
export async function holdInDigest(
  db: Db,
  opts: { notificationId: number; userId: number; contactMethodId: number; until: Date; now: Date },
): Promise<{ digestId: number; dueAt: Date }> {
  const opened = await db
    .insert(digests)
    .values({ userId: opts.userId, contactMethodId: opts.contactMethodId, dueAt: opts.until, createdAt: opts.now })
    .onConflictDoNothing()
    .returning({ id: digests.id, dueAt: digests.dueAt });
  let digest = opened[0];
  if (digest) await enqueueJob(db, 'notify.digest', { digestId: digest.id }, digest.dueAt, opts.now);
  else {
    [digest] = await db
      .select({ id: digests.id, dueAt: digests.dueAt })
      .from(digests)
      .where(
        and(eq(digests.userId, opts.userId), eq(digests.contactMethodId, opts.contactMethodId), isNull(digests.sentAt)),
      )
      .limit(1);
  }
  if (!digest) throw new Error(`no open digest for user ${opts.userId} and contact method ${opts.contactMethodId}`);
  await db
    .update(notifications)
    .set({ status: 'held', digestId: digest.id, nextAttemptAt: digest.dueAt, sentAt: null })
    .where(eq(notifications.id, opts.notificationId));
  return { digestId: digest.id, dueAt: digest.dueAt };
}

/**
 * The digest message for the held incidents (one line each, in the order they were held), in the reader's language
 * (`locale`, default English; each line's `levelText` is already in it).
 */
export function digestMessage(
  list: DigestMessage['incidents'],
  budget: BudgetConfig,
  locale: Locale = DEFAULT_LOCALE,
): DigestMessage {
  const t = translatorFor(locale);
  return {
    kind: 'digest',
    locale,
    subject: t.t('digest.subject', { count: list.length, max: budget.max, minutes: budget.perMinutes }),
    text: list
      .map((i) =>
        t.t('digest.line', { level: i.levelText, id: i.incidentId, title: i.title, status: statusWord(t, i.status) }),
      )
      .join('\n'),
    incidents: list,
    budget: { max: budget.max, perMinutes: budget.perMinutes },
  };
}

/**
 * The `notify.digest` job: sends digest `digestId` once through its contact method and marks its held
 * notifications sent (or failed). A transient failure retries with the delivery backoff.
 */
export async function sendDigest(rt: Runtime, digestId: number, attempt: number): Promise<JobOutcome> {
  const now = rt.clock.now();
  const cfg = rt.config();
  const [digest] = await rt.db.select().from(digests).where(eq(digests.id, digestId)).limit(1);
  if (!digest || digest.sentAt) return { kind: 'done' };
  const held = await rt.db
    .select({ n: notifications, i: incidents })
    .from(notifications)
    .innerJoin(incidents, eq(incidents.id, notifications.incidentId))
    .where(and(eq(notifications.digestId, digestId), eq(notifications.status, 'held')))
    .orderBy(asc(notifications.id));
  const [cm] = await rt.db.select().from(contactMethods).where(eq(contactMethods.id, digest.contactMethodId));
  const [person] = await rt.db
    .select({ name: users.name, locale: users.locale })
    .from(users)
    .where(eq(users.id, digest.userId));
  const locale = localeOf(person?.locale);
  const sequences = cfg.config.levels.sequences;
  // One line per incident, even when several of its notifications were held.
  const seen = new Set<number>();
  const list: DigestMessage['incidents'] = [];
  for (const { i } of held) {
    if (seen.has(i.id)) continue;
    seen.add(i.id);
    list.push({
      incidentId: i.id,
      title: i.title,
      levelText: levelsInWords(i, sequences, translatorFor(locale)),
      status: i.status,
      incidentUrl: `${rt.publicUrl}/incidents/${i.id}`,
    });
  }
  const close = async (
    set: Partial<typeof notifications.$inferInsert>,
    note: (incidentId: number) => TimelineInput | null,
  ) => {
    await rt.db.transaction(async (tx) => {
      await tx.update(digests).set({ sentAt: now }).where(eq(digests.id, digestId));
      await tx
        .update(notifications)
        .set(set)
        .where(and(eq(notifications.digestId, digestId), eq(notifications.status, 'held')));
      const notes = [...seen].flatMap((id) => note(id) ?? []);
      if (notes.length) await addTimeline(tx, ...notes);
    });
  };
  if (list.length === 0) {
    await close({}, () => null);
    return { kind: 'done' };
  }
  const who = `${person?.name ?? `user ${digest.userId}`} (${cm?.address ?? 'a removed contact method'})`;
  let error: string;
  let permanent = false;
  try {
    if (!cm) throw new PermanentSendError('the contact method was removed');
    const r = await sendToContact(
      cfg,
      rt.providers,
      { kind: cm.kind as ContactKind, address: cm.address, channelId: cm.channelId },
      digestMessage(list, cfg.config.notify.budget, locale),
    );
    await close(
      { status: 'sent', sentAt: now, provider: r.provider, providerMessageId: r.providerMessageId, attempts: attempt },
      (incidentId) => ({
        incidentId,
        at: now,
        kind: 'notification_sent',
        actor: 'system',
        message: `digest of ${list.length} incident(s) sent to ${who} via ${r.provider}`,
        data: { digestId, provider: r.provider, providerMessageId: r.providerMessageId },
      }),
    );
    return { kind: 'done', incidentIds: [...seen] };
  } catch (e) {
    ({ error, permanent } = failureOf(e));
  }
  if (!permanent && attempt < MAX_ATTEMPTS) {
    return { kind: 'retry', at: new Date(now.getTime() + retryDelayMs(attempt)), error };
  }
  await close({ status: 'failed', lastError: error, attempts: attempt }, (incidentId) => ({
    incidentId,
    at: now,
    kind: 'notification_failed',
    actor: 'system',
    message: `digest to ${who} failed after ${attempt} attempt(s): ${error}`,
    data: { digestId, error },
  }));
  return { kind: 'done', incidentIds: [...seen] };
}
