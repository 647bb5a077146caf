// A child process's memory as Linux counts it, from /proc/PID/status: VmRSS (resident now) and
// VmHWM (the peak resident size since it started). null where there is no /proc.
import fs from 'node:fs';

function statusMb(pid: number | undefined, field: 'VmRSS' | 'VmHWM'): number | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1]);
    return Number.isFinite(kb) ? kb / 1024 : null;
  } catch {
    return null;
  }
}

/** Resident set size now, in MB. */
export const rssMb = (pid: number | undefined): number | null => statusMb(pid, 'VmRSS');

/** The highest resident set size the process has had, in MB. */
export const peakRssMb = (pid: number | undefined): number | null => statusMb(pid, 'VmHWM');

/** "123 MB", or "n/a" where /proc could not say. */
export const formatMb = (value: number | null): string => (value === null ? 'n/a' : `${value.toFixed(0)} MB`);
