/**
 * E.164 phone numbers (ITU-T E.164): a `+`, a country code that does not start with 0, and at most 15 digits
 * in all. Phone providers take the recipient in this form; anything else is refused before a request is made.
 */
import { z } from 'zod';
import { InvalidNumberError } from './errors.ts';

/**
 * `+` then 7 to 15 digits, the first not 0. Seven is the shortest number in use with its country code
 * (small island plans); 15 is the E.164 maximum. No spaces, dashes or brackets.
 */
export const E164_PATTERN = /^\+[1-9]\d{6,14}$/;

/** zod schema for an E.164 number (contact methods, sender numbers in provider configs). */
export const E164 = z.string().regex(E164_PATTERN, 'expected an E.164 phone number such as +14155550100');

/** True when `s` is an E.164 number. */
export function isE164(s: string): boolean {
  return E164_PATTERN.test(s);
}

/**
 * Returns `number` when it is E.164; throws `InvalidNumberError` (a `PermanentSendError`) otherwise, so a
 * send to a malformed contact method fails at once instead of retrying.
 */
export function assertE164(number: string): string {
  if (!isE164(number)) {
    throw new InvalidNumberError(`"${number}" is not an E.164 phone number (expected + and 7 to 15 digits)`);
  }
  return number;
}
