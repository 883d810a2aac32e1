/**
 * Full-identifier reveals (issue 13): the note a case detail carries when the legal representative's
 * ID is withheld because the caller reached the hourly limit, and the alerts supervisors list
 * (`GET /api/v1/audit/reveal-alerts`) when someone does.
 */
import { z } from 'zod';

const Instant = z.string();

/** Why a full ID the caller's role may see was served masked this time. */
export const IdRevealWithheldSchema = z.object({
  reason: z.literal('hourly_limit'),
  /** Distinct full identifiers one user may be shown per rolling hour. */
  limitPerHour: z.number().int().positive(),
  /** When the oldest reveal in the window leaves it, and a new one is possible again. */
  availableAt: Instant,
  message: z.string(),
});
export type IdRevealWithheld = z.infer<typeof IdRevealWithheldSchema>;

/** One breach episode: the first refused reveal and the refusals in the hour after it. */
export const RevealAlertSchema = z.object({
  id: z.string(),
  userId: z.string(),
  username: z.string(),
  displayName: z.string(),
  branchId: z.string(),
  limitPerHour: z.number().int().positive(),
  openedAt: Instant,
  lastRefusedAt: Instant,
  refusedCount: z.number().int().positive(),
  /** Which identifiers were asked for ('application:<id>:legalRepId'), never the numbers. */
  firstSubject: z.string(),
  lastSubject: z.string(),
});
export type RevealAlert = z.infer<typeof RevealAlertSchema>;

export const RevealAlertListQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** The `nextCursor` of the previous page. */
  cursor: z
    .string()
    .regex(/^[1-9][0-9]{0,17}$/, 'not a cursor from this list')
    .optional(),
});

export const RevealAlertListSchema = z.object({
  items: z.array(RevealAlertSchema),
  nextCursor: z.string().nullable(),
  total: z.number().int(),
});
export type RevealAlertList = z.infer<typeof RevealAlertListSchema>;
