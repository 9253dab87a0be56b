/**
 * The CLI's HTTP client: base URL from `--url` / FAULTLINE_URL (default http://127.0.0.1:8080), token
 * from `--token` / FAULTLINE_TOKEN. Errors print the API's message and field paths and exit 1.
 */
import type { Command } from 'commander';
import { PAGE_LIMIT_MAX } from '@faultline/contracts';
import { cli } from './words.ts';

export interface ClientOptions {
  url: string;
  token?: string;
}

/** Adds `--url` and `--token` to a command. */
export function withServer(cmd: Command): Command {
  return (
    cmd
      .option('--url <url>', 'Faultline base URL', process.env.FAULTLINE_URL ?? 'http://127.0.0.1:8080')
      // No default value: commander would print it in --help, and the token is a secret.
      .option('--token <token>', 'API token (default: FAULTLINE_TOKEN)')
  );
}

/** Calls the API; prints the error and exits 1 on failure. */
export async function call<T>(o: ClientOptions, method: string, path: string, body?: unknown): Promise<T> {
  const text = await callText(o, method, path, body);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Like `call`, answering the body as text (CSV, Markdown); prints the error and exits 1 on failure. */
export async function callText(o: ClientOptions, method: string, path: string, body?: unknown): Promise<string> {
  const token = o.token ?? process.env.FAULTLINE_TOKEN;
  let res: Response;
  try {
    res = await fetch(`${o.url.replace(/\/$/, '')}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        // The API adds its error's sentence in this language (localizedMessage); English needs no header.
        ...(cli().locale === 'en' ? {} : { 'accept-language': cli().locale }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    process.stderr.write(`${cli().t('cli.error.unreachable', { url: o.url, message: (e as Error).message })}\n`);
    process.exit(1);
  }
  const text = await res.text();
  if (!res.ok) {
    let message = text;
    try {
      const err = JSON.parse(text) as {
        error?: { message: string; localizedMessage?: string; fields?: { path: string; message: string }[] };
      };
      if (err.error)
        message = [
          // The sentence in the user's language first, then the English detail (it names the exact problem).
          ...(err.error.localizedMessage ? [err.error.localizedMessage] : []),
          err.error.message,
          ...(err.error.fields ?? []).map((f) => `  ${f.path}: ${f.message}`),
        ].join('\n');
    } catch {
      // not JSON: print as is
    }
    process.stderr.write(`${cli().t('cli.error.server', { status: res.status, message })}\n`);
    process.exit(1);
  }
  return text;
}

/**
 * Every item of a paged list (`GET path` answering `{ <key>: [...], nextCursor }`), following `nextCursor`
 * page by page of the largest size; prints the error and exits 1 on failure.
 */
export async function callAll<T>(o: ClientOptions, path: string, key: string): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const q = new URLSearchParams({ limit: String(PAGE_LIMIT_MAX), ...(cursor ? { cursor } : {}) });
    const page: Record<string, unknown> = await call(o, 'GET', `${path}${path.includes('?') ? '&' : '?'}${q}`);
    items.push(...(page[key] as T[]));
    cursor = page.nextCursor as string | null;
  } while (cursor);
  return items;
}
