-- SQLite flavour; keep identical in meaning to ../postgresql/V3. The user behind a connection as the provider named them at consent (userinfo, else the ID
-- token), shown in listings. Not secret, so not encrypted; NULL when the provider gave none.
-- The refresh deadline (the provider's refresh_expires_in) is already kept in refresh_expires_at.
ALTER TABLE connections ADD COLUMN email TEXT;
ALTER TABLE connections ADD COLUMN display_name TEXT;
