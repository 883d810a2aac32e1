-- Issue 14 item 8. Authority administration (授权管理): every grant, change or withdrawal of a user's
-- authority matrix, with its effective date and document reference (年度授权书 number). A change is
-- proposed by one supervisor and takes effect only once a second, different supervisor confirms it.
-- The authority in force for a user on a date is the confirmed grant with the latest effective date on
-- or before it (ties: the later confirmed). users.authority stays as the seeded initial matrix, used only
-- for a user who has no confirmed grant at all.
CREATE TABLE authority_grants (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id         text NOT NULL REFERENCES users (id),
  -- Largest amount in fen per grade, as strings ({"A": "3000000000", ...}); a grade absent approves
  -- nothing. NULL: the authority is withdrawn (the user approves nothing).
  authority       jsonb,
  kind            text NOT NULL CHECK (kind IN ('initial', 'grant', 'change', 'withdraw')),
  -- A Beijing calendar date: the first day the matrix applies.
  effective_from  date NOT NULL,
  document_ref    text NOT NULL CHECK (length(document_ref) BETWEEN 1 AND 64),
  -- 转授权: the user under whose own authority this was delegated; the grant never exceeds that user's
  -- matrix per grade. NULL: granted directly under the head office's annual authorisation.
  grantor_id      text REFERENCES users (id),
  reason          text,
  status          text NOT NULL CHECK (status IN ('pending', 'confirmed', 'rejected', 'withdrawn')),
  -- NULL only for the initial grants written by the seed or this migration.
  proposed_by     text REFERENCES users (id),
  proposed_at     timestamptz NOT NULL DEFAULT now(),
  decided_by      text REFERENCES users (id),
  decided_at      timestamptz,
  decision_note   text,
  CHECK (grantor_id IS NULL OR grantor_id <> user_id),
  -- Four eyes: whoever confirms or rejects is not whoever proposed.
  CHECK (decided_by IS NULL OR proposed_by IS NULL OR decided_by <> proposed_by),
  CHECK ((status = 'pending') = (decided_at IS NULL))
);

-- The session lookup reads the grant in force on every request: one index probe per user.
CREATE INDEX authority_grants_in_force_idx ON authority_grants (user_id, effective_from DESC, decided_at DESC, id DESC)
  WHERE status = 'confirmed';
-- At most one open proposal per user.
CREATE UNIQUE INDEX authority_grants_one_pending_idx ON authority_grants (user_id) WHERE status = 'pending';
CREATE INDEX authority_grants_history_idx ON authority_grants (proposed_at DESC, id DESC);

-- A database seeded before this migration: its users' matrices become their initial, confirmed grants.
-- (A fresh database has no users yet; the seed writes the initial grants itself.)
INSERT INTO authority_grants (user_id, authority, kind, effective_from, document_ref, status, proposed_at, decided_at)
SELECT u.id,
       (SELECT jsonb_object_agg(k, to_jsonb(v #>> '{}')) FROM jsonb_each(u.authority) AS e (k, v)),
       'initial', DATE '2000-01-01', 'INITIAL', 'confirmed', u.created_at, u.created_at
FROM users u WHERE u.authority IS NOT NULL;

-- The bank's calendar date now (Beijing, UTC+8 without daylight saving).
CREATE FUNCTION bank_today() RETURNS date LANGUAGE sql STABLE AS $$
  SELECT ((now() AT TIME ZONE 'UTC') + interval '8 hours')::date
$$;

-- Resolving a bearer token (migration 0008) now returns the authority in force today, in the same query.
CREATE OR REPLACE FUNCTION session_user_row(p_token_hash text)
RETURNS TABLE (id text, username text, display_name text, password_hash text, roles text[], authority jsonb, active boolean,
               branch_id text, parent_id text, name_zh text, name_en text, level text)
LANGUAGE plpgsql STABLE AS $$
#variable_conflict use_column
BEGIN
  RETURN QUERY
    SELECT u.id, u.username, u.display_name, ''::text, u.roles,
           CASE WHEN g.found THEN g.authority ELSE u.authority END, u.active,
           b.id, b.parent_id, b.name_zh, b.name_en, b.level
    FROM sessions s
    JOIN users u ON u.id = s.user_id
    JOIN branches b ON b.id = u.branch_id
    LEFT JOIN LATERAL (
      SELECT true AS found, ag.authority FROM authority_grants ag
      WHERE ag.user_id = u.id AND ag.status = 'confirmed' AND ag.effective_from <= bank_today()
      ORDER BY ag.effective_from DESC, ag.decided_at DESC, ag.id DESC LIMIT 1
    ) g ON true
    WHERE s.token_hash = p_token_hash AND s.revoked_at IS NULL AND s.expires_at > now() AND u.active;
END
$$;
