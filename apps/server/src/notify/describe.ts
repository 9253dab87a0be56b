/** How the timeline names a person's notification: `SMS to Ann (+14155550100)`, `email to ann@example.com`. */

const label = (kind: string, channelId: string | null): string =>
  kind === 'sms'
    ? 'SMS'
    : kind === 'voice'
      ? 'voice call'
      : kind === 'chat'
        ? `chat message on ${channelId ?? '?'}`
        : 'email';

/** `SMS to +14155550100`: a method without its person. */
export function describeMethod(kind: string, address: string, channelId: string | null): string {
  return `${label(kind, channelId)} to ${address}`;
}

/** `SMS to Ann (+14155550100)`: a method and its person. */
export function describeDelivery(kind: string, name: string, address: string, channelId: string | null): string {
  return `${label(kind, channelId)} to ${name} (${address})`;
}

/** The method kind of a person notification's `channel`: `email`, `sms`, `voice`, or else a chat channel id. */
export function kindOfChannel(channel: string): { kind: string; channelId: string | null } {
  return ['email', 'sms', 'voice'].includes(channel)
    ? { kind: channel, channelId: null }
    : { kind: 'chat', channelId: channel };
}
