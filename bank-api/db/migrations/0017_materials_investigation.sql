-- Materials received for a case's checklist (issue 15 items 2 and 3): an upload (PDF, JPEG or PNG,
-- type checked by content, SHA-256 recorded, bytes kept here and never executed) or an electronic
-- receipt (e-licence verified through the source adapter, marked with its source).
CREATE TABLE materials (
  id              bigserial PRIMARY KEY,
  application_id  text NOT NULL REFERENCES applications (id),
  item_code       text NOT NULL,
  via             text NOT NULL CHECK (via IN ('upload', 'electronic')),
  file_name       text,
  media_type      text,
  size_bytes      bigint CHECK (size_bytes IS NULL OR size_bytes > 0),
  sha256          text CHECK (sha256 IS NULL OR sha256 ~ '^[0-9a-f]{64}$'),
  content         bytea,
  source          text,
  source_ref      jsonb,
  received_by     text NOT NULL REFERENCES users (id),
  received_at     timestamptz NOT NULL,
  CHECK ((via = 'upload') = (content IS NOT NULL))
);
CREATE INDEX materials_application_idx ON materials (application_id, id);
