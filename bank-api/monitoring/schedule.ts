/**
 * When the monitoring job runs by itself (MONITORING_SCHEDULE): `off`, `nightly` (02:00 Beijing time,
 * the default) or a whole number of minutes between runs. Every instance keeps a timer; when it fires,
 * each claims the job for that slot and only the first one runs it (job.ts: a scheduled run already
 * started in the slot makes the others skip).
 */
import { beijingDate, beijingInstant } from '../../shared/calendar/business-calendar';
import type { MonitoringJob } from './job';

export type MonitoringSchedule =
  | { kind: 'off' }
  | { kind: 'nightly'; hour: number }
  | { kind: 'every'; minutes: number };

export const NIGHTLY_HOUR = 2;

export function parseSchedule(text: string): MonitoringSchedule {
  const t = text.trim();
  if (t === 'off') return { kind: 'off' };
  if (t === '' || t === 'nightly') return { kind: 'nightly', hour: NIGHTLY_HOUR };
  if (/^\d{1,5}$/.test(t) && Number(t) >= 1 && Number(t) <= 10_080) return { kind: 'every', minutes: Number(t) };
  throw new Error(
    `MONITORING_SCHEDULE must be off, nightly or minutes between runs (1–10080); it was ${JSON.stringify(text)}`,
  );
}

/** The next slot after `now`: when the timer fires, and the slot's start (what a claim compares). */
export function nextSlot(s: Exclude<MonitoringSchedule, { kind: 'off' }>, now: number): number {
  if (s.kind === 'every') {
    const step = s.minutes * 60_000;
    return (Math.floor(now / step) + 1) * step;
  }
  const today = beijingInstant(beijingDate(now), s.hour);
  return today > now ? today : beijingInstant(beijingDate(now + 86_400_000), s.hour);
}

/** Starts the timer; returns a function that stops it. */
export function startSchedule(
  job: MonitoringJob,
  s: MonitoringSchedule,
  log: (msg: string, extra?: Record<string, unknown>) => void = () => {},
  clock: () => number = Date.now,
): () => void {
  if (s.kind === 'off') return () => {};
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const arm = () => {
    if (stopped) return;
    const at = nextSlot(s, clock());
    timer = setTimeout(
      async () => {
        try {
          // A little before the slot, so a timer firing early on a skewed clock still counts as this slot.
          const margin = Math.min(60_000, s.kind === 'every' ? (s.minutes * 60_000) / 2 : 60_000);
          const r = await job.start('schedule', null, { slotStart: new Date(at - margin) });
          log(`monitoring: scheduled slot ${new Date(at).toISOString()} → ${r.kind}`, { runId: r.run?.id });
        } catch (e) {
          log('monitoring: the scheduled run could not start', { error: String(e) });
        }
        arm();
      },
      Math.max(1000, at - clock()),
    );
    timer.unref?.();
  };
  arm();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}
