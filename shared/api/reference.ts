/**
 * Reference data the bank API serves (`GET /api/v1/reference/lpr`): the LPR history the contracts price
 * from, and whether it has gone stale — the warning contract officers see before printing a rate.
 */
import { z } from 'zod';

const CivilDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const LprFixingSchema = z.object({
  date: CivilDate,
  /** 1-year LPR, basis points (310 = 3.10 %). */
  oneYearBp: z.number().int(),
  /** Over-5-year LPR, basis points. */
  fiveYearBp: z.number().int(),
});

export const LprStalenessSchema = z.object({
  /** True when a fixing due by today (Beijing) is missing from the table. */
  stale: z.boolean(),
  latestFixing: CivilDate,
  expectedFixing: CivilDate,
  missingFixings: z.number().int().min(0),
});

export const LprReferenceSchema = z.object({
  /** Today's date in Beijing, against which staleness is measured. */
  asOf: CivilDate,
  staleness: LprStalenessSchema,
  /** Every monthly fixing, oldest first. */
  fixings: z.array(LprFixingSchema),
});
export type LprReference = z.infer<typeof LprReferenceSchema>;
