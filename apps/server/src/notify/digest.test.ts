import { describe, expect, it } from 'vitest';
import { digestMessage } from './digest.ts';
import { renderEmail } from './providers/smtp/render.ts';
import { renderSms, countSegments } from './phone/sms-text.ts';

const incidents = [41, 42, 43].map((id) => ({
  incidentId: id,
  title: `Checkout <errors> ${id}`,
  levelText: id === 41 ? 'P1' : 'P2',
  status: id === 43 ? 'acknowledged' : 'triggered',
  incidentUrl: `https://faultline.example/incidents/${id}`,
}));

describe('digest', () => {
  const m = digestMessage(incidents, { max: 10, perMinutes: 10 });

  it('says how many pages were held and why, one line per incident', () => {
    expect(m.subject).toBe('Faultline: 3 pages held back (over 10 in 10 min)');
    expect(m.text.split('\n')).toEqual([
      'P1 #41 Checkout <errors> 41 (triggered)',
      'P2 #42 Checkout <errors> 42 (triggered)',
      'P2 #43 Checkout <errors> 43 (acknowledged)',
    ]);
    expect(digestMessage(incidents.slice(0, 1), { max: 3, perMinutes: 5 }).subject).toBe(
      'Faultline: 1 page held back (over 3 in 5 min)',
    );
  });

  it('renders as an email listing every incident with its link, HTML-escaped', () => {
    const e = renderEmail(m);
    expect(e.subject).toBe(m.subject);
    for (const i of incidents) expect(e.text).toContain(`#${i.incidentId} ${i.title} (${i.status}) ${i.incidentUrl}`);
    expect(e.html).toContain('Checkout &lt;errors&gt; 41');
    expect(e.html).not.toContain('<errors>');
  });

  it('renders as a short SMS of incident numbers within the segment limit', () => {
    expect(renderSms(m, { maxSegments: 1, replies: false })).toBe(
      'Faultline: 3 pages held back (over 10 in 10 min): P1 #41, P2 #42, P2 #43',
    );
    const many = digestMessage(
      Array.from({ length: 80 }, (_, k) => ({ ...incidents[0]!, incidentId: 1000 + k })),
      { max: 10, perMinutes: 10 },
    );
    expect(countSegments(renderSms(many, { maxSegments: 1, replies: false }))).toBe(1);
  });
});

describe('notice email', () => {
  it('carries a calendar invitation as nodemailer icalEvent (a text/calendar REQUEST part), and none without', () => {
    const ics = 'BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR';
    expect(renderEmail({ kind: 'notice', subject: 'Review', text: 'Join', calendar: ics })).toEqual({
      subject: 'Review',
      text: 'Join',
      icalEvent: { method: 'request', content: ics },
    });
    expect(renderEmail({ kind: 'notice', subject: 'x', text: 'y' })).toEqual({ subject: 'x', text: 'y' });
  });
});
