/**
 * The person behind a single sign-on (docs/identity.md): found by the provider's (issuer, subject); else by
 * email when the provider says the email is verified, and then linked to that identity; else created with
 * role `viewer` (source `oidc`), so a first sign-in can read but not act until someone gives them a role.
 * Links and creations are audited with the actor `oidc`.
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/index.ts';
import { users } from './tables.ts';
import { findUserByEmail, normalEmail, userView } from './users.ts';
import { AppError } from '../lib/index.ts';
import { auditBy, recordAudit } from '../audit/index.ts';
import { systemActor } from '../kernel/index.ts';

/** A person as a single sign-on provider vouches for them (from the ID token's claims). */
export interface OidcIdentity {
  issuer: string;
  subject: string;
  email: string | null;
  emailVerified: boolean;
  name: string | null;
}

type UserRow = typeof users.$inferSelect;

/**
 * Finds, links or creates the user for a validated identity.
 * @throws AppError UNAUTHORIZED when the account is disabled, the provider gives no email for a new person,
 *   or the email belongs to an existing user but the provider has not verified it (it could be anyone's)
 */
export async function userForOidc(db: Db, id: OidcIdentity, now: Date): Promise<UserRow> {
  const actor = systemActor(now, 'oidc');
  const user = await db.transaction(async (tx) => {
    const [known] = await tx
      .select()
      .from(users)
      .where(and(eq(users.oidcIssuer, id.issuer), eq(users.oidcSubject, id.subject)))
      .limit(1);
    if (known) return known;
    if (!id.email) throw new AppError('UNAUTHORIZED', 'the single sign-on provider did not share an email address');
    const byEmail = await findUserByEmail(tx, id.email);
    if (byEmail) {
      if (!id.emailVerified) {
        throw new AppError(
          'UNAUTHORIZED',
          `the provider has not verified ${normalEmail(id.email)}, which belongs to an existing account`,
        );
      }
      if (byEmail.oidcSubject !== null) {
        throw new AppError('UNAUTHORIZED', `${byEmail.email} is already linked to another single sign-on identity`);
      }
      const [linked] = await tx
        .update(users)
        .set({ oidcIssuer: id.issuer, oidcSubject: id.subject, updatedAt: now })
        .where(eq(users.id, byEmail.id))
        .returning();
      await recordAudit(tx, {
        ...auditBy(actor),
        action: 'user.link-sso',
        targetType: 'user',
        targetId: byEmail.id,
        before: userView(byEmail),
        after: { ...userView(linked!), issuer: id.issuer },
      });
      return linked!;
    }
    const [created] = await tx
      .insert(users)
      .values({
        email: normalEmail(id.email),
        name: id.name ?? normalEmail(id.email),
        role: 'viewer',
        source: 'oidc',
        oidcIssuer: id.issuer,
        oidcSubject: id.subject,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await recordAudit(tx, {
      ...auditBy(actor),
      action: 'user.create',
      targetType: 'user',
      targetId: created!.id,
      after: { ...userView(created!), issuer: id.issuer },
    });
    return created!;
  });
  if (user.disabledAt !== null) throw new AppError('UNAUTHORIZED', `the account ${user.email} is disabled`);
  return user;
}
