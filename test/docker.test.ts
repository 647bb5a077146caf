// The Dockerfile and compose.yaml, built and run as docs/OPERATIONS.md tells an operator to
// (scripts/docker-check/run.sh: the stack with PostgreSQL and Redis, readiness, the demo article,
// the font, the unprivileged user, a backup restored into a new database, a clean SIGTERM). Where
// Docker Hub cannot be reached the script builds stand-in base images from Debian first, and says so.
import { spawn } from 'node:child_process';
import { describe, expect, inject, it } from 'vitest';
import { freePort } from './helpers/servers.ts';

const dockerAvailable = inject('dockerAvailable');

describe.skipIf(!dockerAvailable)('the Docker image and compose stack', () => {
  it('build, serve the demo on PostgreSQL and Redis, restore a backup as documented, and stop cleanly', async () => {
    // Only what the check needs: compose reads its variables (POSTGRES_PASSWORD, GAZETTE_DEMO, …)
    // from the environment, and the suite's own must not leak into the stack.
    const env = {
      PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin',
      HOME: process.env.HOME ?? '/root',
      GAZETTE_HOST_PORT: String(await freePort()),
      GAZETTE_DEMO_BLOG_HOST_PORT: String(await freePort()),
    };
    const child = spawn('bash', ['scripts/docker-check/run.sh'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(output).toMatch(/^images: /m);
    expect(output, output).toContain('docker check passed');
    expect(code).toBe(0);
    for (const step of ['stack: up, ready with PostgreSQL and Redis', 'backup: exported, restored', 'stop: SIGTERM, exit code 0'])
      expect(output).toContain(step);
  }, 1_200_000);
});
