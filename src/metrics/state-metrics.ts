// Gauges and counters read from state the app keeps anyway (open streams, queues in the
// database, the connection pool), computed when /metrics is scraped.
import { Counter, Gauge, type Registry } from 'prom-client';
import { countNotificationsAwaitingMail, countUnsentMail } from '../storage/repos/queue-sizes.ts';
import { postgresPoolUse } from '../storage/dialects/postgres.ts';
import type { MetricSources } from './app-metrics.ts';

export function registerStateMetrics(registry: Registry, sources: MetricSources): void {
  const registers = [registry];
  const { db } = sources.storage;

  new Gauge({
    name: 'gazette_live_streams_open',
    help: 'Live update streams (SSE: threads, moderation desk) open on this instance.',
    registers,
    collect() {
      this.set(sources.openStreams());
    },
  });
  let loadsSeen = 0;
  new Counter({
    name: 'gazette_stream_event_loads_total',
    help: 'Events loaded and serialised for live streams: one per event and thread, whatever the number of readers.',
    registers,
    collect() {
      const loads = sources.streamLoads();
      if (loads > loadsSeen) this.inc(loads - loadsSeen);
      loadsSeen = Math.max(loadsSeen, loads);
    },
  });

  let droppedSeen = 0;
  new Counter({
    name: 'gazette_live_streams_dropped_total',
    help: 'Live streams ended because their reader fell too far behind (too much unsent); EventSource reconnects and resumes.',
    registers,
    collect() {
      const dropped = sources.streamsDropped();
      if (dropped > droppedSeen) this.inc(dropped - droppedSeen);
      droppedSeen = Math.max(droppedSeen, dropped);
    },
  });

  // A database that cannot answer makes these NaN rather than failing the whole scrape.
  const count = async (gauge: Gauge, query: () => Promise<number>) => gauge.set(await query().catch(() => Number.NaN));
  new Gauge({
    name: 'gazette_outbox_unsent',
    help: 'Mail messages in the outbox not sent yet (retrying ones included).',
    registers,
    async collect() {
      await count(this, () => countUnsentMail(db));
    },
  });
  new Gauge({
    name: 'gazette_notifications_awaiting_mail',
    help: 'Notifications whose mail the notification mailer has still to send or skip.',
    registers,
    async collect() {
      await count(this, () => countNotificationsAwaitingMail(db));
    },
  });

  // PostgreSQL: the pg pool's own counts. SQLite has one connection, always held, and no queue.
  const pool = () => postgresPoolUse(db) ?? { total: 1, idle: 0, waiting: 0 };
  new Gauge({
    name: 'gazette_db_pool_connections',
    help: 'Database connections open (SQLite: 1).',
    registers,
    collect() {
      this.set(pool().total);
    },
  });
  new Gauge({
    name: 'gazette_db_pool_connections_in_use',
    help: 'Database connections running a query or held by a transaction (SQLite: 1).',
    registers,
    collect() {
      const { total, idle } = pool();
      this.set(total - idle);
    },
  });
  new Gauge({
    name: 'gazette_db_pool_waiting',
    help: 'Queries waiting for a free database connection (SQLite: 0, not measured).',
    registers,
    collect() {
      this.set(pool().waiting);
    },
  });
}
