-- The webhook outbox, sqlite flavour. Keep identical in meaning to ../postgresql/V5__webhook_outbox.sql.
--
-- One row per event per webhook endpoint. A row is written when the event happens and deleted only
-- by housekeeping after it ended, so an event survives a restart, and any instance may deliver it:
-- an instance claims a due row by setting a short lease (lease_holder, lease_expires_at) and
-- counting the attempt; only the holder of the current attempt may record its outcome. Instants are
-- UTC epoch milliseconds. No row ever holds a token or a webhook secret: the body is signed when it
-- is sent, with the application's secret of that moment.

CREATE TABLE webhook_outbox (
  id               TEXT    NOT NULL PRIMARY KEY,
  -- the event's id, sent as "id" in the body: the same for every endpoint and every attempt
  event_id         TEXT    NOT NULL,
  application_id   TEXT    NOT NULL,
  endpoint_url     TEXT    NOT NULL,
  event_type       TEXT    NOT NULL,
  connection_id    TEXT,
  -- the JSON body exactly as it is sent (and signed) on every attempt
  payload          TEXT    NOT NULL,
  -- PENDING until delivered (DELIVERED) or given up (FAILED)
  status           TEXT    NOT NULL CHECK (status IN ('PENDING', 'DELIVERED', 'FAILED')),
  attempts         INTEGER NOT NULL DEFAULT 0,
  next_attempt_at  INTEGER  NOT NULL,
  -- a failed attempt after this instant gives the delivery up
  retry_until      INTEGER  NOT NULL,
  lease_holder     TEXT,
  lease_expires_at INTEGER,
  last_attempt_at  INTEGER,
  -- what the last attempt got: "HTTP 503", "connection refused", "timeout" … (never a body)
  last_result      TEXT,
  created_at       INTEGER  NOT NULL,
  finished_at      INTEGER,
  -- one delivery per event per endpoint, whichever instance wrote it
  CONSTRAINT webhook_outbox_event_endpoint UNIQUE (event_id, endpoint_url)
);
-- the claim query: WHERE status = 'PENDING' AND next_attempt_at <= ? ORDER BY next_attempt_at
CREATE INDEX webhook_outbox_due_idx ON webhook_outbox (next_attempt_at) WHERE status = 'PENDING';
-- the API's and the console's view of one application's deliveries, newest first
CREATE INDEX webhook_outbox_application_idx ON webhook_outbox (application_id, status, created_at);
-- housekeeping: rows that ended before a cut-off
CREATE INDEX webhook_outbox_finished_idx ON webhook_outbox (finished_at);
