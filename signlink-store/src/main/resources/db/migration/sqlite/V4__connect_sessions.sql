-- Connect sessions, sqlite flavour. Keep identical in meaning to the other folder's V4.
-- A connect session is created by an application's backend (with an API key) for one end user; its
-- token is handed to the browser in a connect URL and is single use. Only the SHA-256 of the token
-- is stored (hex), so a database leak reveals no usable token. Instants are UTC epoch milliseconds.
-- application_id is plain text on purpose: it names an application without depending on how
-- applications are stored.

CREATE TABLE connect_sessions (
  id                      TEXT    NOT NULL PRIMARY KEY,
  token_hash              TEXT    NOT NULL UNIQUE,
  application_id          TEXT    NOT NULL,
  owner                   TEXT    NOT NULL,
  email                   TEXT,
  display_name            TEXT,
  -- JSON object of string tags, '{}' when none
  tags                    TEXT    NOT NULL DEFAULT '{}',
  -- space-separated provider ids the user may pick from
  allowed_providers       TEXT    NOT NULL,
  return_url              TEXT,
  -- set for a reconnect session: the one connection it re-consents
  connection_id           TEXT,
  allow_different_subject INTEGER NOT NULL DEFAULT 0 CHECK (allow_different_subject IN (0, 1)),
  created_at              INTEGER NOT NULL,
  -- at most 30 minutes after created_at (enforced by the store)
  expires_at              INTEGER NOT NULL,
  used_at                 INTEGER
);
CREATE INDEX connect_sessions_expiry_idx ON connect_sessions (expires_at);
