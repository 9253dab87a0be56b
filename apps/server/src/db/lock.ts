/**
 * Exclusive lock on the embedded database folder. PGlite has no lock of its own, and two processes
 * writing one folder corrupt it, so a second Faultline on the same folder must refuse to start.
 *
 * The lock is a file holding the owner's pid, created with O_EXCL. A lock whose pid is no longer alive
 * (the owner crashed or was killed) is taken over at once: an mtime-based lock (proper-lockfile) would make
 * every restart after a crash wait out its staleness window, and the data folder is always local.
 */
import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AppError } from '../lib/index.ts';

export interface FolderLock {
  release(): void;
}

/** Folders this process holds: the pid in the file cannot tell two servers of one process apart. */
const heldHere = new Set<string>();

/** Whether process `pid` exists (a process of another user counts: `kill(pid, 0)` answers EPERM). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the lock on `dir` (created if missing).
 * @throws AppError CONFLICT naming the pid that holds it.
 */
export function lockDataFolder(dir: string): FolderLock {
  mkdirSync(dir, { recursive: true });
  const key = resolve(dir);
  if (heldHere.has(key)) {
    throw new AppError(
      'CONFLICT',
      `the data folder ${dir} is in use by another Faultline server in this process (pid ${process.pid})`,
    );
  }
  const file = join(dir, 'faultline.lock');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      heldHere.add(key);
      return {
        release() {
          heldHere.delete(key);
          try {
            if (readFileSync(file, 'utf8') === String(process.pid)) unlinkSync(file);
          } catch {
            // already gone
          }
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = Number.parseInt(readFileSync(file, 'utf8'), 10);
      if (Number.isFinite(holder) && holder !== process.pid && alive(holder)) {
        throw new AppError(
          'CONFLICT',
          `the data folder ${dir} is in use by another Faultline process (pid ${holder}); ` +
            'stop it, or give this one its own FAULTLINE_DATA_DIR, or use DATABASE_URL for a shared PostgreSQL',
        );
      }
      // Stale: its owner is gone. Remove and retry; O_EXCL settles a race between two starters.
      try {
        unlinkSync(file);
      } catch {
        // another starter removed it first
      }
    }
  }
  throw new AppError('CONFLICT', `could not take the lock on ${dir}`);
}
