-- The bot's own state: only what Entra has no place for ("Entra is the truth" in the design notes).
-- Times are always written by the application (its Clock), never by now(): in demo mode the bot runs on
-- the demo tenant's clock. Keep to SQL that PostgreSQL 13+ and PGlite both accept.

-- Bot Framework conversation references, to message people proactively in their personal chat.
CREATE TABLE conversation_references (
  tenant_id       text        NOT NULL,
  aad_object_id   text        NOT NULL,
  conversation_id text        NOT NULL,
  reference       jsonb       NOT NULL CHECK (jsonb_typeof(reference) = 'object'),
  created_at      timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, aad_object_id)
);

-- Every card the bot posted: which message shows which subject to whom, and a hash of what it shows.
CREATE TABLE posted_cards (
  subject_type            text        NOT NULL,
  subject_id              text        NOT NULL,
  -- '' stands for "no stage": a NULL would let duplicates past the primary key (NULLS NOT DISTINCT is PostgreSQL 15+).
  stage_id                text        NOT NULL DEFAULT '',
  recipient_aad_object_id text        NOT NULL,
  role                    text        NOT NULL,
  activity_id             text        NOT NULL,
  conversation_id         text        NOT NULL,
  card_hash               text        NOT NULL,
  created_at              timestamptz NOT NULL,
  updated_at              timestamptz NOT NULL,
  PRIMARY KEY (subject_type, subject_id, stage_id, recipient_aad_object_id, role)
);
-- A click arrives with the conversation and the activity it was made on.
CREATE INDEX posted_cards_by_activity ON posted_cards (conversation_id, activity_id);

-- Claims that make an action happen once: a repeated Teams invoke, later a nudge send.
CREATE TABLE idempotency_keys (
  key              text        PRIMARY KEY,
  -- A random token per claim, so only the holder that claimed can complete or release.
  holder_token     text        NOT NULL,
  claimed_at       timestamptz NOT NULL,
  lease_expires_at timestamptz NOT NULL,
  completed_at     timestamptz,
  result           jsonb,
  CHECK ((completed_at IS NULL) = (result IS NULL))
);
CREATE INDEX idempotency_keys_completed ON idempotency_keys (completed_at) WHERE completed_at IS NOT NULL;

-- Who did what to which Entra object, and how it ended. Append-only (see the trigger below).
CREATE TABLE audit_trail (
  id                  bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  occurred_at         timestamptz NOT NULL,
  actor_aad_object_id text,       -- NULL when the bot acted on its own (reconcile, expiry)
  action              text        NOT NULL CHECK (action <> ''),
  subject_type        text,
  subject_id          text,
  outcome             text        NOT NULL CHECK (outcome IN ('ok', 'failed', 'refused')),
  reason              text,
  details             jsonb       NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(details) = 'object'),
  conversation_id     text,
  activity_id         text,
  CHECK ((subject_type IS NULL) = (subject_id IS NULL))
);
CREATE INDEX audit_trail_by_subject ON audit_trail (subject_type, subject_id, occurred_at DESC, id DESC);
CREATE INDEX audit_trail_by_actor ON audit_trail (actor_aad_object_id, occurred_at DESC, id DESC);

-- An audit trail that can be edited proves nothing. Removing old entries on purpose needs the table
-- owner to disable these triggers, which is itself visible.
CREATE FUNCTION audit_trail_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_trail is append-only: % is refused', TG_OP
    USING HINT = 'Record a correction as a new entry instead.';
END;
$$;
CREATE TRIGGER audit_trail_no_update_or_delete
  BEFORE UPDATE OR DELETE ON audit_trail
  FOR EACH ROW EXECUTE FUNCTION audit_trail_refuse_change();
CREATE TRIGGER audit_trail_no_truncate
  BEFORE TRUNCATE ON audit_trail
  FOR EACH STATEMENT EXECUTE FUNCTION audit_trail_refuse_change();

-- MSAL's delegated-token cache, sealed with AES-256-GCM by the application: the database sees ciphertext only.
CREATE TABLE token_cache (
  cache_key  text        PRIMARY KEY,
  sealed     bytea       NOT NULL,
  updated_at timestamptz NOT NULL
);

-- Per-person settings such as quiet hours and snoozes; their meaning belongs to the domain.
CREATE TABLE preferences (
  aad_object_id text        PRIMARY KEY,
  preferences   jsonb       NOT NULL CHECK (jsonb_typeof(preferences) = 'object'),
  updated_at    timestamptz NOT NULL
);
