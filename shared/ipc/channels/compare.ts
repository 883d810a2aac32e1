/**
 * The enterprise comparison over IPC (channels keep their wire names, `enterprises.*`): search, closest
 * peers, the comparison and its PDF export. Main forwards to the bank API, which scopes and validates
 * everything; the comparison set itself lives in preferences (`compareSet`).
 */
import { z } from 'zod';
import {
  COMPARE_MAX,
  COMPARE_MIN,
  CompareSchema,
  EnterpriseIdSchema,
  EnterpriseListSchema,
  EnterpriseSearchQuerySchema,
  PeersSchema,
} from '../../api/enterprises';

export const CompareExportSchema = z.object({
  /** Suggested file name (ASCII), e.g. enterprise-comparison-20260501-1030.pdf. */
  fileName: z.string(),
  /** The PDF, when the page is to download or rasterise it; null when main saved it. */
  pdfBase64: z.string().nullable(),
  /** Where Electron saved it; null when cancelled or in browser mode. */
  savedTo: z.string().nullable(),
  pageCount: z.number().int(),
});
export type CompareExport = z.infer<typeof CompareExportSchema>;

export const compareChannels = {
  'enterprises.search': { request: EnterpriseSearchQuerySchema, response: EnterpriseListSchema },
  'enterprises.peers': {
    request: z.strictObject({ id: EnterpriseIdSchema, limit: z.number().int().min(1).max(3).default(3) }),
    response: PeersSchema,
  },
  /** 2–4 enterprises; the bank API refuses other counts with a message the UI shows as is. */
  'enterprises.compare': {
    request: z.strictObject({ ids: z.array(EnterpriseIdSchema).min(1).max(8) }),
    response: CompareSchema,
  },
  /**
   * The whole comparison as one PDF (A4 landscape), rendered in main from the bank API's comparison
   * for the signed-in user. Electron asks where to save it (`savedTo`, null when cancelled); browser
   * mode returns the bytes (`pdfBase64`) for the page to download. The page makes its PNG from page
   * images of this same PDF.
   */
  'enterprises.compareExport': {
    request: z.strictObject({
      ids: z
        .array(EnterpriseIdSchema)
        .min(COMPARE_MIN, `compare at least ${COMPARE_MIN} different enterprises`)
        .max(COMPARE_MAX, `compare at most ${COMPARE_MAX} enterprises at a time`),
      format: z.literal('pdf').default('pdf'),
      /** The report's language (labels, dates); defaults to Chinese like the app. */
      lang: z.enum(['zh-CN', 'en']).default('zh-CN'),
      /**
       * `save`: Electron's save dialog, or the bytes for a download in browser mode. `bytes`: always
       * the bytes (the page makes the PNG from them).
       */
      deliver: z.enum(['save', 'bytes']).default('save'),
    }),
    response: CompareExportSchema,
  },
} as const;
export type CompareChannel = keyof typeof compareChannels;
