-- The counter-signed contract (issue 16 item 1): a document becomes signed only by importing the PDF
-- the e-signature platform returns, verified by the bank API against the sealed original's hash
-- (node-shared/countersign). The signed file's SHA-256 is kept on the record; the file itself, its
-- signers (certificate subjects, personal ID numbers masked) and the verification report beside it.
ALTER TABLE contracts ADD COLUMN IF NOT EXISTS signed_pdf_sha256 text
  CHECK (signed_pdf_sha256 IS NULL OR signed_pdf_sha256 ~ '^[0-9a-f]{64}$');

CREATE TABLE contract_signed_files (
  document_id   text PRIMARY KEY REFERENCES contracts (document_id),
  sha256        text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  size_bytes    integer NOT NULL CHECK (size_bytes > 0),
  content       bytea NOT NULL,
  signers       jsonb NOT NULL,
  verification  jsonb NOT NULL,
  imported_by   text NOT NULL REFERENCES users (id),
  imported_at   timestamptz NOT NULL
);
