-- The hosts a provider's redirect named for a connection, postgresql flavour. Keep identical in meaning to
-- ../sqlite/V6__connection_callback_values.sql.
--
-- Acrobat Sign names the account's shard (api_access_point), Zoho Sign the user's data centre
-- (location, accounts-server); the connection's refreshes, revocation and API calls go there.
-- A JSON object of the checked, canonical values ({"api_access_point": "https://api.eu1..."}),
-- NULL for providers whose redirect names none. Not secret (host names), so not encrypted; every
-- value is checked against the provider definition's allow-list again before it is used, so a
-- changed row cannot send a token elsewhere (docs/SECURITY.md §callback-hosts).
ALTER TABLE connections ADD COLUMN callback_values TEXT;
