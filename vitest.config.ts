import { defineConfig } from 'vitest/config';

// Three tiers (CONVENTIONS §7): unit tests beside the code, scenario tests through HTTP on a fresh
// database, end-to-end tests against real peers (Alertmanager, SMTP, Chromium).
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['apps/server/src/**/*.test.ts', 'packages/**/*.test.ts'] } },
      {
        test: {
          name: 'scenario',
          include: ['test/scenario/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
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
