-- The PostgreSQL event store's tables (postgres-schema.ts runs this with postgrator, under an advisory lock, with the
-- store's schema first on the search_path).
--
-- data and metadata are the canonical JSON text the hash chain was computed over, kept byte for byte (text, not
-- jsonb: jsonb would reorder keys and rewrite numbers, and `verify` recomputes the chain from the stored form).
CREATE TABLE events (
  position bigint  PRIMARY KEY,
  id       text    NOT NULL UNIQUE,
  stream   text    NOT NULL,
  revision integer NOT NULL,
  type     text    NOT NULL,
  data     text    NOT NULL,
  metadata text    NOT NULL,
  UNIQUE (stream, revision)
);
-- Followers that want a few kinds of event read them by type instead of scanning the log.
CREATE INDEX events_by_type ON events (type, position);

-- The global position counter: one row, locked by every append for the length of its transaction, so appends commit
-- one after another in position order and a reader never sees position n+1 before n (see postgres.event-store.ts).
CREATE TABLE event_log_head (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  position  bigint  NOT NULL
);
INSERT INTO event_log_head (singleton, position) VALUES (true, 0);
