/**
 * Alibaba Cloud SMS and voice send approved templates, not free text: Faultline fills the template's
 * variables (`TemplateParam` / `TtsParam`, a JSON object of strings). The config maps each variable to a
 * value pattern with placeholders, e.g. `{ level: "{{level}}", title: "{{title}}" }`.
 *
 * Placeholders: pages `{{level}} {{id}} {{title}} {{status}} {{service}} {{step}} {{ackUrl}} {{incidentUrl}}`;
 * notices `{{subject}} {{text}}`. Each filled value is cut to `maxParamLength` characters (Alibaba Cloud
 * refuses over-long variables with `isv.PARAM_LENGTH_LIMIT`, 35 characters for most notification variables)
 * and values must be strings (`isv.INVALID_JSON_PARAM`). A URL is only accepted in a variable the template
 * declares as a link (`isv.PARAM_NOT_SUPPORT_URL` otherwise).
 */
import { z } from 'zod';
import type { Message, PageMessage, TextMessage } from '../../provider.ts';

export const PAGE_PLACEHOLDERS = [
  'level',
  'id',
  'title',
  'status',
  'service',
  'step',
  'ackUrl',
  'incidentUrl',
] as const;
export const NOTICE_PLACEHOLDERS = ['subject', 'text'] as const;

const PLACEHOLDER = /\{\{\s*([A-Za-z]+)\s*\}\}/g;

/** zod schema of a template reference: its code and how its variables are filled from `allowed` placeholders. */
export function templateSchema(codePattern: RegExp, allowed: readonly string[], defaults: Record<string, string>) {
  return z
    .object({
      code: z.string().regex(codePattern, `expected a template code matching ${codePattern}`),
      params: z.record(z.string().regex(/^[A-Za-z0-9_]+$/), z.string()).default(defaults),
    })
    .strict()
    .superRefine((t, ctx) => {
      for (const [name, pattern] of Object.entries(t.params)) {
        for (const m of pattern.matchAll(PLACEHOLDER)) {
          if (!allowed.includes(m[1]!)) {
            ctx.addIssue({
              code: 'custom',
              path: ['params', name],
              message: `unknown placeholder {{${m[1]}}}; use one of ${allowed.map((a) => `{{${a}}}`).join(' ')}`,
            });
          }
        }
      }
    });
}

/** Default variables of a page template: `${level}`, `${id}`, `${title}`. */
export const DEFAULT_PAGE_PARAMS = { level: '{{level}}', id: '{{id}}', title: '{{title}}' };
/** Default variables of a notice template: `${subject}`, `${text}`. */
export const DEFAULT_NOTICE_PARAMS = { subject: '{{subject}}', text: '{{text}}' };

/** The placeholder values of a message. */
export function placeholderValues(message: Message): Record<string, string> {
  return message.kind === 'page' ? pageValues(message) : noticeValues(message);
}

function pageValues(m: PageMessage): Record<string, string> {
  return {
    level: m.levelText,
    id: String(m.incidentId),
    title: m.title,
    status: m.status,
    service: m.service ?? '',
    step: m.step,
    ackUrl: m.ackUrl,
    incidentUrl: m.incidentUrl,
  };
}

function noticeValues(m: TextMessage): Record<string, string> {
  return { subject: m.subject, text: m.text };
}

/** Cuts `s` to `max` characters (code points), the last one an ellipsis when cut. */
function cut(s: string, max: number): string {
  const chars = Array.from(s.replace(/\s+/g, ' ').trim());
  return chars.length <= max ? chars.join('') : `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}

/**
 * Fills each variable's pattern with the message's values and cuts it to `maxParamLength` characters.
 * Returns the JSON object for `TemplateParam` / `TtsParam` (all values strings).
 */
export function renderTemplateParams(
  params: Record<string, string>,
  message: Message,
  maxParamLength: number,
): Record<string, string> {
  const values = placeholderValues(message);
  return Object.fromEntries(
    Object.entries(params).map(([name, pattern]) => [
      name,
      cut(
        pattern.replace(PLACEHOLDER, (_, key: string) => values[key] ?? ''),
        maxParamLength,
      ),
    ]),
  );
}
