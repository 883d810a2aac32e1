/**
 * The monitoring job inside the API process: one MonitoringJob over the app's profile provider (the same
 * source adapters applications read), its routes, its schedule (AppOptions.monitoringSchedule, from
 * MONITORING_SCHEDULE; off unless given), and on close: the timer stopped and the run in hand released.
 * When the app is ready, an interrupted run (released on shutdown, or whose process died and whose
 * heartbeat is stale) is resumed from its cursor in the background, whatever the schedule: the start does
 * not wait for it, and nothing to resume (or a failed claim) is only logged.
 */
import type { FastifyInstance } from 'fastify';
import type { AppOptions } from '../app';
import type { AnyRoute } from '../http/routes';
import { monitoringRoutes } from '../routes/monitoring';
import { MonitoringJob } from './job';
import { parseSchedule, startSchedule } from './schedule';

export async function monitoringFor(app: FastifyInstance, opts: AppOptions): Promise<AnyRoute[]> {
  const profiles = opts.profiles ?? (await import('../workflow/sandbox-provider')).sandboxProfileProvider();
  const job = new MonitoringJob({
    db: opts.db,
    profiles,
    log: (msg, extra) => app.log.info(extra ?? {}, msg),
  });
  const stop = startSchedule(job, parseSchedule(opts.monitoringSchedule ?? 'off'), (msg, extra) =>
    app.log.info(extra ?? {}, msg),
  );
  app.addHook('onReady', async () => {
    job.resumeInterrupted().then(
      (r) => {
        if (r.kind === 'none') return;
        app.log.info(
          { runId: r.run.id, loansDone: r.run.loansDone, loansTotal: r.run.loansTotal },
          r.kind === 'resumed'
            ? 'monitoring: the interrupted run resumes'
            : 'monitoring: a run is in progress on another instance',
        );
      },
      (e) => app.log.warn({ error: String(e) }, 'monitoring: the interrupted run could not be resumed'),
    );
  });
  app.addHook('onClose', async () => {
    stop();
    await job.close();
  });
  return monitoringRoutes(opts.db, job);
}
