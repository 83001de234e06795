-- Applications and scoped API keys, PostgreSQL flavour. Keep identical in meaning to
-- ../sqlite/V2__applications.sql.
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
  webhook_secret_ciphertext BYTEA,
  -- NULL while there is no webhook secret, so key rotation skips the row
  key_id                    BIGINT,
  -- space-separated event names the webhook receives; '' means every event
  webhook_events            TEXT    NOT NULL DEFAULT '',
  -- JSON list of short labels copied into every event of this application
  tags                      TEXT    NOT NULL DEFAULT '[]',
  created_at                BIGINT  NOT NULL
);
CREATE INDEX applications_key_idx ON applications (key_id);

INSERT INTO applications (id, name, created_at)
VALUES ('default', 'Default', (EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::BIGINT);

-- Keys made before applications existed could read tokens and manage every connection; they keep
-- exactly that (not 'admin', which is new: managing applications and keys over the API).
ALTER TABLE api_keys ADD COLUMN application_id TEXT NOT NULL DEFAULT 'default';
ALTER TABLE api_keys ADD COLUMN scopes TEXT NOT NULL
  DEFAULT 'tokens:read connections:manage connect-sessions:create';
ALTER TABLE api_keys ADD COLUMN expires_at BIGINT;
ALTER TABLE api_keys ADD COLUMN last_used_at BIGINT;
CREATE INDEX api_keys_application_idx ON api_keys (application_id);

ALTER TABLE pending_authorizations ADD COLUMN application_id TEXT NOT NULL DEFAULT 'default';

-- Existing connections belong to 'default'; from now on every insert names its application.
ALTER TABLE connections ADD COLUMN application_id TEXT NOT NULL DEFAULT 'default';
ALTER TABLE connections ALTER COLUMN application_id DROP DEFAULT;
-- The identity key includes the application: two applications may each have an owner 'alice'
-- with the same provider account; one must never update the other's row.
ALTER TABLE connections DROP CONSTRAINT connections_identity;
ALTER TABLE connections ADD CONSTRAINT connections_identity
  UNIQUE (application_id, provider_id, owner, subject, account_id);
DROP INDEX connections_owner_idx;
CREATE INDEX connections_owner_idx ON connections (application_id, owner, created_at);
CREATE INDEX connections_application_idx ON connections (application_id, created_at);
