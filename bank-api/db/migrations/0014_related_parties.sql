-- Issue 14 item 3. The bank's related-party list (关联方名单): persons by resident ID number, enterprises
-- by unified social credit code. A submission whose legal representative, shareholders, registered
-- guarantors or named guarantors are on it raises the policy exception `related_party`
-- (shared/credit/policy-exceptions.ts), which the routing rules send to the credit committee.
CREATE TABLE related_parties (
  id serial PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('person', 'enterprise')),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  id_number text CHECK (id_number IS NULL OR id_number ~ '^[0-9]{17}[0-9X]$'),
  uscc text CHECK (uscc IS NULL OR uscc ~ '^[0-9A-HJ-NP-RTUWXY]{18}$'),
  relation_zh text NOT NULL,
  relation_en text NOT NULL,
  listed_on date NOT NULL DEFAULT CURRENT_DATE,
  CHECK ((kind = 'person' AND id_number IS NOT NULL AND uscc IS NULL)
      OR (kind = 'enterprise' AND uscc IS NOT NULL AND id_number IS NULL))
);
CREATE INDEX related_parties_id_number_idx ON related_parties (id_number) WHERE id_number IS NOT NULL;
CREATE INDEX related_parties_uscc_idx ON related_parties (uscc) WHERE uscc IS NOT NULL;

-- Sandbox entries, chosen so that some sandbox enterprises (seed sandbox-2026) hit them
-- deterministically: the legal representatives of enterprises #1261 (上海) and #1358 (杭州萧山), and the
-- enterprise shareholder of #1245 (上海浦东).
INSERT INTO related_parties (kind, name, id_number, uscc, relation_zh, relation_en, listed_on) VALUES
  ('person', '高林国', '330102198206100877', NULL, '本行董事', 'director of the bank', '2026-01-05'),
  ('person', '李鑫', '310115196802076032', NULL, '本行高级管理人员近亲属', 'close relative of a senior manager of the bank', '2026-01-05'),
  ('enterprise', '上海润辰网络科技有限公司', NULL, '913101157231889085', '本行主要股东控制的企业', 'controlled by a major shareholder of the bank', '2026-01-05');

-- Issue 14 item 5: lapsed claims are found among the (few) held cases without reading the queue
-- (bank-api/workflow/claims.ts releaseLapsedClaims).
CREATE INDEX applications_claimed_idx ON applications (claim_activity_at) WHERE assignee_id IS NOT NULL;
