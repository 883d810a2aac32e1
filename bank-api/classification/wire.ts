/**
 * The month-end classification job inside the API process: when the app is ready, an interrupted run
 * (released on shutdown, or whose process died and whose heartbeat is stale) is resumed from its cursor in
 * the background — the start does not wait for it, and nothing to resume (or a failed claim) is only
 * logged; on close, the run in hand stops before its next batch and is released.
 */
import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/database';
import { classificationJobFor, closeClassificationJob } from './job';

export function wireClassificationJob(app: FastifyInstance, db: Database): void {
  app.addHook('onReady', async () => {
    const job = classificationJobFor(db);
    job.resumeInterrupted().then(
      (r) => {
        if (r.kind === 'none') return;
        app.log.info(
          { runId: r.run.id, period: r.run.period, loansDone: r.run.loansDone, loansTotal: r.run.loansTotal },
          r.kind === 'resumed'
            ? 'classification: the interrupted month-end run resumes'
            : 'classification: a month-end run is in progress on another instance',
        );
      },
      (e) => app.log.warn({ error: String(e) }, 'classification: the interrupted run could not be resumed'),
    );
  });
  app.addHook('onClose', async () => closeClassificationJob(db));
}
