/** Renders a page as an email: a plain-text part and a small HTML part with the acknowledge link. */
import type { Message } from '../../provider.ts';

const escape = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

export function renderEmail(message: Message): { subject: string; text: string; html?: string } {
  if (message.kind === 'notice') return { subject: message.subject, text: message.text };
  const subject = `[${message.levelText}] #${message.incidentId} ${message.title}`;
  const alertLines = message.alerts.map(
    (a) =>
      `- ${a.summary} {${Object.entries(a.labels)
        .map(([k, v]) => `${k}="${v}"`)
        .join(', ')}}`,
  );
  const text = [
    `Incident #${message.incidentId}: ${message.title}`,
    `Level: ${message.levelText}   Status: ${message.status}   Service: ${message.service ?? 'unrouted'}`,
    `Paged because: ${message.step}`,
    '',
    'Alerts:',
    ...alertLines,
    '',
    `Acknowledge: ${message.ackUrl}`,
    `Open in Faultline: ${message.incidentUrl}`,
  ].join('\n');
  const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif">
<h2 style="margin:0 0 8px">#${message.incidentId} ${escape(message.title)}</h2>
<p><strong>${escape(message.levelText)}</strong> · ${escape(message.status)} · ${escape(message.service ?? 'unrouted')}</p>
<ul>${message.alerts.map((a) => `<li>${escape(a.summary)}</li>`).join('')}</ul>
<p><a href="${escape(message.ackUrl)}" style="background:#c92a2a;color:#fff;padding:8px 14px;border-radius:4px;text-decoration:none">Acknowledge</a>
&nbsp; <a href="${escape(message.incidentUrl)}">Open in Faultline</a></p>
</body></html>`;
  return { subject, text, html };
}
