/** Renders a page as an email: a plain-text part and a small HTML part with the acknowledge link. */
import type { DigestMessage, Message } from '../../provider.ts';
import { statusWord, stepWord, translatorOf } from '../../words.ts';
import { pageWords, serviceOf, statusOf } from '../shared/text.ts';

const escape = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/**
 * A digest (storm control) as an email: every held incident with its level, status and link, in text and
 * HTML.
 */
export function renderDigestEmail(message: DigestMessage): { subject: string; text: string; html: string } {
  const { max, perMinutes } = message.budget;
  const t = translatorOf(message);
  const why = t.t('digest.why', { max, minutes: perMinutes });
  const text = [
    why,
    '',
    ...message.incidents.map(
      (i) => `- [${i.levelText}] #${i.incidentId} ${i.title} (${statusWord(t, i.status)}) ${i.incidentUrl}`,
    ),
  ].join('\n');
  const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif">
<h2 style="margin:0 0 8px">${escape(message.subject)}</h2>
<p>${escape(why)}</p>
<ul>${message.incidents
    .map(
      (i) =>
        `<li><strong>${escape(i.levelText)}</strong> <a href="${escape(i.incidentUrl)}">#${i.incidentId} ${escape(i.title)}</a> · ${escape(statusWord(t, i.status))}</li>`,
    )
    .join('')}</ul>
</body></html>`;
  return { subject: message.subject, text, html };
}

/** An email's parts; `icalEvent` is nodemailer's calendar part (a `text/calendar; method=REQUEST` alternative). */
export interface RenderedEmail {
  subject: string;
  text: string;
  html?: string;
  icalEvent?: { method: 'request'; content: string };
  /** nodemailer attachments (base64 content). */
  attachments?: Array<{ filename: string; contentType: string; content: string; encoding: 'base64' }>;
}

export function renderEmail(message: Message): RenderedEmail {
  if (message.kind === 'notice')
    return {
      subject: message.subject,
      text: message.text,
      ...(message.calendar ? { icalEvent: { method: 'request' as const, content: message.calendar } } : {}),
      ...(message.attachments?.length
        ? {
            attachments: message.attachments.map((a) => ({
              filename: a.filename,
              contentType: a.contentType,
              content: a.contentBase64,
              encoding: 'base64' as const,
            })),
          }
        : {}),
    };
  if (message.kind === 'digest') return renderDigestEmail(message);
  const subject = `[${message.levelText}] #${message.incidentId} ${message.title}`;
  const alertLines = message.alerts.map(
    (a) =>
      `- ${a.summary} {${Object.entries(a.labels)
        .map(([k, v]) => `${k}="${v}"`)
        .join(', ')}}`,
  );
  const t = translatorOf(message);
  const words = pageWords(message);
  const status = statusOf(message);
  const service = serviceOf(message);
  const text = [
    t.t('page.email.heading', { id: message.incidentId, title: message.title }),
    t.t('page.email.facts', { level: message.levelText, status, service }),
    t.t('page.email.step', { step: stepWord(t, message.step) }),
    '',
    `${words.alerts}:`,
    ...alertLines,
    '',
    t.t('page.email.ackLine', { url: message.ackUrl }),
    t.t('page.email.openLine', { url: message.incidentUrl }),
  ].join('\n');
  const html = `<!doctype html><html lang="${t.locale}"><body style="font-family:system-ui,sans-serif">
<h2 style="margin:0 0 8px">#${message.incidentId} ${escape(message.title)}</h2>
<p><strong>${escape(message.levelText)}</strong> · ${escape(status)} · ${escape(service)}</p>
<ul>${message.alerts.map((a) => `<li>${escape(a.summary)}</li>`).join('')}</ul>
<p><a href="${escape(message.ackUrl)}" style="background:#c92a2a;color:#fff;padding:8px 14px;border-radius:4px;text-decoration:none">${escape(words.acknowledge)}</a>
&nbsp; <a href="${escape(message.incidentUrl)}">${escape(words.open)}</a></p>
</body></html>`;
  return { subject, text, html };
}
