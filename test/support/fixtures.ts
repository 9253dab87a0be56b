/**
 * Real third-party payloads kept in the repository under test/fixtures/ (each folder's SOURCE.md gives
 * its origin and licence).
 */
import { fileURLToPath } from 'node:url';

/** test/fixtures/ as a file URL ending in `/`. */
export const FIXTURES = new URL('../fixtures/', import.meta.url);

/** The absolute path of `test/fixtures/<parts…>`. */
export function fixturePath(...parts: string[]): string {
  return fileURLToPath(new URL(parts.join('/'), FIXTURES));
}
