-- The API's own tables in the production profile (EVENT_STORE=postgres), beside the event store's, shared by every
-- replica: the idempotency records (common/idempotency) and the password hashes (auth/credential.store.ts). The same
-- columns as their SQLite tables; times are epoch milliseconds, as there. Run by postgrator as the set `api`
-- (version table api_schema_version), under the schema's migration lock (libs/event-store postgres-schema.ts).
CREATE TABLE idempotency_keys (
  user_id       text    NOT NULL,
  key           text    NOT NULL,
  method        text    NOT NULL,
  path          text    NOT NULL,
  body_hash     text    NOT NULL,
  state         text    NOT NULL CHECK (state IN ('pending', 'done')),
  status        integer,
  headers       text,
  body          text,
  created_at    bigint  NOT NULL,
  head_position bigint,
  PRIMARY KEY (user_id, key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);

CREATE TABLE user_credentials (
  user_id       text    NOT NULL,
  event_id      text    NOT NULL,
  password_hash text    NOT NULL,
  created_at    bigint  NOT NULL,
  PRIMARY KEY (user_id, event_id)
);
