/** Renders a message as the `Body` of a Twilio SMS (see phone/sms-text.ts for the length rules). */
import type { Message } from '../../provider.ts';
import { renderSms } from '../../phone/sms-text.ts';

/**
 * The SMS text for `message` within `maxSegments` segments; with `replies`, a page may offer `Reply ACK 42`
 * when the ack link does not fit. Twilio itself splits a long body into segments (at most 1,600 characters).
 */
export function renderTwilioSms(message: Message, options: { maxSegments: number; replies: boolean }): string {
  return renderSms(message, options);
}
