import { defineConfig } from 'vitest/config';

// Three tiers (CONVENTIONS §7): unit tests beside the code, scenario tests through HTTP on a fresh
// database, end-to-end tests against real peers (Alertmanager, SMTP, Chromium). When TEST_DATABASE_URL
// names a PostgreSQL server, the scenario tier runs a second time on it (project scenario-postgres).
const scenario = {
  include: ['test/scenario/**/*.test.ts'],
  testTimeout: 60_000,
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
