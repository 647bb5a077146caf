#!/usr/bin/env node
// Entry point for `npx gazette` and the CLI's commands: TypeScript runs directly through tsx, so
// a command always runs the sources as they are, with no build step. A long-running server runs
// the bundle instead (`npm run build` makes dist/gazette.mjs; `npm start`, the Docker image and
// the systemd unit in docs/OPERATIONS.md run it): without tsx's loader thread and the
// TypeScript sources it needs 40–60 MB less memory. `gazette serve` here works all the same.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/index.ts');
