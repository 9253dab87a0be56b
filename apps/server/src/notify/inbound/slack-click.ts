/**
 * A click on a page's Acknowledge or Resolve button in Slack (the `slack` provider's interactive message), or
 * on the war room card's Check in / Decline (handled by what the response module registers, `onSlackCheckIn`),
 * after the route verified Slack's signature: find the Faultline user behind the Slack user, act as them, and
 * update the message through its `response_url`
 * (https://docs.slack.dev/interactivity/handling-user-interaction#message_responses): the buttons that no
 * longer apply disappear and a line says who did what. An unknown Slack user, or one without the
 * `incident:respond` permission, gets a message only they see (`response_type: ephemeral`), and nothing
 * changes.
 *
 * Who is the Slack user: the owner of a verified `chat` contact method whose address is the Slack member id
 * (U…), else the user whose email is the Slack profile's email, read with `users.info`
 * (https://docs.slack.dev/reference/methods/users.info; needs the `users:read.email` scope) at the channel's
 * `apiBase`.
 *
 * Both calls go through the one outbound client (lib/outbound): its address guard applies to `response_url` too.
 */
import type { Runtime } from '../../kernel/index.ts';
import type { SlackConfig } from '../providers/slack/config.ts';
import {
  ACK_ACTION_ID,
  RESOLVE_ACTION_ID,
  responseUrlAllowed,
  type SlackInteraction,
} from '../providers/slack/index.ts';
import { CHECK_IN_ACTION_ID, DECLINE_ACTION_ID, escapeMrkdwn } from '../providers/slack/render.ts';
import { describeOutcome, respondToIncident, type RespondOutcome, incidentTeam } from '../../incident/index.ts';
import { AppError } from '../../lib/index.ts';
import { mayRespond, personByContact, personByEmail, type KnownPerson } from './identify.ts';

/** How long `users.info` and the `response_url` POST may take, ms. Slack wants a click answered within 3 s. */
const SLACK_CALL_TIMEOUT_MS = 3_000;

/** The Slack user's profile email from `users.info`, or null (no scope, unknown user, Slack unreachable). */
async function slackEmail(rt: Runtime, config: SlackConfig, slackUserId: string): Promise<string | null> {
  try {
    const res = await rt.outbound.fetch(`${config.apiBase}/users.info?user=${encodeURIComponent(slackUserId)}`, {
      headers: { authorization: `Bearer ${config.token}` },
      timeoutMs: SLACK_CALL_TIMEOUT_MS,
    });
    const body = (await res.json()) as { ok?: boolean; error?: string; user?: { profile?: { email?: unknown } } };
    if (!body.ok) {
      rt.log.warn({ error: body.error }, 'Slack users.info refused; the Slack user is matched by contact method only');
      return null;
    }
    const email = body.user?.profile?.email;
    return typeof email === 'string' && email.includes('@') ? email : null;
  } catch (err) {
    rt.log.warn({ err }, 'Slack users.info failed; the Slack user is matched by contact method only');
    return null;
  }
}

/** The Faultline user behind a Slack member id, or null (see the module comment). */
export async function slackPerson(rt: Runtime, config: SlackConfig, slackUserId: string): Promise<KnownPerson | null> {
  const byHandle = await personByContact(rt.db, ['chat'], slackUserId);
  if (byHandle) return byHandle;
  const email = await slackEmail(rt, config, slackUserId);
  return email ? personByEmail(rt.db, email) : null;
}

type Block = Record<string, unknown>;

/**
 * What checks a person in to an incident's response group (the response module registers it: notify sits
 * below response and cannot call it). Resolves to the line told to the clicker; throws AppError to refuse.
 */
export type SlackCheckInHandler = (
  rt: Runtime,
  input: { incidentId: number; userId: number; state: 'joined' | 'declined' },
) => Promise<string>;

const checkInHandlers = new WeakMap<Runtime, SlackCheckInHandler>();

/** Registers `handler` as this runtime's check-in for the war room's Check in / Decline buttons. */
export function onSlackCheckIn(rt: Runtime, handler: SlackCheckInHandler): void {
  checkInHandlers.set(rt, handler);
}

/**
 * A Check in / Decline click: the response group's check-in for the person behind the Slack user, told back
 * to them only (`ephemeral`; the card is the channel's, its buttons stay for the others).
 */
async function checkInClick(
  rt: Runtime,
  click: SlackInteraction,
  person: KnownPerson,
  tell: (text: string) => Promise<void>,
): Promise<void> {
  const handler = checkInHandlers.get(rt);
  if (!handler) {
    await tell('Checking in from Slack is not available on this Faultline; nothing was changed.');
    return;
  }
  try {
    await tell(
      await handler(rt, {
        incidentId: click.incidentId,
        userId: person.userId,
        state: click.action === 'decline' ? 'declined' : 'joined',
      }),
    );
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    await tell(`${e.message}; nothing was changed.`);
  }
}

/**
 * The original message's blocks after `outcome`: the action buttons that no longer apply are removed (after
 * an acknowledgement only Resolve and Open remain; after a resolution only Open, the check-in row gone with it), and a context line says
 * what happened. Blocks that are not Faultline's are kept as they were.
 */
export function updatedBlocks(original: Block[], outcome: RespondOutcome, line: string): Block[] {
  const status = outcome.incident.status;
  const gone = new Set<string>();
  if (status !== 'triggered') gone.add(ACK_ACTION_ID);
  if (status === 'resolved' || status === 'closed') gone.add(RESOLVE_ACTION_ID);
  // An ended incident takes no check-in (response's checkIn refuses it): its Check in / Decline row goes too.
  if (status === 'resolved' || status === 'closed' || status === 'cancelled')
    for (const id of [CHECK_IN_ACTION_ID, DECLINE_ACTION_ID]) gone.add(id);
  const blocks = original.map((b) =>
    b.type === 'actions' && Array.isArray(b.elements)
      ? { ...b, elements: (b.elements as Block[]).filter((e) => !gone.has(String(e.action_id))) }
      : b,
  );
  return [
    ...blocks.filter((b) => !(b.type === 'actions' && Array.isArray(b.elements) && b.elements.length === 0)),
    { type: 'context', elements: [{ type: 'mrkdwn', text: escapeMrkdwn(line) }] },
  ];
}

/** POSTs to the click's `response_url` when it is on Slack (`responseUrlAllowed`); never throws. */
async function postResponse(
  rt: Runtime,
  config: SlackConfig,
  url: string | null,
  body: Record<string, unknown>,
): Promise<void> {
  if (!url) return;
  if (!responseUrlAllowed(url, config.apiBase)) {
    rt.log.warn(
      { host: URL.canParse(url) ? new URL(url).host : null },
      'Slack response_url is not on a Slack host; not called',
    );
    return;
  }
  try {
    const res = await rt.outbound.fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      timeoutMs: SLACK_CALL_TIMEOUT_MS,
    });
    if (!res.ok) rt.log.warn({ status: res.status }, 'Slack response_url refused the message update');
  } catch (err) {
    rt.log.warn({ err }, 'Slack response_url could not be reached');
  }
}

/**
 * Handles a verified click: identifies the person, acts, and answers through `response_url`. `originalBlocks`
 * are the clicked message's blocks from the payload (`message.blocks`), to be shown updated.
 * Never throws; failures are logged and, where possible, told to the clicker.
 * @returns the outcome, or null when nothing was done (unknown user, no permission, no such incident)
 */
export async function handleSlackClick(
  rt: Runtime,
  config: SlackConfig,
  click: SlackInteraction,
  originalBlocks: Block[],
): Promise<RespondOutcome | null> {
  const tell = (text: string) =>
    postResponse(rt, config, click.responseUrl, { response_type: 'ephemeral', replace_original: false, text });
  try {
    const person = await slackPerson(rt, config, click.user.id);
    if (!person) {
      await tell(
        'Faultline does not know your Slack account, so nothing was changed. Add your Slack member ID as a chat ' +
          'contact method in Faultline (or use the same email in both), then try again.',
      );
      return null;
    }
    if (click.action === 'check-in' || click.action === 'decline') {
      await checkInClick(rt, click, person, tell);
      return null;
    }
    const team = await incidentTeam(rt.db, click.incidentId);
    if (!mayRespond(person, team)) {
      await tell(`You (${person.name}) may not respond to incidents of team ${team ?? '(none)'}; nothing was changed.`);
      return null;
    }
    const outcome = await respondToIncident(rt, {
      incidentId: click.incidentId,
      action: click.action === 'resolve' ? 'resolve' : 'ack',
      by: { name: person.name, userId: person.userId },
      via: 'Slack',
    });
    const line = outcome.kind === 'done' ? doneLine(outcome, person.name) : describeOutcome(outcome);
    await postResponse(rt, config, click.responseUrl, {
      replace_original: true,
      text: line,
      blocks: updatedBlocks(originalBlocks, outcome, line),
    });
    return outcome;
  } catch (e) {
    if (e instanceof AppError && e.code === 'NOT_FOUND') await tell(`${e.message}; nothing was changed.`);
    else {
      rt.log.error({ err: e }, 'acting on a Slack button click failed');
      await tell('Faultline could not act on this click; nothing was changed. Try again, or open Faultline.');
    }
    return null;
  }
}

/** "#42 acknowledged by Ana via Slack" (the message line after a click that changed the incident). */
function doneLine(o: RespondOutcome, name: string): string {
  return `#${o.incident.id} ${o.action === 'ack' ? 'acknowledged' : 'resolved'} by ${name} via Slack`;
}
