import { Cron } from 'croner';

/**
 * Next run of a Snowflake task SCHEDULE: 'USING CRON <5 fields> <time zone>' (computed with croner)
 * or '<n> MINUTE' / '<n> MINUTES' / '<n> SECONDS' / '<n> HOURS' (the next n-unit boundary).
 * Returns null for a schedule it cannot read.
 */
export function nextScheduledTime(schedule: string | null, from: Date = new Date()): Date | null {
  if (!schedule) return null;
  const cron = /^\s*USING\s+CRON\s+(\S+\s+\S+\s+\S+\s+\S+\s+\S+)\s+(\S+)\s*$/i.exec(schedule);
  if (cron) {
    try {
      return new Cron(cron[1]!, { timezone: cron[2]! }).nextRun(from) ?? null;
    } catch {
      return null;
    }
  }
  const interval = /^\s*(\d+)\s*(SECONDS?|MINUTES?|HOURS?)\s*$/i.exec(schedule);
  if (interval) {
    const unit = interval[2]!.toUpperCase();
    const ms = Number(interval[1]) * (unit.startsWith('SECOND') ? 1_000 : unit.startsWith('MINUTE') ? 60_000 : 3_600_000);
    if (ms <= 0) return null;
    return new Date((Math.floor(from.getTime() / ms) + 1) * ms);
  }
  return null;
}
