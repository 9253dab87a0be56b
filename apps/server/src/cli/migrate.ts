/** `faultline migrate`: apply pending migrations to the configured database and exit. */
import { resolve } from 'node:path';
import { parseBootEnv } from '../config/index.ts';
import { openDatabase } from '../db/index.ts';
import { AppError } from '../lib/index.ts';
import { storeLabel } from '../main.ts';

export async function migrateCommand(): Promise<void> {
  try {
    const env = parseBootEnv(process.env);
    const dataDir = resolve(env.FAULTLINE_DATA_DIR);
    const db = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir, embedded: env.FAULTLINE_EMBEDDED });
    await db.close();
    process.stdout.write(`migrations applied (${storeLabel(db, dataDir)})\n`);
  } catch (e) {
    process.stderr.write(`faultline migrate: ${e instanceof AppError ? e.message : String(e)}\n`);
    process.exit(1);
  }
}
