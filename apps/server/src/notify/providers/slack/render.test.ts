import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PageMessage } from '../../provider.ts';
import { samplePage } from '../../../../../../test/support/chat-webhook-testing.ts';
import { escapeMrkdwn, renderSlack } from './render.ts';

/** Any page: arbitrary titles, levels, statuses and alerts. */
const anyPage = fc
  .record({
    incidentId: fc.integer({ min: 1, max: 2_147_483_647 }),
    title: fc.string({ maxLength: 2000 }),
    levelText: fc.string({ maxLength: 50 }),
    status: fc.string({ maxLength: 50 }),
    service: fc.option(fc.string({ maxLength: 200 }), { nil: null }),
    step: fc.string({ maxLength: 100 }),
    alerts: fc.array(fc.record({ summary: fc.string({ maxLength: 1500 }), labels: fc.constant({}) }), { maxLength: 8 }),
  })
  .map((p): PageMessage => samplePage(p));

type Block = {
  type: string;
  text?: { text: string };
  fields?: Array<{ text: string }>;
  elements?: Array<Record<string, unknown>>;
};

describe('renderSlack', () => {
  it('escapes mrkdwn control characters in alert text', () => {
    const { blocks } = renderSlack(samplePage({ alerts: [{ summary: 'a <b> & <!channel>', labels: {} }] }), {
      interactive: true,
    });
    expect(JSON.stringify(blocks)).toContain(escapeMrkdwn('a <b> & <!channel>'));
    expect(JSON.stringify(blocks)).not.toContain('<!channel>');
  });

  it('stays within Block Kit limits for any page (property)', () => {
    fc.assert(
      fc.property(anyPage, fc.boolean(), (page, interactive) => {
        const { text, blocks } = renderSlack(page, { interactive }) as { text: string; blocks: Block[] };
        if (Array.from(text).length > 3000 || blocks.length > 50) return false;
        for (const b of blocks) {
          if (b.type === 'header' && Array.from(b.text!.text).length > 150) return false;
          if (b.type === 'section' && b.text && Array.from(b.text.text).length > 3000) return false;
          if (b.fields && (b.fields.length > 10 || b.fields.some((f) => Array.from(f.text).length > 2000)))
            return false;
          if (b.type === 'actions') {
            const ids = b.elements!.map((e) => e.action_id);
            if (new Set(ids).size !== ids.length) return false;
          }
        }
        return true;
      }),
    );
  });
});
