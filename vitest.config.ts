import { defineConfig } from 'vitest/config';

const exclude = ['**/node_modules/**', '**/dist/**'];

// Two kinds of tests: pure `*.test.ts`, and `*.int.test.ts` that talk to the real NATS and Postgres.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['{packages,services,proto-schemas}/**/*.test.ts'],
          exclude: [...exclude, '**/*.int.test.ts'],
        },
      },
      {
        test: {
          name: 'int',
          include: ['{packages,services,proto-schemas}/**/*.int.test.ts', 'bench/**/*.int.test.ts'],
          exclude,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        // Dashboard component tests (React + Testing Library in a DOM).
        test: {
          name: 'dashboard',
          include: ['services/dashboard/src/**/*.test.tsx'],
          exclude,
          environment: 'jsdom',
          setupFiles: ['services/dashboard/src/test-setup.ts'],
        },
      },
      {
        // Browser end-to-end: installs Debian's chromium and builds the dashboard first (globalSetup).
        test: {
          name: 'e2e',
          include: ['services/dashboard/e2e/**/*.e2e.ts'],
          exclude,
          globalSetup: ['services/dashboard/e2e/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 240_000,
        },
      },
    ],
  },
});
