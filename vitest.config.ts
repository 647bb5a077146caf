import { defineConfig } from 'vitest/config';

const DOCKER = 'test/docker.test.ts';

export default defineConfig({
  test: {
    globalSetup: ['test/global-setup.ts'],
    reporters: ['default', './test/summary-reporter.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: two workers keep both busy without starving the databases.
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'suite', include: ['src/**/*.test.ts', 'test/**/*.test.ts'], exclude: [DOCKER] } },
      // The image and compose check builds images for minutes with both cores: alongside the rest
      // it starved servers that other suites were starting. A later group runs it on its own.
      { extends: true, test: { name: 'docker', include: [DOCKER], sequence: { groupOrder: 1 } } },
    ],
  },
});
