import { defineConfig } from 'vitest/config';

// Three tiers (CONVENTIONS §7): unit tests beside the code, scenario tests through HTTP on a fresh
// database, end-to-end tests against real peers (Alertmanager, SMTP, Chromium); and the fuzz tier. When
// TEST_DATABASE_URL names a PostgreSQL server, the scenario and fuzz tiers run a second time on it.
const scenario = {
  include: ['test/scenario/**/*.test.ts'],
  testTimeout: 60_000,
  hookTimeout: 60_000,
};
// Fuzz tier (test/fuzz): hostile requests through every intake and API route, bounded by
// FAULTLINE_FUZZ_RUNS / FAULTLINE_FUZZ_SECONDS; `npm test` runs it with small bounds (a fixed seed in CI),
// `npm run fuzz` with larger ones. On both stores, like the scenario tier.
const fuzz = {
  include: ['test/fuzz/**/*.test.ts'],
  setupFiles: ['test/support/fast-check-seed.ts'],
  testTimeout: 900_000,
  hookTimeout: 60_000,
};

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['apps/server/src/**/*.test.ts', 'apps/web/src/**/*.test.ts', 'packages/**/*.test.ts'],
          setupFiles: ['test/support/fast-check-seed.ts'],
        },
      },
      { test: { name: 'scenario', ...scenario, env: { FAULTLINE_TEST_STORE: 'pglite' } } },
      ...(process.env.TEST_DATABASE_URL
        ? [{ test: { name: 'scenario-postgres', ...scenario, env: { FAULTLINE_TEST_STORE: 'postgres' } } }]
        : []),
      { test: { name: 'fuzz', ...fuzz, env: { FAULTLINE_TEST_STORE: 'pglite' } } },
      ...(process.env.TEST_DATABASE_URL
        ? [{ test: { name: 'fuzz-postgres', ...fuzz, env: { FAULTLINE_TEST_STORE: 'postgres' } } }]
        : []),
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.spec.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
