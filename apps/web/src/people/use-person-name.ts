import { usePeopleDirectory } from '../api/people.ts';

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

/**
 * `name(email)`: the person's name for an email address the API gives (schedules, overrides, policy targets,
 * timelines and on-call steps name people by email), else the address itself — for an address of nobody the
 * viewer can see, or while the directory loads. From the people directory (`GET /api/v1/people`), which a
 * viewer or stakeholder may read too (issue 12: they saw emails). Compared without case, as the server does.
 */
export function usePersonName(): (email: string) => string {
  const people = usePeopleDirectory();
  const names = new Map((people.data ?? []).map((u) => [u.email.toLowerCase(), u.name] as const));
  return (email) => names.get(email.toLowerCase()) || email;
}
