-- Applications and scoped API keys, SQLite flavour. Keep identical in meaning to
-- ../postgresql/V2__applications.sql.
--
-- An application is one integrating backend: its API keys, the connections created through it,
-- its return URLs and its webhook. Everything that existed before is assigned to the application
-- 'default' created here, so nothing is lost and existing keys keep seeing existing connections.

CREATE TABLE applications (
  id                        TEXT    NOT NULL PRIMARY KEY,
  name                      TEXT    NOT NULL UNIQUE,
  -- allow-listed return URLs for connect sessions, a JSON list of absolute URLs
  return_urls               TEXT    NOT NULL DEFAULT '[]',
  webhook_url               TEXT,
  -- the webhook signing secret, Tink ciphertext (associated data: column + application id)
  webhook_secret_ciphertext BLOB,
  -- NULL while there is no webhook secret, so key rotation skips the row
  key_id                    INTEGER,
  -- space-separated event names the webhook receives; '' means every event
  webhook_events            TEXT    NOT NULL DEFAULT '',
  -- JSON list of short labels copied into every event of this application
  tags                      TEXT    NOT NULL DEFAULT '[]',
  created_at                INTEGER NOT NULL
);
CREATE INDEX applications_key_idx ON applications (key_id);

INSERT INTO applications (id, name, created_at)
VALUES ('default', 'Default', CAST(strftime('%s', 'now') AS INTEGER) * 1000);

-- Keys made before applications existed could read tokens and manage every connection; they keep
-- exactly that (not 'admin', which is new: managing applications and keys over the API).
ALTER TABLE api_keys ADD COLUMN application_id TEXT NOT NULL DEFAULT 'default';
ALTER TABLE api_keys ADD COLUMN scopes TEXT NOT NULL
  DEFAULT 'tokens:read connections:manage connect-sessions:create';
ALTER TABLE api_keys ADD COLUMN expires_at INTEGER;
ALTER TABLE api_keys ADD COLUMN last_used_at INTEGER;
CREATE INDEX api_keys_application_idx ON api_keys (application_id);

ALTER TABLE pending_authorizations ADD COLUMN application_id TEXT NOT NULL DEFAULT 'default';

-- SQLite cannot change a table constraint in place: rebuild connections so that the identity key
-- includes the application (two applications may each have an owner 'alice' with the same provider
-- account; one must never update the other's row).
CREATE TABLE connections_v2 (
  id                 TEXT    NOT NULL PRIMARY KEY,
  application_id     TEXT    NOT NULL,
  provider_id        TEXT    NOT NULL,
  owner              TEXT    NOT NULL,
  subject            TEXT    NOT NULL,
  account_id         TEXT    NOT NULL DEFAULT '',
  account_name       TEXT,
  base_uri           TEXT,
  accounts_json      TEXT    NOT NULL DEFAULT '[]',
  scopes             TEXT    NOT NULL DEFAULT '',
  status             TEXT    NOT NULL CHECK (status IN ('ACTIVE', 'REAUTH_REQUIRED', 'REVOKED')),
  status_reason      TEXT,
  token_ciphertext   BLOB    NOT NULL,
  key_id             INTEGER NOT NULL,
  access_expires_at  INTEGER NOT NULL,
  refresh_expires_at INTEGER,
  version            INTEGER NOT NULL,
  lease_holder       TEXT,
  lease_expires_at   INTEGER,
  created_at         INTEGER NOT NULL,
  updated_at         INTEGER NOT NULL,
  last_refreshed_at  INTEGER,
  CONSTRAINT connections_identity UNIQUE (application_id, provider_id, owner, subject, account_id)
);
INSERT INTO connections_v2 (
  id, application_id, provider_id, owner, subject, account_id, account_name, base_uri,
  accounts_json, scopes, status, status_reason, token_ciphertext, key_id, access_expires_at,
  refresh_expires_at, version, lease_holder, lease_expires_at, created_at, updated_at,
  last_refreshed_at)
SELECT
  id, 'default', provider_id, owner, subject, account_id, account_name, base_uri,
  accounts_json, scopes, status, status_reason, token_ciphertext, key_id, access_expires_at,
  refresh_expires_at, version, lease_holder, lease_expires_at, created_at, updated_at,
  last_refreshed_at
FROM connections;
DROP TABLE connections;
ALTER TABLE connections_v2 RENAME TO connections;
CREATE INDEX connections_due_idx ON connections (access_expires_at) WHERE status = 'ACTIVE';
CREATE INDEX connections_owner_idx ON connections (application_id, owner, created_at);
CREATE INDEX connections_created_idx ON connections (created_at);
CREATE INDEX connections_application_idx ON connections (application_id, created_at);
CREATE INDEX connections_key_idx ON connections (key_id);
