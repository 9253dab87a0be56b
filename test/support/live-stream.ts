/**
 * Reads the live-update stream (`GET /api/v1/stream`, Server-Sent Events) as the console does, for scenario
 * tests: every `data:` line parsed, and whether the server has ended the stream.
 */
import type { StreamMessage } from '@faultline/contracts';

export interface OpenStream {
  /** The HTTP status of the stream's answer. */
  status: number;
  /** Messages received so far, in order. */
  messages: StreamMessage[];
  /** True once the server closed the stream (or it failed). */
  ended(): boolean;
  /** Closes it from the client side and waits for the reader to stop. */
  close(): Promise<void>;
}

/** Opens the stream with `headers` (a bearer token or a session cookie) and reads it in the background. */
export async function openStream(baseUrl: string, headers: Record<string, string>): Promise<OpenStream> {
  const abort = new AbortController();
  const res = await fetch(`${baseUrl}/api/v1/stream`, { headers, signal: abort.signal });
  const messages: StreamMessage[] = [];
  let ended = res.status !== 200;
  const pump =
    res.status === 200
      ? (async () => {
          const reader = res.body!.getReader();
          const decoder = new TextDecoder();
          let buffered = '';
          for (;;) {
            const { value, done } = await reader.read();
            if (done) return;
            buffered += decoder.decode(value, { stream: true });
            const lines = buffered.split('\n');
            buffered = lines.pop()!;
            for (const line of lines) {
              if (line.startsWith('data: ')) messages.push(JSON.parse(line.slice(6)) as StreamMessage);
            }
          }
        })()
          .catch(() => undefined)
          .finally(() => {
            ended = true;
          })
      : Promise.resolve();
  return {
    status: res.status,
    messages,
    ended: () => ended,
    async close() {
      abort.abort();
      await pump;
    },
  };
}
