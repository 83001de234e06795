-- SignLink vault schema, PostgreSQL flavour. Keep identical in meaning to ../sqlite/V1__vault_schema.sql.
-- Every instant is UTC epoch milliseconds in a BIGINT: never a timezone-dependent type
-- (providers.md pain point #7). Token material is only ever stored as Tink ciphertext.

CREATE TABLE connections (
  id                 TEXT    NOT NULL PRIMARY KEY,
  provider_id        TEXT    NOT NULL,
  owner              TEXT    NOT NULL,
  subject            TEXT    NOT NULL,
  -- '' when the provider has no account notion, so the identity key below has no NULLs
  account_id         TEXT    NOT NULL DEFAULT '',
  account_name       TEXT,
  base_uri           TEXT,
  accounts_json      TEXT    NOT NULL DEFAULT '[]',
  scopes             TEXT    NOT NULL DEFAULT '',
  status             TEXT    NOT NULL CHECK (status IN ('ACTIVE', 'REAUTH_REQUIRED', 'REVOKED')),
  status_reason      TEXT,
  token_ciphertext   BYTEA   NOT NULL,
  key_id             BIGINT  NOT NULL,
  access_expires_at  BIGINT  NOT NULL,
  refresh_expires_at BIGINT,
  version            BIGINT  NOT NULL,
  lease_holder       TEXT,
  lease_expires_at   BIGINT,
  created_at         BIGINT  NOT NULL,
  updated_at         BIGINT  NOT NULL,
  last_refreshed_at  BIGINT,
  -- one row per (provider, owner, subject, account): a second account is a second row
  -- (providers.md pain point #8), reconnecting the same account updates the row
  CONSTRAINT connections_identity UNIQUE (provider_id, owner, subject, account_id)
);
-- the background refresher's due query: WHERE status = 'ACTIVE' AND access_expires_at < ?
CREATE INDEX connections_due_idx ON connections (access_expires_at) WHERE status = 'ACTIVE';
CREATE INDEX connections_owner_idx ON connections (owner, created_at);
CREATE INDEX connections_created_idx ON connections (created_at);
CREATE INDEX connections_key_idx ON connections (key_id);

CREATE TABLE pending_authorizations (
  -- SHA-256 of the state, hex: the raw state is never stored (checklist #5, #71)
  state_hash          TEXT    NOT NULL PRIMARY KEY,
  provider_id         TEXT    NOT NULL,
  issuer              TEXT,
  owner               TEXT    NOT NULL,
  redirect_uri        TEXT    NOT NULL,
  verifier_ciphertext BYTEA   NOT NULL,
  nonce_ciphertext    BYTEA,
  key_id              BIGINT  NOT NULL,
  browser_binding     TEXT,
  return_to           TEXT,
  created_at          BIGINT  NOT NULL,
  expires_at          BIGINT  NOT NULL
);
CREATE INDEX pending_authorizations_expiry_idx ON pending_authorizations (expires_at);
CREATE INDEX pending_authorizations_key_idx ON pending_authorizations (key_id);

CREATE TABLE api_keys (
  id         TEXT    NOT NULL PRIMARY KEY,
  name       TEXT    NOT NULL,
  prefix     TEXT    NOT NULL,
  key_hash   TEXT    NOT NULL UNIQUE,
  created_at BIGINT  NOT NULL,
  revoked_at BIGINT
);
CREATE INDEX api_keys_prefix_idx ON api_keys (prefix);

CREATE TABLE events (
  id            BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  connection_id TEXT    NOT NULL,
  type          TEXT    NOT NULL,
  provider_id   TEXT,
  owner         TEXT,
  at            BIGINT  NOT NULL,
  detail        TEXT
);
CREATE INDEX events_connection_idx ON events (connection_id, id);

-- A known value encrypted when the database is created: on open it must decrypt, or the keyset
-- is not the one this database was written with and SignLink refuses to start (checklist #70).
CREATE TABLE key_check (
  id         INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
  ciphertext BYTEA   NOT NULL,
  key_id     BIGINT  NOT NULL,
  created_at BIGINT  NOT NULL
);
