-- Resolving a bearer token runs on every request. As a PL/pgSQL function its plan is prepared once per
-- connection instead of on every call (the three-table join's planning dominated its cost).
CREATE FUNCTION session_user_row(p_token_hash text)
RETURNS TABLE (id text, username text, display_name text, password_hash text, roles text[], authority jsonb, active boolean,
               branch_id text, parent_id text, name_zh text, name_en text, level text)
LANGUAGE plpgsql STABLE AS $$
#variable_conflict use_column
BEGIN
  RETURN QUERY
    SELECT u.id, u.username, u.display_name, ''::text, u.roles, u.authority, u.active,
           b.id, b.parent_id, b.name_zh, b.name_en, b.level
    FROM sessions s
    JOIN users u ON u.id = s.user_id
    JOIN branches b ON b.id = u.branch_id
    WHERE s.token_hash = p_token_hash AND s.revoked_at IS NULL AND s.expires_at > now() AND u.active;
END
$$;
