// Under overload the server says so at once (503 + Retry-After) instead of queueing requests
// until every one of them is late: a load balancer or a reader's browser retries elsewhere or
// later. @fastify/under-pressure samples event-loop delay and memory once a second; the limits
// come from config (GAZETTE_MAX_*). Health, readiness and metrics always answer: an operator
// must be able to see an overloaded server, and a load balancer must not mistake it for dead.
import { getHeapStatistics } from 'node:v8';
import underPressure from '@fastify/under-pressure';
import type { FastifyInstance } from 'fastify';
import type { OverloadConfig } from '../config.ts';
import { AppError } from '../errors.ts';

/** Route `config` for the routes that answer under any load (the plugin asks it first; nothing returned = go on). */
export const EXEMPT_FROM_BACK_PRESSURE = { pressureHandler: () => undefined };

const MB = 1024 * 1024;
/** How often load is sampled, and how long after start-up the checks begin (two samples). */
const SAMPLE_MS = 1000;
const WARM_UP_MS = 2 * SAMPLE_MS;

/** Unset: 90% of the heap this process may use (node --max-old-space-size), well before it runs out. */
const defaultHeapLimitBytes = () => Math.floor(getHeapStatistics().heap_size_limit * 0.9);

export async function registerBackPressure(
  app: FastifyInstance,
  limits: OverloadConfig,
  onRefused: (reason: string) => void = () => undefined,
): Promise<void> {
  // Start-up blocks the loop for seconds (migrations, demo content, bundles) before anyone is
  // served; the sample that covers it must not turn the first visitors away.
  let armedAt = Number.POSITIVE_INFINITY;
  app.addHook('onReady', async () => {
    armedAt = Date.now() + WARM_UP_MS;
  });
  await app.register(underPressure, {
    // 0 leaves a check off (the plugin's own convention).
    maxEventLoopDelay: limits.maxEventLoopDelayMs,
    maxHeapUsedBytes: limits.maxHeapUsedMb === null ? defaultHeapLimitBytes() : limits.maxHeapUsedMb * MB,
    maxRssBytes: limits.maxRssMb * MB,
    retryAfter: limits.retryAfterSeconds,
    sampleInterval: SAMPLE_MS,
    // Refused through the app's error handler: the usual error body, and Retry-After from the AppError.
    pressureHandler: async (_request, _reply, type) => {
      if (Date.now() < armedAt) return;
      onRefused(type);
      throw new AppError('OVERLOADED', 'the server is too busy to answer now; try again shortly', undefined, {
        retryAfterSeconds: limits.retryAfterSeconds,
      });
    },
  });
}
