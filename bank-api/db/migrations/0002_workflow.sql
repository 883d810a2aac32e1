-- The loan workflow: products, enterprises and their data, applications, decisions, loans, audit.

CREATE TABLE products (
  code               text PRIMARY KEY,
  definition         jsonb NOT NULL,      -- the catalogue entry from shared/credit/products.ts
  catalogue_version  text NOT NULL
);

CREATE TABLE enterprises (
  id                 text PRIMARY KEY,
  uscc               text NOT NULL UNIQUE,
  name               text NOT NULL,
  legal_rep_name     text NOT NULL,
  legal_rep_id       text NOT NULL,
  industry_code      text NOT NULL,
  size_class         text NOT NULL,
  region             text NOT NULL,
  branch_id          text NOT NULL REFERENCES branches (id),
  established_date   date NOT NULL,
  tax_rating         text NOT NULL,
  annual_sales_fen   bigint NOT NULL,
  profile            jsonb NOT NULL,      -- the full profile as the data-source adapters returned it
  data_as_of         date NOT NULL,
  source             text NOT NULL        -- which adapter produced it, e.g. 'sandbox'
);
CREATE INDEX enterprises_peer_idx ON enterprises (industry_code, size_class, annual_sales_fen);
CREATE INDEX enterprises_name_idx ON enterprises (name);

CREATE TABLE applications (
  id                 text PRIMARY KEY,
  enterprise_id      text NOT NULL REFERENCES enterprises (id),
  uscc               text NOT NULL,
  enterprise_name    text NOT NULL,
  product_code       text NOT NULL REFERENCES products (code),
  amount_fen         bigint NOT NULL CHECK (amount_fen > 0),
  term_months        integer NOT NULL CHECK (term_months > 0),
  repayment_method   text NOT NULL,
  purpose            text NOT NULL,
  channel            text NOT NULL,
  status             text NOT NULL,
  tier               text NOT NULL,
  grade              text,
  score              integer,
  branch_id          text NOT NULL REFERENCES branches (id),
  assignee_id        text REFERENCES users (id),
  created_by         text REFERENCES users (id),
  investigated_by    text REFERENCES users (id),
  submitted_at       timestamptz NOT NULL,
  sla_due_at         timestamptz,
  decided_at         timestamptz,
  updated_at         timestamptz NOT NULL,
  version            integer NOT NULL DEFAULT 1,
  assessment         jsonb NOT NULL,      -- score, PD, grade, reason codes, rule results, versions
  routing            jsonb NOT NULL,      -- tier, reason, rule-set version
  preapproval        jsonb,
  profile_snapshot   jsonb NOT NULL,      -- the dated profile the decision was based on
  checklist          jsonb NOT NULL,
  investigation      jsonb,
  approved_terms     jsonb,
  conditions         jsonb NOT NULL DEFAULT '[]'
);
CREATE INDEX applications_queue_idx ON applications (status, tier, sla_due_at, id);
CREATE INDEX applications_branch_idx ON applications (branch_id, status, sla_due_at, id);
CREATE INDEX applications_assignee_idx ON applications (assignee_id, status);
CREATE INDEX applications_submitted_idx ON applications (submitted_at);
CREATE INDEX applications_uscc_idx ON applications (uscc);

CREATE TABLE decisions (
  id                 bigserial PRIMARY KEY,
  application_id     text NOT NULL REFERENCES applications (id),
  actor_id           text REFERENCES users (id),   -- NULL: the system (instant channel)
  action             text NOT NULL,
  from_status        text NOT NULL,
  to_status          text NOT NULL,
  payload            jsonb NOT NULL,
  created_at         timestamptz NOT NULL
);
CREATE INDEX decisions_application_idx ON decisions (application_id, id);

CREATE TABLE idempotency_keys (
  user_id            text NOT NULL,
  key                text NOT NULL,
  request_hash       text NOT NULL,
  status             integer NOT NULL,
  response           jsonb NOT NULL,
  created_at         timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, key)
);

CREATE TABLE loans (
  id                 text PRIMARY KEY,
  application_id     text REFERENCES applications (id),
  enterprise_id      text NOT NULL REFERENCES enterprises (id),
  branch_id          text NOT NULL REFERENCES branches (id),
  product_code       text NOT NULL REFERENCES products (code),
  industry_code      text NOT NULL,
  principal_fen      bigint NOT NULL,
  balance_fen        bigint NOT NULL,
  annual_rate        numeric(9, 4) NOT NULL,
  disbursed_on       date NOT NULL,
  maturity_date      date NOT NULL,
  days_past_due      integer NOT NULL DEFAULT 0,
  max_dpd            integer NOT NULL DEFAULT 0,
  classification     text NOT NULL CHECK (classification IN ('normal', 'special_mention', 'substandard', 'doubtful', 'loss')),
  warning_signals    text[] NOT NULL DEFAULT '{}'
);
CREATE INDEX loans_branch_idx ON loans (branch_id, classification);
CREATE INDEX loans_disbursed_idx ON loans (disbursed_on);
CREATE INDEX loans_enterprise_idx ON loans (enterprise_id);

-- Tamper-evident audit trail: each row's hash covers its content and the previous row's hash.
CREATE TABLE audit_events (
  seq                bigint PRIMARY KEY,
  at                 timestamptz NOT NULL,
  actor_id           text,
  action             text NOT NULL,
  entity_type        text NOT NULL,
  entity_id          text NOT NULL,
  payload_digest     text NOT NULL,
  prev_hash          text NOT NULL,
  hash               text NOT NULL
);
CREATE INDEX audit_entity_idx ON audit_events (entity_type, entity_id, seq);
