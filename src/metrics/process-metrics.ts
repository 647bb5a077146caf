// The process's own health: memory, CPU and event-loop delay. prom-client's collectDefaultMetrics
// would add these, but it starts observers it never stops; an app built and closed many times
// (the tests) would leave one behind each time. These are read at scrape time, and the one
// sampler (the event-loop monitor) stops when the app closes.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Counter, Gauge, type Registry } from 'prom-client';

/** The monitor's timer period (ms); its samples include it, so it is taken off again. */
const RESOLUTION_MS = 10;

/** Registers the process metrics; returns what stops the event-loop monitor. */
export function registerProcessMetrics(registry: Registry): () => void {
  const registers = [registry];
  new Gauge({
    name: 'process_resident_memory_bytes',
    help: 'Resident memory size in bytes.',
    registers,
    collect() {
      this.set(process.memoryUsage.rss());
    },
  });
  new Gauge({
    name: 'nodejs_heap_size_used_bytes',
    help: 'V8 heap in use, in bytes.',
    registers,
    collect() {
      this.set(process.memoryUsage().heapUsed);
    },
  });
  let cpuSeen = 0;
  new Counter({
    name: 'process_cpu_seconds_total',
    help: 'User and system CPU time spent, in seconds.',
    registers,
    collect() {
      const { user, system } = process.cpuUsage();
      const seconds = (user + system) / 1e6;
      if (seconds > cpuSeen) this.inc(seconds - cpuSeen);
      cpuSeen = Math.max(cpuSeen, seconds);
    },
  });

  const loop = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  loop.enable();
  const seconds = (nanoseconds: number) => (Number.isFinite(nanoseconds) ? Math.max(0, nanoseconds / 1e6 - RESOLUTION_MS) / 1000 : 0);
  new Gauge({
    name: 'gazette_event_loop_delay_seconds',
    help: 'How late the event loop ran a timer since the previous scrape: stat is p50, p99, max or mean.',
    labelNames: ['stat'] as const,
    registers,
    collect() {
      this.set({ stat: 'p50' }, seconds(loop.percentile(50)));
      this.set({ stat: 'p99' }, seconds(loop.percentile(99)));
      this.set({ stat: 'max' }, seconds(loop.max));
      this.set({ stat: 'mean' }, seconds(loop.mean));
      loop.reset();
    },
  });
  return () => loop.disable();
}
