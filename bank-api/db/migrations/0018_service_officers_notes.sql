-- 首席服务官 and case notes (issue 15 item 6).
-- Each enterprise has a service officer: a relationship manager who follows the client's cases, chosen
-- deterministically as an active RM of the enterprise's branch (same branch first, then one beneath it;
-- lowest id among equals). No RM there leaves it NULL (in the demo organisation only rm1, SH-PD, exists,
-- so SH-PD enterprises get rm1 and the others none) until a supervisor assigns one
-- (POST /api/v1/enterprises/{id}/service-officer). The service officer reads their clients' cases
-- wherever they are booked (bank-api/workflow/scope.ts), so the default never widens what anyone reads.
ALTER TABLE enterprises ADD COLUMN service_officer_id text REFERENCES users (id);

CREATE FUNCTION fitting_service_officer(p_branch text) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT u.id FROM users u
    JOIN branches ub ON ub.id = u.branch_id
    JOIN branches eb ON eb.id = p_branch
  WHERE u.active AND 'relationship_manager' = ANY (u.roles)
    AND (ub.id = eb.id OR ub.path LIKE eb.path || '.%')
  ORDER BY CASE WHEN ub.id = eb.id THEN 0 ELSE 1 END, u.id
  LIMIT 1
$$;

UPDATE enterprises SET service_officer_id = fitting_service_officer(branch_id) WHERE service_officer_id IS NULL;

CREATE FUNCTION enterprises_default_service_officer() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.service_officer_id IS NULL THEN
    NEW.service_officer_id := fitting_service_officer(NEW.branch_id);
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER enterprises_service_officer BEFORE INSERT ON enterprises
  FOR EACH ROW EXECUTE FUNCTION enterprises_default_service_officer();
CREATE INDEX enterprises_service_officer_idx ON enterprises (service_officer_id);

-- A note on a case, from one staff member, addressed to a role, a user, or nobody in particular.
CREATE TABLE case_notes (
  id                 bigserial PRIMARY KEY,
  application_id     text NOT NULL REFERENCES applications (id),
  author_id          text NOT NULL REFERENCES users (id),
  addressee_role     text,
  addressee_user_id  text REFERENCES users (id),
  body               text NOT NULL CHECK (length(body) BETWEEN 1 AND 2000),
  created_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX case_notes_application_idx ON case_notes (application_id, id);
CREATE INDEX case_notes_addressee_role_idx ON case_notes (addressee_role) WHERE addressee_role IS NOT NULL;
CREATE INDEX case_notes_addressee_user_idx ON case_notes (addressee_user_id) WHERE addressee_user_id IS NOT NULL;
