import type { StreamMessage } from '@faultline/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { API_BASE } from './client.ts';
import { isDataQuery } from './query-client.ts';
import { queryKeys } from './query-keys.ts';

/** State of the live connection: shown in the header so a viewer knows whether the page is current. */
export type StreamState = 'connecting' | 'live' | 'reconnecting';

const MESSAGE_TYPES: ReadonlySet<string> = new Set<StreamMessage['type']>([
  'incident.created',
  'incident.updated',
  'kpi.evaluated',
  'rules.changed',
]);

/** Reads one stream message; unknown types and malformed lines give `null` (ignored). */
export function parseMessage(raw: unknown): StreamMessage | null {
  if (typeof raw !== 'string') return null;
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value !== 'object' || value === null) return null;
    const { type, incidentId, watchId, module } = value as Record<string, unknown>;
    if (typeof type !== 'string' || !MESSAGE_TYPES.has(type)) return null;
    const message: StreamMessage = { type: type as StreamMessage['type'] };
    if (typeof incidentId === 'number' && Number.isSafeInteger(incidentId)) message.incidentId = incidentId;
    if (typeof watchId === 'string') message.watchId = watchId;
    if (typeof module === 'string') message.module = module;
    return message;
  } catch {
    // A malformed line is ignored; the next message or reconnect refreshes the data anyway.
  }
  return null;
}

/**
 * The query keys a stream message makes stale: an incident event refreshes the lists, that incident and
 * the risks (a risk is an incident below every level); a KPI evaluation refreshes the watches and that
 * watch's samples (all samples when no watch is named) plus the incident it may have graded; a rules
 * change refreshes the module list and that module's rules (every module's when none is named).
 */
export function keysToInvalidate(message: StreamMessage): ReadonlyArray<readonly unknown[]> {
  switch (message.type) {
    case 'incident.created':
    case 'incident.updated':
      return [
        queryKeys.incidents.lists,
        ...(message.incidentId === undefined
          ? [queryKeys.incidents.all]
          : [queryKeys.incidents.detail(message.incidentId)]),
        queryKeys.risks,
      ];
    case 'kpi.evaluated':
      return [
        queryKeys.kpi.watches,
        message.watchId === undefined ? queryKeys.kpi.all : queryKeys.kpi.samplesOf(message.watchId),
        ...(message.incidentId === undefined ? [] : [queryKeys.incidents.detail(message.incidentId)]),
      ];
    case 'rules.changed':
      return [
        queryKeys.modules.list,
        message.module === undefined ? queryKeys.modules.all : queryKeys.modules.rules(message.module),
      ];
  }
}

/** Backoff for reconnecting after the browser gave up on the stream: 1 s, 2 s, 4 s … capped at 30 s. */
function retryDelayMs(attempt: number): number {
  return Math.min(30_000, 1_000 * 2 ** attempt);
}

/**
 * Subscribes to `GET /api/v1/stream` (Server-Sent Events) while mounted and invalidates what each message
 * makes stale (see `keysToInvalidate`). `EventSource` reconnects by itself after a dropped connection;
 * when the server refuses the stream (e.g. 401 after the session expired) the browser stops, so this
 * re-checks the session and retries with backoff. After any gap — including the one before the first
 * opening — everything is refetched, since messages may have been missed.
 */
export function useIncidentStream(): StreamState {
  const queryClient = useQueryClient();
  const [state, setState] = useState<StreamState>('connecting');

  useEffect(() => {
    let source: EventSource | null = null;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let attempt = 0;
    // Messages sent between the page's first fetches and the stream's opening are missed too (e.g. a delivery
    // finishing while the incident page loads), so the first opening also refetches.
    let missedMessages = true;

    const connect = (): void => {
      source = new EventSource(`${API_BASE}/stream`, { withCredentials: true });
      source.onopen = () => {
        attempt = 0;
        setState('live');
        if (missedMessages) void queryClient.invalidateQueries({ predicate: isDataQuery });
        missedMessages = false;
      };
      source.onmessage = (event: MessageEvent) => {
        const message = parseMessage(event.data);
        if (!message) return;
        for (const queryKey of keysToInvalidate(message)) void queryClient.invalidateQueries({ queryKey });
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
