import { z } from 'zod';

/** RFC 9457 problem document as the bank API sends it, with our stable `code` extension. */
export const ProblemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  code: z.string(),
  instance: z.string().optional(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type Problem = z.infer<typeof ProblemSchema>;

export const PROBLEM_TYPE_BASE = 'urn:sme-credit:problem:';
export const problemType = (code: string) => `${PROBLEM_TYPE_BASE}${code}`;
