#!/usr/bin/env node
// Entry point for `npx gazette` and `npm start`: TypeScript runs directly through tsx, so
// there is no build step between a checkout and a running site.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/index.ts');
