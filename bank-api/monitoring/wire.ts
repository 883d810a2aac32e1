/**
 * The monitoring job inside the API process: one MonitoringJob over the app's profile provider (the same
 * source adapters applications read), its routes, its schedule (AppOptions.monitoringSchedule, from
 * MONITORING_SCHEDULE; off unless given), and on close: the timer stopped and the run in hand released.
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
  app.addHook('onClose', async () => {
    stop();
    await job.close();
  });
  return monitoringRoutes(opts.db, job);
}
