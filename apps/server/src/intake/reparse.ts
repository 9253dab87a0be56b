/**
 * Parsing a stored event again (a quarantine replay): the raw body as received, through today's parser for
 * its source, at the time it was received. A fixed parser therefore applies to an event accepted before the
 * fix, and the signals are made storable the same way intake does it (`storableSignal`).
 */
import { AppError } from '../lib/index.ts';
import { parseAlertmanager } from './sources/alertmanager.ts';
import { parseGeneric } from './sources/generic.ts';
import { parseGrafana } from './sources/grafana.ts';
import { parsePagerDutyEvent } from './sources/pagerduty.ts';
import { storableSignal, type Signal } from './signal.ts';

export interface StoredEvent {
  source: string;
  /** The request body exactly as received. */
  payload: string;
  receivedAt: Date;
  /** The signals parsed when it was received. */
  signals: Signal[];
}

/**
 * The event's signals, parsed again from its payload. A PagerDuty trigger sent without `dedup_key` keeps
 * the key generated when it was received (the sender was answered with it). When today's parser refuses
 * the payload, the signals accepted at the time are kept instead: what intake answered 2xx is never lost.
 */
export function reparseEvent(event: StoredEvent): Signal[] {
  let signals: Signal[];
  try {
    // The body passed Fastify's prototype-poisoning check when it was received; the parsers refuse
    // `__proto__` names themselves.
    const body: unknown = JSON.parse(event.payload);
    switch (event.source) {
      case 'alertmanager':
        signals = parseAlertmanager(body, event.receivedAt);
        break;
      case 'generic':
        signals = parseGeneric(body, event.receivedAt);
        break;
      case 'grafana':
        signals = parseGrafana(body, event.receivedAt);
        break;
      case 'pagerduty': {
        const generated = event.signals[0]?.dedupKey ?? '';
        signals = [parsePagerDutyEvent(body, event.receivedAt, () => generated).signal];
        break;
      }
      // Opsgenie's action and identifier are in the URL, not the body: its signals stay as received.
      default:
        signals = event.signals;
    }
  } catch (e) {
    if (!(e instanceof AppError) && !(e instanceof SyntaxError)) throw e;
    signals = event.signals;
  }
  return signals.map(storableSignal);
}
