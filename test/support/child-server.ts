/**
 * `faultline serve` as a child process, for tests that kill, restart or multiply servers (crash
 * durability, the data-folder lock, exactly-once across nodes).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './process.ts';

export { freePort };

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The pinned Node 24 (the `node` npm package). */
export const NODE = join(ROOT, 'node_modules', '.bin', 'node');
export const CLI = join(ROOT, 'apps', 'server', 'src', 'cli', 'main.ts');

export interface ServerChild {
  /** For messages, e.g. `node-2`. */
  name: string;
  url: string;
  proc: ChildProcess;
  /** What it printed (the last 100–200 kB). */
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts `faultline serve` on `port` with the given Faultline settings. Nothing Faultline-specific is
 * inherited from the test's environment (FAULTLINE_* and DATABASE_URL are dropped first). `fileLimit` caps
 * the process's open files (`prlimit --nofile`), as a small `ulimit -n` on a host would.
 */
export function spawnServer(
  port: number,
  env: Record<string, string>,
  name = `server:${port}`,
  opts: { fileLimit?: number } = {},
): ServerChild {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('FAULTLINE_') && k !== 'DATABASE_URL'),
  );
  const command = opts.fileLimit
    ? ['prlimit', `--nofile=${opts.fileLimit}:${opts.fileLimit}`, '--', NODE, CLI, 'serve']
    : [NODE, CLI, 'serve'];
  const proc = spawn(command[0]!, command.slice(1), {
    cwd: ROOT,
    // The scenario tier's embedded store is PGlite unless a test asks for another (embedded-postgres.test.ts).
    env: { ...base, FAULTLINE_EMBEDDED: 'pglite', ...env, FAULTLINE_PORT: String(port), FAULTLINE_HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const append = (c: Buffer) => {
    out += c.toString('utf8');
    if (out.length > 200_000) out = out.slice(-100_000);
  };
  proc.stdout!.on('data', append);
  proc.stderr!.on('data', append);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { name, url: `http://127.0.0.1:${port}`, proc, output: () => out, exited };
}

/** Resolves once `/healthz` answers 200; throws with the child's output if it exits or times out. */
export async function waitHealthy(child: ServerChild, timeoutMs = 45_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.proc.exitCode !== null || child.proc.signalCode !== null) {
      throw new Error(
        `${child.name} exited (${child.proc.exitCode ?? child.proc.signalCode}) before it was healthy:\n${child.output()}`,
      );
    }
    try {
      if ((await fetch(`${child.url}/healthz`, { signal: AbortSignal.timeout(2_000) })).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline)
      throw new Error(`${child.name} was not healthy after ${timeoutMs} ms:\n${child.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves when it has exited. */
export async function stopChild(child: ServerChild, graceMs = 10_000): Promise<void> {
  if (child.proc.exitCode !== null || child.proc.signalCode !== null) return;
  child.proc.kill('SIGTERM');
  const timer = setTimeout(() => child.proc.kill('SIGKILL'), graceMs);
  await child.exited;
  clearTimeout(timer);
}
