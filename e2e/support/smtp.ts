/**
 * A real SMTP server in the test process (the `smtp-server` package) on a free loopback port. It accepts
 * every message without authentication or TLS and keeps each one's envelope and raw text, with a small
 * MIME reader (headers, multipart, quoted-printable, base64) good enough to assert on subjects, bodies and
 * links. It is not a general mail parser.
 */
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';

export interface ReceivedMail {
  /** SMTP envelope: MAIL FROM and every RCPT TO, as the client sent them. */
  envelope: { from: string | null; to: string[] };
  /** The DATA section exactly as received (CRLF line ends). */
  raw: string;
  /** Top-level headers, names lower-cased, folded lines joined; the last value wins for repeats. */
  headers: Record<string, string>;
  /** The Subject header with RFC 2047 encoded-words decoded. */
  subject: string;
  /** The text/plain part, transfer-decoded ('' when there is none). */
  text: string;
  /** The text/html part, transfer-decoded ('' when there is none). */
  html: string;
  /** Parts sent as attachments (`Content-Disposition: attachment`), transfer-decoded to bytes. */
  attachments: Array<{ filename: string; contentType: string; content: Buffer }>;
}

export interface TestSmtpServer {
  port: number;
  /** `smtp://127.0.0.1:<port>`, for FAULTLINE_SMTP_URL. */
  url: string;
  /** Every message received so far, in order of arrival. */
  messages: ReceivedMail[];
  /** Resolves with all messages once at least `n` have arrived; rejects after `timeoutMs`. */
  waitForMessages(n: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  stop(): Promise<void>;
}

/** Starts the server on 127.0.0.1 and a free port. */
export async function startSmtpServer(): Promise<TestSmtpServer> {
  const messages: ReceivedMail[] = [];
  const waiters = new Set<() => void>();
  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    banner: 'faultline test SMTP server',
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('error', callback);
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : null;
        const to = session.envelope.rcptTo.map((r) => r.address);
        messages.push({ envelope: { from, to }, raw, ...parseMail(raw) });
        for (const w of waiters) w();
        callback();
      });
    },
  });
  // A client that dies mid-session (a node killed by a test) resets its connection; smtp-server reports that
  // as an 'error' event, which would crash the test process without a listener. A message cut off that way
  // is not recorded (its data stream fails), so nothing is lost by ignoring it here.
  server.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  const port = (server.server.address() as AddressInfo).port;

  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    messages,
    waitForMessages(n, timeoutMs = 15_000) {
      if (messages.length >= n) return Promise.resolve(messages.slice());
      return new Promise((resolve, reject) => {
        const check = () => {
          if (messages.length < n) return;
          cleanup();
          resolve(messages.slice());
        };
        const timer = setTimeout(() => {
          cleanup();
          const got = messages.map((m) => `  ${m.envelope.to.join(',')}: ${m.subject}`).join('\n');
          reject(
            new Error(
              `timed out after ${timeoutMs} ms waiting for ${n} email(s); got ${messages.length}${got ? `:\n${got}` : ''}`,
            ),
          );
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
      });
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

// ---------------------------------------------------------------------------------------------------------
// A minimal MIME reader

interface Part {
  headers: Record<string, string>;
  body: string;
}

/** Splits a message (or a MIME part) into unfolded headers and its body. */
function splitHeaders(raw: string): Part {
  const text = raw.replace(/\r\n/g, '\n');
  const end = text.indexOf('\n\n');
  const head = end === -1 ? text : text.slice(0, end);
  const body = end === -1 ? '' : text.slice(end + 2);
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\n[ \t]+/g, ' ').split('\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { headers, body };
}

/** A parameter of a structured header, e.g. `boundary` of Content-Type. */
function headerParam(value: string | undefined, name: string): string | undefined {
  if (!value) return undefined;
  const m = new RegExp(`;\\s*${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]+))`, 'i').exec(value);
  return m ? (m[1] ?? m[2]) : undefined;
}

/** Decodes quoted-printable (soft line breaks and =XX bytes, as UTF-8). */
export function decodeQuotedPrintable(s: string): string {
  const joined = s.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    const hex = joined[i] === '=' ? joined.slice(i + 1, i + 3) : '';
    if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(joined[i]!, 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

function decodeTransfer(body: string, encoding: string | undefined): string {
  switch ((encoding ?? '7bit').toLowerCase()) {
    case 'quoted-printable':
      return decodeQuotedPrintable(body);
    case 'base64':
      return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    default:
      return body;
  }
}

/** Decodes RFC 2047 encoded-words (`=?UTF-8?Q?...?=`, `=?UTF-8?B?...?=`) in a header value. */
export function decodeEncodedWords(value: string): string {
  return value
    .replace(/(\?=)\s+(=\?)/g, '$1$2') // whitespace between adjacent encoded-words is not part of the text
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_m, _charset: string, enc: string, text: string) =>
      enc.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : decodeQuotedPrintable(text.replace(/_/g, ' ')),
    );
}

type Leaves = Pick<ReceivedMail, 'text' | 'html' | 'attachments'>;

/** Collects the text/plain and text/html leaves and the attachments of a (possibly nested) multipart entity. */
function collectLeaves(part: Part, out: Leaves): void {
  const type = (part.headers['content-type'] ?? 'text/plain').toLowerCase();
  if (type.startsWith('multipart/')) {
    const boundary = headerParam(part.headers['content-type'], 'boundary');
    if (!boundary) return;
    const sections = part.body.split(
      new RegExp(`^--${boundary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:--)?[ \\t]*$`, 'm'),
    );
    // sections[0] is the preamble, the last one the epilogue.
    for (const section of sections.slice(1, -1)) collectLeaves(splitHeaders(section.replace(/^\r?\n/, '')), out);
    return;
  }
  const disposition = part.headers['content-disposition'];
  if (disposition?.toLowerCase().startsWith('attachment')) {
    const encoding = (part.headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
    out.attachments.push({
      filename: decodeEncodedWords(headerParam(disposition, 'filename') ?? ''),
      contentType: type.split(';')[0]!.trim(),
      content:
        encoding === 'base64'
          ? Buffer.from(part.body.replace(/\s+/g, ''), 'base64')
          : Buffer.from(decodeTransfer(part.body, encoding), 'utf8'),
    });
    return;
  }
  const decoded = decodeTransfer(part.body, part.headers['content-transfer-encoding']);
  if (type.startsWith('text/html')) out.html ||= decoded;
  else if (type.startsWith('text/plain')) out.text ||= decoded;
}

function parseMail(raw: string): Omit<ReceivedMail, 'envelope' | 'raw'> {
  const top = splitHeaders(raw);
  const leaves: Leaves = { text: '', html: '', attachments: [] };
  collectLeaves(top, leaves);
  return { headers: top.headers, subject: decodeEncodedWords(top.headers.subject ?? ''), ...leaves };
}
