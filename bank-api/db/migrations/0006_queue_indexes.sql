-- Queue pages are keyset-paginated on (sort key, id); each sort key gets an index in that shape so the
-- first page of a 100,000-case queue reads ~50 index entries instead of sorting every row.
CREATE INDEX applications_sla_sort_idx ON applications ((COALESCE(sla_due_at, 'infinity'::timestamptz)), id);
CREATE INDEX applications_sla_sort_desc_idx ON applications ((COALESCE(sla_due_at, '-infinity'::timestamptz)) DESC, id DESC);
CREATE INDEX applications_submitted_sort_idx ON applications (submitted_at, id);
CREATE INDEX applications_amount_sort_idx ON applications (amount_fen, id);
