import { z } from 'zod';
import { CUSTOMER_GROUPS } from '../credit/materials';

/**
 * GET /api/v1/policy — the published 清单 (issue 15 item 4): the rule-set version in force and its
 * effective date, the admission standards and the negative list in words with their thresholds (zh and
 * en), and the material lists by product and customer group. Every signed-in staff member may read it.
 */
const BilingualSchema = z.object({ zh: z.string(), en: z.string() });

export const PolicyRuleSchema = z.object({
  id: z.string(),
  fact: z.string(),
  /** What the rule asks, as the rule set words it. */
  text: BilingualSchema,
  /** The threshold in words and units: "不少于 24 个月" / "at least 24 months". */
  threshold: BilingualSchema,
});
export type PolicyRule = z.infer<typeof PolicyRuleSchema>;

export const PolicyMaterialSchema = z.object({ code: z.string(), name: BilingualSchema, electronic: z.boolean() });

export const PolicyDocumentSchema = z.object({
  version: z.string(),
  effectiveFrom: z.string(),
  /** The Beijing date the document was read for. */
  asOf: z.string(),
  admission: z.array(PolicyRuleSchema),
  negativeList: z.array(PolicyRuleSchema),
  groups: z.array(z.object({ code: z.enum(CUSTOMER_GROUPS), name: BilingualSchema, who: BilingualSchema })),
  materials: z.array(
    z.object({
      productCode: z.string(),
      productName: BilingualSchema,
      group: z.enum(CUSTOMER_GROUPS),
      groupName: BilingualSchema,
      items: z.array(PolicyMaterialSchema),
    }),
  ),
});
export type PolicyDocument = z.infer<typeof PolicyDocumentSchema>;
