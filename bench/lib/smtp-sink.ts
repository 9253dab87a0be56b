/**
 * An SMTP server that accepts and discards every message, so the pages Faultline sends for new incidents are
 * delivered (as in a real deployment) instead of failing and being retried against the quickstart's
 * smtp://127.0.0.1:2525, which may be closed or belong to someone else.
 */
import { SMTPServer } from 'smtp-server';

export interface SmtpSink {
  url: string;
  /** Messages received so far. */
  received(): number;
  /** Arrival time of each message, ms since the epoch. */
  arrivals: number[];
  close(): Promise<void>;
}

export async function startSmtpSink(): Promise<SmtpSink> {
  let count = 0;
  const arrivals: number[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      stream.on('end', () => {
        count++;
        arrivals.push(Date.now());
        callback();
      });
      stream.resume();
    },
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const addr = server.server.address();
      resolve(typeof addr === 'object' && addr ? addr.port : 0);
    });
  });
  return {
    url: `smtp://127.0.0.1:${port}`,
    received: () => count,
    arrivals,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
