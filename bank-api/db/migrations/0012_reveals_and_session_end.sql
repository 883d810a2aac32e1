-- Issue 13. Full-ID reveals: which full identifiers each user was shown in the last hour (the rate
-- limit's window; the audit chain keeps every reveal for good), and the alerts a supervisor lists when
-- someone reaches the limit. Session ends are announced, so open event streams close at once.

-- A subject names the identifier ('application:<id>:legalRepId'), never the number itself. Rows older
-- than the window are deleted as the same user's next reveal is decided (bank-api/audit/reveals.ts).
CREATE TABLE id_reveals (
  user_id      text NOT NULL REFERENCES users (id),
  subject      text NOT NULL,
  revealed_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, subject)
);

-- One row per breach episode: the first refused reveal opens it; refusals within the hour after that
-- count into it (refused_count, last_refused_at, last_subject) instead of adding a row each.
CREATE TABLE reveal_alerts (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id          text NOT NULL REFERENCES users (id),
  limit_per_hour   integer NOT NULL CHECK (limit_per_hour > 0),
  opened_at        timestamptz NOT NULL DEFAULT now(),
  last_refused_at  timestamptz NOT NULL DEFAULT now(),
  refused_count    integer NOT NULL DEFAULT 1 CHECK (refused_count > 0),
  first_subject    text NOT NULL,
  last_subject     text NOT NULL
);
CREATE INDEX reveal_alerts_user_idx ON reveal_alerts (user_id, opened_at DESC);

-- A session revoked (sign-out) or deleted is announced on `session_ended` with its token hash; every API
-- instance LISTENing closes that session's event streams (bank-api/routes/events.ts).
CREATE FUNCTION notify_session_ended() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('session_ended', OLD.token_hash);
  RETURN NULL;
END
$$;
CREATE TRIGGER sessions_revoked AFTER UPDATE OF revoked_at ON sessions
  FOR EACH ROW WHEN (OLD.revoked_at IS NULL AND NEW.revoked_at IS NOT NULL)
  EXECUTE FUNCTION notify_session_ended();
CREATE TRIGGER sessions_deleted AFTER DELETE ON sessions
  FOR EACH ROW EXECUTE FUNCTION notify_session_ended();
