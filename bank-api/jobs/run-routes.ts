/**
 * The route shapes of a run job (bank-api/jobs/run-job.ts), shared by the month-end classification run
 * (bank-api/routes/classifications.ts) and the monitoring run (bank-api/routes/monitoring.ts):
 *
 * - start: POST `url` answers **202** with the run and `Location: url/{id}`; while another run is in
 *   progress, 409 with the live run in `run` (the job's own code and words) — nothing written.
 * - one run: GET `url/:id` answers the run, or 404.
 */
import type { z } from 'zod';
import type { Role, User } from '../../shared/api/auth';
import type { ApiProblem } from '../http/problems';
import { type AnyRoute, defineRoute } from '../http/routes';

interface RunRouteBase<R extends z.ZodType> {
  /** The runs' collection, e.g. /api/v1/monitoring/runs. */
  url: string;
  summary: string;
  tags: string[];
  access: readonly Role[];
  response: R;
  problems: Record<number, string>;
}

/**
 * POST `url`: `start` claims the job and answers the run, or `busy` with the live run, which `busy`
 * turns into the 409 problem.
 */
export function startRunRoute<
  R extends z.ZodType<{ id: string }, { id: string }>,
  B extends z.ZodType = z.ZodUndefined,
>(
  o: RunRouteBase<R> & {
    body?: B;
    start: (ctx: { body: z.output<B>; user: User }) => Promise<{ busy: boolean; run: z.input<R> }>;
    busy: (run: z.input<R>, body: z.output<B>) => ApiProblem;
  },
): AnyRoute {
  return defineRoute<B, z.ZodUndefined, z.ZodUndefined, R, readonly Role[]>({
    method: 'POST',
    url: o.url,
    summary: o.summary,
    tags: o.tags,
    access: o.access,
    ...(o.body ? { body: o.body } : {}),
    response: o.response,
    status: 202,
    problems: o.problems,
    async handler({ body, user, reply }) {
      const r = await o.start({ body, user });
      if (r.busy) throw o.busy(r.run, body);
      reply.header('location', `${o.url}/${r.run.id}`);
      return r.run;
    },
  });
}

/** GET `url/:id`: the run `load` finds, or 404 with `missing`'s words. */
export function getRunRoute<R extends z.ZodType, P extends z.ZodType<{ id: string }>>(
  o: RunRouteBase<R> & {
    params: P;
    load: (id: string) => Promise<z.input<R> | null>;
    missing: (id: string) => ApiProblem;
  },
): AnyRoute {
  return defineRoute<z.ZodUndefined, z.ZodUndefined, P, R, readonly Role[]>({
    method: 'GET',
    url: `${o.url}/:id`,
    summary: o.summary,
    tags: o.tags,
    access: o.access,
    params: o.params,
    response: o.response,
    problems: o.problems,
    async handler({ params }) {
      const run = await o.load(params.id);
      if (!run) throw o.missing(params.id);
      return run;
    },
  });
}
