// What a benchmark ran on, printed first so that figures from different runs can be compared:
// the same code gives very different numbers on another CPU, another Node, or a busy machine.
import os from 'node:os';
import { execFileSync } from 'node:child_process';
import { ROOT } from './processes.ts';

function gitRevision(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

export function machineReport(): string[] {
  const cpus = os.cpus();
  const [one, five, fifteen] = os.loadavg().map((n) => n.toFixed(2));
  return [
    `ran on: Node ${process.version}, ${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ${os.platform()} ${os.release()}`,
    `  revision ${gitRevision()}, load average at start ${one} / ${five} / ${fifteen} (1 / 5 / 15 min; near 0 is a quiet machine)`,
  ];
}
