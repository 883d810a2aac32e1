-- Issue 14 item 9. Rule-set publishing (规则版本发布): the credit policy — admission thresholds, negative
-- list, routing and pricing-authority parameters — as versioned data (shared/credit/rule-set.ts,
-- RuleSetDataSchema). A supervisor drafts a version, replays it over decided cases and submits it; a
-- second, different supervisor approves and publishes it, or rejects it. The submission path reads the
-- version in force on the submission date (bank-api/workflow/rule-sets.ts ruleSetInForce).
CREATE TABLE rule_sets (
  version        text PRIMARY KEY,
  status         text NOT NULL CHECK (status IN ('draft', 'pending_approval', 'published', 'rejected')),
  effective_from date NOT NULL,
  -- The version this draft was copied from (the one in force when it was created).
  based_on       text REFERENCES rule_sets (version),
  note           text NOT NULL DEFAULT '',
  data           jsonb NOT NULL,
  author_id      text REFERENCES users (id),
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  submitted_at   timestamptz,
  approver_id    text REFERENCES users (id),
  decided_at     timestamptz,
  reject_reason  text,
  version_no     integer NOT NULL DEFAULT 1,
  -- Four eyes: whoever approves or rejects is not the author.
  CHECK (approver_id IS NULL OR author_id IS NULL OR approver_id <> author_id),
  CHECK (status <> 'published' OR (approver_id IS NOT NULL OR author_id IS NULL)),
  CHECK (data ->> 'version' = version AND data ->> 'effectiveFrom' = effective_from::text)
);

-- The version in force on a date: the latest published one that has taken effect.
CREATE INDEX rule_sets_in_force_idx ON rule_sets (effective_from DESC, decided_at DESC) WHERE status = 'published';

-- The 2025 policy (shared/credit/rule-set.ts DEFAULT_RULE_SET) is the first published version; a test
-- (bank-api/workflow/rule-sets.test.ts) checks this copy against the constants.
INSERT INTO rule_sets (version, status, effective_from, note, data, created_at, updated_at, decided_at)
VALUES ('RS-2025.12', 'published', '2025-12-01', '2025 credit policy (first published version)',
'{
  "version": "RS-2025.12",
  "effectiveFrom": "2025-12-01",
  "admission": [
    {
      "id": "ADM_YEARS_IN_BUSINESS",
      "fact": "monthsInBusiness",
      "operator": "gte",
      "value": 24,
      "text": {
        "zh": "持续经营满 2 年",
        "en": "In business for at least 2 years"
      }
    },
    {
      "id": "ADM_TAX_RATING",
      "fact": "taxRating",
      "operator": "in",
      "value": [
        "A",
        "B",
        "M"
      ],
      "text": {
        "zh": "纳税信用等级为 A、B 或 M 级",
        "en": "Tax credit rating A, B or M"
      }
    },
    {
      "id": "ADM_ANNUAL_SALES",
      "fact": "annualSalesYuan",
      "operator": "gte",
      "value": 500000,
      "text": {
        "zh": "近 12 个月增值税申报销售额不低于 50 万元",
        "en": "VAT sales of at least 500,000 yuan in the last 12 months"
      }
    },
    {
      "id": "ADM_NO_SERIOUS_OVERDUE",
      "fact": "maxOverdueDays24m",
      "operator": "lt",
      "value": 90,
      "text": {
        "zh": "近 24 个月无 90 天以上逾期",
        "en": "No overdue of 90 days or more in the last 24 months"
      }
    },
    {
      "id": "ADM_OVERDUE_COUNT",
      "fact": "overdueCount12m",
      "operator": "lte",
      "value": 3,
      "text": {
        "zh": "近 12 个月逾期不超过 3 次",
        "en": "At most 3 overdue instalments in the last 12 months"
      }
    },
    {
      "id": "ADM_INQUIRIES",
      "fact": "inquiries6m",
      "operator": "lte",
      "value": 10,
      "text": {
        "zh": "近 6 个月贷款审批查询不超过 10 次",
        "en": "At most 10 credit inquiries in the last 6 months"
      }
    },
    {
      "id": "ADM_DATA_COMPLETENESS",
      "fact": "dataCompleteness",
      "operator": "gte",
      "value": 60,
      "text": {
        "zh": "数据完整度不低于 60%",
        "en": "Data completeness at least 60%"
      }
    },
    {
      "id": "ADM_DATA_FRESH",
      "fact": "dataAgeDays",
      "operator": "lte",
      "value": 45,
      "text": {
        "zh": "各数据源数据不早于 45 天",
        "en": "Every data source no older than 45 days"
      }
    },
    {
      "id": "ADM_AMOUNT_TO_SALES",
      "fact": "amountToSalesBp",
      "operator": "lte",
      "value": 5000,
      "text": {
        "zh": "申请金额不超过年销售额的 50%",
        "en": "Amount at most 50% of annual sales"
      }
    }
  ],
  "negativeList": [
    {
      "id": "NEG_COURT_ENFORCEMENT",
      "fact": "courtEnforcement",
      "operator": "eq",
      "value": true,
      "text": {
        "zh": "企业被列为被执行人",
        "en": "The enterprise is subject to court enforcement"
      }
    },
    {
      "id": "NEG_ABNORMAL_OPERATION",
      "fact": "abnormalOperation",
      "operator": "eq",
      "value": true,
      "text": {
        "zh": "企业被列入经营异常名录",
        "en": "The enterprise is on the abnormal operation list"
      }
    },
    {
      "id": "NEG_TAX_RATING_D",
      "fact": "taxRating",
      "operator": "eq",
      "value": "D",
      "text": {
        "zh": "纳税信用等级为 D 级",
        "en": "Tax credit rating D"
      }
    },
    {
      "id": "NEG_ADMIN_PENALTIES",
      "fact": "adminPenalties",
      "operator": "gte",
      "value": 3,
      "text": {
        "zh": "近 24 个月行政处罚 3 次及以上",
        "en": "Three or more administrative penalties in 24 months"
      }
    },
    {
      "id": "NEG_INDUSTRY",
      "fact": "industryCode",
      "operator": "startsWithAny",
      "value": [
        "K701",
        "J69",
        "R9011",
        "R9013",
        "R9042"
      ],
      "text": {
        "zh": "所属行业在禁入行业名单内",
        "en": "The industry is on the excluded list"
      }
    }
  ],
  "routing": {
    "instantMaxAmount": "1000000.00",
    "instantGrades": [
      "A",
      "B"
    ],
    "instantMinCompleteness": 80,
    "fastMaxAmount": "1000000.00",
    "fastGrades": [
      "A",
      "B",
      "C"
    ],
    "fastMinCompleteness": 60,
    "standardGuarantees": [
      "mortgage"
    ],
    "committeeMinAmount": "5000000.00",
    "committeeGrades": [
      "E"
    ],
    "committeeExceptions": [
      "related_party",
      "rate_below_floor",
      "industry_restricted"
    ]
  },
  "pricingAuthority": {
    "approverDiscountBp": 20,
    "seniorDiscountBp": 50
  }
}',
'2025-12-01T00:00:00Z', '2025-12-01T00:00:00Z', '2025-12-01T00:00:00Z');
