/**
 * The data folder is private to the server's user (docs/security.md, "Secrets and outbound calls"): it holds the
 * embedded database — with the secret that signs ack links and every person's contact details — its lock and the
 * generated admin token. PGlite creates its files with mode 0666 less the umask, so under a permissive umask (0, as
 * some service managers and containers hand out) they were world-readable and writable.
 *
 * At start the server sets its umask to 077, so everything it creates from then on is 0600 (files) or 0700
 * (folders), and takes the group and other bits off everything already in the folder (an older version's files).
 * PGlite's file system layer sets the mode of a few files itself (0644 for the relation cache `pg_internal.init`,
 * whatever the umask), so the embedded store runs the same sweep again once it is open and when it closes; in
 * between, the folder's own 0700 keeps every other user out of everything below it.
 *
 * The embedded PostgreSQL's cluster (`postgres/`) is swept too (PostgreSQL refuses a cluster folder open to others);
 * files it removes during the sweep are skipped. When Faultline runs as root, PostgreSQL runs as an unprivileged account that must
 * traverse the data folder: the folder itself may then keep group execute (0710, group = that account's group) —
 * entering, not listing; everything in it stays owner-only.
 */
import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Owner-only access for new files and folders of this process. */
const UMASK = 0o077;

/**
 * Creates `dir` if missing, sets the process umask to 077 and removes group and other permissions from `dir` and
 * everything below it (symbolic links are left alone: their targets are not the server's to change).
 * @returns how many entries were changed
 */
export function makeDataFolderPrivate(dir: string): number {
  try {
    process.umask(UMASK);
  } catch {
    // Worker threads may not change the umask (Node: ERR_WORKER_UNSUPPORTED_OPERATION); the sweep still applies.
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return tighten(dir);
}

/** Group execute on the data folder itself: the embedded PostgreSQL's account traverses it (see above). */
const TRAVERSE = 0o010;

/**
 * Removes group and other permissions from `path` and everything below it (symbolic links are left alone: their
 * targets are not the server's to change).
 * @returns how many entries were changed
 */
export function tighten(path: string, top = true): number {
  let st;
  try {
    st = lstatSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw e;
  }
  if (st.isSymbolicLink()) return 0;
  let changed = 0;
  // Group execute stays only on the folder itself, and only when the supervisor gave it another account's group.
  const traverse = top && typeof process.getgid === 'function' && st.gid !== process.getgid();
  const loose = 0o077 & ~(traverse ? TRAVERSE : 0);
  if ((st.mode & loose) !== 0) {
    chmodSync(path, st.mode & 0o7777 & ~loose);
    changed++;
  }
  if (st.isDirectory()) {
    let names: string[] = [];
    try {
      names = readdirSync(path);
    } catch (e) {
      // The embedded PostgreSQL may remove a folder of its own while the sweep runs.
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    for (const name of names) changed += tighten(join(path, name), false);
  }
  return changed;
}
