import { defineConfig } from 'drizzle-kit';

// Migrations are generated from the schema with `npm run db:generate -- --name <what_changed>`, then read
// and commented by hand before commit (CONVENTIONS §8: named, expand/contract only).
export default defineConfig({
  dialect: 'postgresql',
  schema: './apps/server/src/*/tables.ts',
  out: './apps/server/drizzle',
});
