/**
 * The database: embedded PGlite or PostgreSQL through one drizzle client, migrations, the data-folder lock and its permissions.
 *
 * The folder's only public face: other folders import from here (docs/architecture.md).
 */
export { openDatabase, rows } from './client.ts';
export { backupEmbedded, migrateStore, restoreEmbedded } from './store-tools.ts';
export type { Database, Db, RawQuery, EmbeddedStore } from './client.ts';
export { openNodeChannel } from './node-channel.ts';
export type { NodeChannel } from './node-channel.ts';
export { int8, tstz } from './columns.ts';
export { makeDataFolderPrivate } from './data-folder.ts';
export { settings } from './tables.ts';
export { linkSecret } from './settings.ts';
export { pruneOldest, type PruneSpec } from './prune.ts';
