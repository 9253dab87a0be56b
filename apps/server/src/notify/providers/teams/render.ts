/**
 * Renders messages as the message envelope a Teams Workflows webhook expects: `{type: 'message',
 * attachments: [{contentType: 'application/vnd.microsoft.card.adaptive', content: <Adaptive Card>}]}`
 * (https://learn.microsoft.com/microsoftteams/platform/webhooks-and-connectors/how-to/connectors-using).
 * The card is Adaptive Cards 1.4 (https://adaptivecards.io/explorer/): a title TextBlock, a FactSet, the
 * first alerts, and `Action.OpenUrl` buttons for the signed acknowledge/resolve links and the incident.
 * Workflows cannot call Faultline back, so every button is a link.
 */
import type { Message, PageMessage } from '../../provider.ts';
import { firstAlerts, headline, pageFacts, truncate, pageWords } from '../shared/text.ts';

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

/** The JSON body POSTed to the workflow. */
export interface TeamsEnvelope {
  type: 'message';
  attachments: Array<{
    contentType: typeof ADAPTIVE_CARD_CONTENT_TYPE;
    contentUrl: null;
    content: Record<string, unknown>;
  }>;
}

const card = (body: unknown[], actions: unknown[] = []) => ({
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
  type: 'AdaptiveCard',
  version: '1.4',
  msteams: { width: 'Full' },
  body,
  ...(actions.length ? { actions } : {}),
});

const textBlock = (text: string, extra: Record<string, unknown> = {}) => ({
  type: 'TextBlock',
  text,
  wrap: true,
  ...extra,
});

/** Renders a page or a notice as the Workflows message envelope. */
export function renderTeams(message: Message): TeamsEnvelope {
  const content =
    message.kind !== 'page'
      ? card([textBlock(message.subject, { size: 'Large', weight: 'Bolder' }), textBlock(message.text)])
      : pageCard(message);
  return { type: 'message', attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, contentUrl: null, content }] };
}

function pageCard(m: PageMessage) {
  const body: unknown[] = [
    textBlock(truncate(headline(m), 300), { size: 'Large', weight: 'Bolder', color: 'Attention', style: 'heading' }),
    { type: 'FactSet', facts: pageFacts(m).map((f) => ({ title: f.name, value: f.value })) },
  ];
  const words = pageWords(m);
  const { summaries, more } = firstAlerts(m);
  if (summaries.length) {
    body.push(textBlock(words.alerts, { weight: 'Bolder', spacing: 'Medium' }));
    body.push(textBlock([...summaries.map((s) => `- ${s}`), ...(more ? [`- ${words.more(more)}`] : [])].join('\n')));
  }
  body.push(textBlock(words.footer, { isSubtle: true, size: 'Small' }));
  const actions: unknown[] = [{ type: 'Action.OpenUrl', title: words.acknowledge, url: m.ackUrl, style: 'positive' }];
  if (m.resolveUrl)
    actions.push({ type: 'Action.OpenUrl', title: words.resolve, url: m.resolveUrl, style: 'destructive' });
  actions.push({ type: 'Action.OpenUrl', title: words.open, url: m.incidentUrl });
  return card(body, actions);
}
