import { describe, expect, it } from 'vitest';
import { renderSlack } from '../providers/slack/index.ts';
import { samplePage } from '../../../../../test/support/vendor-stub.ts';
import type { RespondOutcome } from '../../incident/respond.ts';
import { updatedBlocks } from './slack-click.ts';

const original = renderSlack(samplePage(), { interactive: true }).blocks;
const outcome = (status: string): RespondOutcome => ({
  kind: 'done',
  action: status === 'resolved' ? 'resolve' : 'ack',
  incident: { id: 42, title: 'Checkout error rate above 5%', status, team: 'payments' },
});
const buttons = (blocks: Array<Record<string, unknown>>) =>
  blocks
    .filter((b) => b.type === 'actions')
    .flatMap((b) => (b.elements as Array<Record<string, unknown>>).map((e) => e.action_id));

describe('updatedBlocks', () => {
  it('after an acknowledgement keeps Resolve and Open, and adds the line', () => {
    const blocks = updatedBlocks(original, outcome('acknowledged'), '#42 acknowledged by Ana via Slack');
    expect(buttons(blocks)).toEqual(['faultline_resolve', 'faultline_open']);
    expect(blocks.at(-1)).toEqual({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: '#42 acknowledged by Ana via Slack' }],
    });
    // The header, facts and alerts stay as they were.
    expect(blocks.slice(0, 3)).toEqual(original.slice(0, 3));
  });

  it('after a resolution keeps only Open', () => {
    expect(buttons(updatedBlocks(original, outcome('resolved'), 'x'))).toEqual(['faultline_open']);
  });

  it('drops an actions block left empty, and escapes the line for mrkdwn', () => {
    const onlyButtons = [{ type: 'actions', elements: [{ type: 'button', action_id: 'faultline_ack' }] }];
    const blocks = updatedBlocks(onlyButtons, outcome('acknowledged'), 'by <Ana> & co');
    expect(blocks).toEqual([{ type: 'context', elements: [{ type: 'mrkdwn', text: 'by &lt;Ana&gt; &amp; co' }] }]);
  });
});
