/** Column helpers shared by the schema files: int8 ids as JS numbers on both drivers, timestamps with time zone. */
import { bigint, timestamp } from 'drizzle-orm/pg-core';

/** `bigint` (int8) read as a JS number on both PGlite and node-postgres (ids stay below 2^53). */
export const int8 = (name: string) => bigint(name, { mode: 'number' });
/** `timestamptz` read as a Date (UTC instant). */
export const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
