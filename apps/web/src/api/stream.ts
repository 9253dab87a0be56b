import type { StreamMessage } from '@faultline/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { API_BASE } from './client.ts';
import { queryKeys } from './query-keys.ts';

/** State of the live connection: shown in the header so a viewer knows whether the page is current. */
export type StreamState = 'connecting' | 'live' | 'reconnecting';

function parseMessage(raw: unknown): StreamMessage | null {
  if (typeof raw !== 'string') return null;
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value !== 'object' || value === null) return null;
    const { type, incidentId } = value as Record<string, unknown>;
    if ((type === 'incident.created' || type === 'incident.updated') && typeof incidentId === 'number') {
      return { type, incidentId };
    }
  } catch {
    // A malformed line is ignored; the next message or reconnect refreshes the data anyway.
  }
  return null;
}

/** Backoff for reconnecting after the browser gave up on the stream: 1 s, 2 s, 4 s … capped at 30 s. */
function retryDelayMs(attempt: number): number {
  return Math.min(30_000, 1_000 * 2 ** attempt);
}

/**
 * Subscribes to `GET /api/v1/stream` (Server-Sent Events) while mounted and invalidates the incident list
 * and the named incident on every message. `EventSource` reconnects by itself after a dropped connection;
 * when the server refuses the stream (e.g. 401 after the session expired) the browser stops, so this
 * re-checks the session and retries with backoff. After any gap everything is refetched, since messages
 * may have been missed.
 */
export function useIncidentStream(): StreamState {
  const queryClient = useQueryClient();
  const [state, setState] = useState<StreamState>('connecting');

  useEffect(() => {
    let source: EventSource | null = null;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let attempt = 0;
    let missedMessages = false;

    const connect = (): void => {
      source = new EventSource(`${API_BASE}/stream`, { withCredentials: true });
      source.onopen = () => {
        attempt = 0;
        setState('live');
        if (missedMessages) void queryClient.invalidateQueries({ queryKey: queryKeys.incidents.all });
        missedMessages = false;
      };
      source.onmessage = (event: MessageEvent) => {
        const message = parseMessage(event.data);
        if (!message) return;
        void queryClient.invalidateQueries({ queryKey: queryKeys.incidents.lists });
        void queryClient.invalidateQueries({ queryKey: queryKeys.incidents.detail(message.incidentId) });
      };
      source.onerror = () => {
        missedMessages = true;
        setState('reconnecting');
        if (source?.readyState !== EventSource.CLOSED) return;
        source.close();
        void queryClient.invalidateQueries({ queryKey: queryKeys.session });
        retryTimer = setTimeout(connect, retryDelayMs(attempt));
        attempt += 1;
      };
    };

    connect();
    return () => {
      clearTimeout(retryTimer);
      source?.close();
    };
  }, [queryClient]);

  return state;
}
