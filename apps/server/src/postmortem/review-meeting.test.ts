import { describe, expect, it } from 'vitest';
import { inviteesOf, reviewInvitation } from './review-meeting.ts';

describe('review meeting invitation', () => {
  it('invites each participant with an address once', () => {
    expect(inviteesOf(['ana@example.com', null, 'admin', 'ANA@example.com', 'dan@example.com'])).toEqual([
      'ana@example.com',
      'dan@example.com',
    ]);
  });

  it('is an iCalendar request with the meeting, its link and its attendees', () => {
    const text = reviewInvitation({
      postmortemId: 3,
      incidentId: 42,
      title: 'Checkout is down',
      start: new Date('2026-05-23T23:03:00Z'),
      minutes: 60,
      attendees: ['ana@example.com', 'dan@example.com'],
      url: 'https://faultline.example/incidents/42/postmortem',
      now: new Date('2026-05-22T23:03:00Z'),
    });
    expect(text).toContain('METHOD:REQUEST');
    expect(text).toContain('DTSTART:20260523T230300Z');
    expect(text).toContain('DTEND:20260524T000300Z');
    expect(text).toContain('SUMMARY:Postmortem review: #42 Checkout is down');
    expect(text).toMatch(/ATTENDEE;[^\r\n]*RSVP=TRUE[^\r\n]*:MAILTO:ana@example\.com/);
    expect(text).toMatch(/ATTENDEE;[^\r\n]*:MAILTO:dan@example\.com/);
  });
});
