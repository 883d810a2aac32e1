-- Contract records: one row per generated document (loan, guarantee, mortgage contract), with the
-- hashes that tie it to the signed PDF and the template version that produced it.

-- The branch's registered address, printed as the lender's 住所 in contracts (NULL: not on file).
ALTER TABLE branches ADD COLUMN IF NOT EXISTS address_zh text;

CREATE TABLE contracts (
  document_id        text PRIMARY KEY,
  application_id     text NOT NULL REFERENCES applications (id),
  contract_id        text NOT NULL,       -- the contract number the document belongs to
  revision           integer NOT NULL CHECK (revision >= 1),
  template_id        text NOT NULL,
  template_version   text NOT NULL,
  kind               text NOT NULL CHECK (kind IN ('loan', 'guarantee', 'mortgage')),
  content_hash       text NOT NULL,       -- SHA-256 of the canonical data + template (16 hex in the PDF footer)
  pdf_sha256         text NOT NULL CHECK (pdf_sha256 ~ '^[0-9a-f]{64}$'),
  pdf_bytes          integer NOT NULL CHECK (pdf_bytes > 0),
  status             text NOT NULL CHECK (status IN ('generated', 'exported', 'signed', 'superseded')),
  supersedes         text REFERENCES contracts (document_id),
  superseded_by      text REFERENCES contracts (document_id),
  generated_by       text NOT NULL REFERENCES users (id),
  generated_at       timestamptz NOT NULL,
  updated_at         timestamptz NOT NULL,
  version            integer NOT NULL DEFAULT 1
);
CREATE INDEX contracts_application_idx ON contracts (application_id, status);
-- At most one live (not superseded) document per template and case.
CREATE UNIQUE INDEX contracts_live_template_idx ON contracts (application_id, template_id) WHERE status <> 'superseded';
