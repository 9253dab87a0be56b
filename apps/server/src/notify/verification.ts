/**
 * Verifying a contact method (DESIGN §7: "each verified with a code before use"): a 6-digit code is sent
 * through the method itself (an email, an SMS, a call that reads it, a chat message to the handle); the
 * person types it back. Only the code's SHA-256 is stored.
 *
 * Rules (docs/notifications.md): a code expires 10 minutes after it is sent; a new code may be requested
 * once a minute (RATE_LIMITED otherwise) and replaces the old one; 5 wrong tries use a code up, and a new one
 * is needed. Verifying clears a `disabled` mark (re-verifying is how a method is re-enabled).
 */
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { CodeSent, ContactMethodView } from '@faultline/contracts';
import type { NoticeMessage } from './provider.ts';
import type { Verb } from '../kernel/index.ts';
import { contactMethods, verificationCodes } from './tables.ts';
import { AppError } from '../lib/index.ts';
import { sendToContact, type ContactKind } from './route-contact.ts';
import { assertContactAccess, getContactMethod, toContactMethodView, type Actor } from './contact-methods.ts';
import { recordAudit } from '../audit/index.ts';

/** A code is valid for 10 minutes (ms). */
export const CODE_TTL_MS = 10 * 60_000;
/** At most one code a minute per method (ms). */
export const RESEND_INTERVAL_MS = 60_000;
/** Wrong tries a code survives. */
export const MAX_TRIES = 5;

/** SHA-256 (hex) of a code: codes are short-lived and tries are capped, so a fast hash is enough. */
export const hashCode = (code: string): string => createHash('sha256').update(code).digest('hex');

/** A uniformly random 6-digit code (leading zeros kept). */
export function newCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

/** What the code message says; a call reads the digits one by one, twice. */
export function codeMessage(kind: ContactKind, code: string): NoticeMessage {
  const subject = 'Faultline verification code';
  if (kind === 'voice') {
    const spoken = code.split('').join(', ');
    return { kind: 'notice', subject, text: `Your code is ${spoken}. Again: ${spoken}.` };
  }
  return {
    kind: 'notice',
    subject,
    text: `Your Faultline verification code is ${code}. It expires in 10 minutes.`,
  };
}

/**
 * Sends a new code to contact method `id` of user `userId` through the method itself.
 * @throws AppError NOT_FOUND, FORBIDDEN; RATE_LIMITED when a code was sent less than a minute ago;
 *   PRECONDITION_FAILED when the message could not be sent (the provider's reason; no code is stored)
 */
export async function sendVerificationCode({ ctx, input }: Verb<{ userId: number; id: number }>): Promise<CodeSent> {
  const { userId, id } = input;
  const rt = ctx.rt;
  const actor: Actor = { principal: ctx.principal, requestId: ctx.requestId };
  const now = ctx.clock.now();
  await assertContactAccess(ctx.tx, actor.principal, userId);
  const cm = await getContactMethod(ctx.tx, userId, id);
  const [previous] = await ctx.tx
    .select()
    .from(verificationCodes)
    .where(eq(verificationCodes.contactMethodId, id))
    .limit(1);
  const wait = previous ? previous.sentAt.getTime() + RESEND_INTERVAL_MS - now.getTime() : 0;
  if (wait > 0) {
    throw new AppError(
      'RATE_LIMITED',
      `a code was sent less than a minute ago; ask again in ${Math.ceil(wait / 1000)} s`,
    );
  }
  const code = newCode();
  try {
    await sendToContact(
      ctx.config,
      rt.providers,
      { kind: cm.kind as ContactKind, address: cm.address, channelId: cm.channelId },
      codeMessage(cm.kind as ContactKind, code),
    );
  } catch (e) {
    throw new AppError(
      'PRECONDITION_FAILED',
      `the code could not be sent to ${cm.address}: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  const expiresAt = new Date(now.getTime() + CODE_TTL_MS);
  const row = { codeHash: hashCode(code), attempts: 0, sentAt: now, expiresAt };
  await ctx.tx.transaction(async (tx) => {
    await tx
      .insert(verificationCodes)
      .values({ contactMethodId: id, ...row })
      .onConflictDoUpdate({ target: verificationCodes.contactMethodId, set: row });
    await recordAudit(tx, {
      at: now,
      actor: actor.principal.name,
      actorUserId: actor.principal.userId,
      action: 'contact-method.send-code',
      targetType: 'contact-method',
      targetId: id,
      after: { sentAt: now, expiresAt },
      requestId: actor.requestId ?? null,
    });
  });
  return {
    contactMethodId: id,
    sentAt: now.toISOString(),
    expiresAt: expiresAt.toISOString(),
    resendAfterSeconds: RESEND_INTERVAL_MS / 1000,
  };
}

const sameHash = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * Checks `code` for contact method `id`; a right code marks the method verified (and enabled) and uses the
 * code up. A wrong code counts a try.
 * @throws AppError NOT_FOUND, FORBIDDEN; PRECONDITION_FAILED without a pending code, when it expired or when
 *   its 5 tries are used up (a new code is needed); VALIDATION (field `code`) for a wrong code, with the
 *   tries left
 */
export async function verifyContactMethod({
  ctx,
  input,
}: Verb<{ userId: number; id: number; code: string }>): Promise<ContactMethodView> {
  const { userId, id, code } = input;
  const actor: Actor = { principal: ctx.principal, requestId: ctx.requestId };
  const now = ctx.clock.now();
  const outcome = await ctx.tx.transaction(async (tx) => {
    await assertContactAccess(tx, actor.principal, userId);
    const cm = await getContactMethod(tx, userId, id);
    const [pending] = await tx
      .select()
      .from(verificationCodes)
      .where(eq(verificationCodes.contactMethodId, id))
      .for('update')
      .limit(1);
    if (!pending)
      throw new AppError('PRECONDITION_FAILED', 'no code is pending for this contact method: send one first');
    if (pending.expiresAt.getTime() <= now.getTime())
      throw new AppError('PRECONDITION_FAILED', 'the code has expired: request a new one');
    if (pending.attempts >= MAX_TRIES)
      throw new AppError('PRECONDITION_FAILED', `the code was tried ${MAX_TRIES} times: request a new one`);
    if (!sameHash(pending.codeHash, hashCode(code))) {
      // The try is counted in this transaction, which commits; the error is thrown after it.
      await tx
        .update(verificationCodes)
        .set({ attempts: sql`${verificationCodes.attempts} + 1` })
        .where(eq(verificationCodes.contactMethodId, id));
      return { ok: false as const, left: MAX_TRIES - pending.attempts - 1 };
    }
    await tx.delete(verificationCodes).where(eq(verificationCodes.contactMethodId, id));
    const [after] = await tx
      .update(contactMethods)
      .set({ verifiedAt: now, disabledAt: null, disabledReason: null })
      .where(eq(contactMethods.id, id))
      .returning();
    await recordAudit(tx, {
      at: now,
      actor: actor.principal.name,
      actorUserId: actor.principal.userId,
      action: 'contact-method.verify',
      targetType: 'contact-method',
      targetId: id,
      before: toContactMethodView(cm),
      after: toContactMethodView(after!),
      requestId: actor.requestId ?? null,
    });
    return { ok: true as const, view: toContactMethodView(after!) };
  });
  if (!outcome.ok) {
    const message =
      outcome.left > 0 ? `the code is wrong; ${outcome.left} tries left` : 'the code is wrong; request a new code';
    throw new AppError('VALIDATION', message, [{ path: 'code', message }]);
  }
  return outcome.view;
}
