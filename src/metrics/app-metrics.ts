// The app's Prometheus metrics (GET /metrics). One Registry per app, never prom-client's global
// one: tests build many apps in one process, and each must count only its own requests. Values
// the app already keeps (open streams, queue sizes, pool use) are read when scraped rather than
// pushed on every change, so the hot paths pay nothing for them.
import { Counter, Registry } from 'prom-client';
import type { Storage } from '../storage/db.ts';
import type { EventBus } from '../events/bus.ts';
import type { DomainObserver } from '../domain/observer.ts';
import { registerProcessMetrics } from './process-metrics.ts';
import { registerStateMetrics } from './state-metrics.ts';
import { registerRequestMetrics } from './request-metrics.ts';

export interface MetricSources {
  storage: Storage;
  events: EventBus;
  /** Live streams open now (the stream hub's size). */
  openStreams: () => number;
  /** Messages the stream hub has loaded so far: one per event and channel, however many streams it went to. */
  streamLoads: () => number;
  /** Streams ended so far because their reader did not keep up. */
  streamsDropped: () => number;
}

export interface FinishedRequest {
  method: string;
  /** The route's pattern (`/articles/:slug`), or null when no route matched: never the URL, whose variety has no bound. */
  route: string | null;
  status: number;
  seconds: number;
  /** A live stream (SSE): counted, but its duration is how long a reader stayed, so it stays out of the latency histogram. */
  stream: boolean;
}

export interface AppMetrics {
  registry: Registry;
  requestFinished(request: FinishedRequest): void;
  pageCacheLookup(hit: boolean): void;
  /** A request refused with 503 by the back-pressure check; `reason` is which limit was passed. */
  overloadRefused(reason: string): void;
  /** Handed to the domain context: screening verdicts and posted comments. */
  observe: DomainObserver;
  /** Stops what samples in the background (the event-loop monitor) and leaves the bus. */
  close(): void;
}

export function createAppMetrics(sources: MetricSources): AppMetrics {
  const registry = new Registry();
  const registers = [registry];

  const requests = registerRequestMetrics(registry);
  const cacheLookups = new Counter({
    name: 'gazette_page_cache_lookups_total',
    help: 'Rendered-page cache lookups: result="hit" served from memory, "miss" rendered.',
    labelNames: ['result'] as const,
    registers,
  });
  const overload = new Counter({
    name: 'gazette_overload_refusals_total',
    help: 'Requests refused with 503 because the server was over a load limit, by limit.',
    labelNames: ['reason'] as const,
    registers,
  });
  const events = new Counter({
    name: 'gazette_events_total',
    help: "Events this instance heard on its event bus (its own and, with Redis, other instances'), by type.",
    labelNames: ['type'] as const,
    registers,
  });
  const screenings = new Counter({
    name: 'gazette_comment_screenings_total',
    help: 'Moderation pipeline verdicts on new (mode="post") and edited (mode="edit") comments.',
    labelNames: ['mode', 'verdict'] as const,
    registers,
  });
  const posts = new Counter({
    name: 'gazette_comment_posts_total',
    help: 'Comments posted and stored, by the status they were stored with (published, pending, spam, shadow).',
    labelNames: ['status'] as const,
    registers,
  });
  // Label values known up front start at 0, so a rate() over them works from the first scrape.
  for (const result of ['hit', 'miss']) cacheLookups.inc({ result }, 0);

  const leaveBus = sources.events.subscribe((event) => events.inc({ type: event.type }));
  const stopProcessMetrics = registerProcessMetrics(registry);
  registerStateMetrics(registry, sources);

  return {
    registry,
    requestFinished({ method, route, status, seconds, stream }) {
      requests.finished(method, route ?? 'unmatched', status, stream ? null : seconds);
    },
    pageCacheLookup: (hit) => cacheLookups.inc({ result: hit ? 'hit' : 'miss' }),
    overloadRefused: (reason) => overload.inc({ reason }),
    observe: {
      commentScreened: (mode, verdict) => screenings.inc({ mode, verdict }),
      commentPosted: (status) => posts.inc({ status }),
    },
    close() {
      leaveBus();
      stopProcessMetrics();
    },
  };
}
