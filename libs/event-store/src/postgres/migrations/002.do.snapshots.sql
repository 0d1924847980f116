-- Snapshots (snapshot-store.ts, postgres-snapshot-store.ts): one row per stream, the newest wins. A cache of folded
-- state, never the source of truth: losing the table loses nothing but load time.
CREATE TABLE snapshots (
  stream   text    PRIMARY KEY,
  key      text    NOT NULL,
  revision integer NOT NULL,
  state    text    NOT NULL
);
