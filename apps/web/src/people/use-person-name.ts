import { useUsers } from '../api/people.ts';

/**
 * `name(email)`: the person's name for an email address the API gives (schedules, overrides, policy targets
 * and on-call steps name people by email), else the address itself — for an address of nobody Faultline knows,
 * or while the users are loading or not readable by the viewer. Compared without case, as the server does.
 */
/** An email address in running text (timeline messages such as "acknowledged by ana@example.com via console"). */
const EMAIL_IN_TEXT = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
/** An address in parentheses after a word: " (ana@example.com)". */
const PARENTHESISED_EMAIL = new RegExp(`\\s?\\((${EMAIL_IN_TEXT.source})\\)`, 'g');

/**
 * `text` with each email address in it written as the person's name by `name` (an address `name` does not know
 * stays as written). The server keeps the address in stored text (the timeline's actor and messages); the
 * console shows names. Pure.
 */
export function namePeople(text: string, name: (email: string) => string): string {
  // "Cat Cole (cat@example.com)" already names the person: drop the address rather than write the name twice.
  const withoutEchoes = text.replace(PARENTHESISED_EMAIL, (whole: string, email: string, offset: number) =>
    name(email) !== email && text.slice(0, offset).endsWith(name(email)) ? '' : whole,
  );
  return withoutEchoes.replace(EMAIL_IN_TEXT, (email) => name(email));
}

export function usePersonName(): (email: string) => string {
  const users = useUsers();
  const names = new Map((users.data ?? []).map((u) => [u.email.toLowerCase(), u.name] as const));
  return (email) => names.get(email.toLowerCase()) || email;
}
