-- The bank's organisation, its staff and their sessions.
CREATE TABLE branches (
  id         text PRIMARY KEY,
  parent_id  text REFERENCES branches (id),
  -- Materialised path ('HO.SH.SH-PD'): a branch's sub-tree is `path LIKE parent.path || '%'`.
  path       text NOT NULL UNIQUE,
  name_zh    text NOT NULL,
  name_en    text NOT NULL,
  level      text NOT NULL CHECK (level IN ('head_office', 'branch', 'sub_branch'))
);

CREATE TABLE users (
  id            text PRIMARY KEY,
  username      text NOT NULL UNIQUE,
  display_name  text NOT NULL,
  password_hash text NOT NULL,
  roles         text[] NOT NULL,
  branch_id     text NOT NULL REFERENCES branches (id),
  -- Maximum approval amount in fen per grade, e.g. {"A": 300000000, ...}; NULL approves nothing.
  authority     jsonb,
  active        boolean NOT NULL DEFAULT true,
  created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE sessions (
  token_hash  text PRIMARY KEY,
  user_id     text NOT NULL REFERENCES users (id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  revoked_at  timestamptz
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

-- Facts about this database (e.g. which seed made it).
CREATE TABLE meta (
  key   text PRIMARY KEY,
  value text NOT NULL
);
