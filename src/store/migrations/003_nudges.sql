-- Nudges: each planned nudge goes out once (claimed, sent, marked), whoever runs the loop and however
-- often it crashes; the people the bot cannot reach; and the shared pace of sends per tenant.
-- Times come from the application's Clock (the demo clock in demo mode), except the pacing row, which
-- counts real milliseconds because the connector's rate limits do.

-- One row per nudge key (recipient, subject, kind, window: the planner builds the key).
CREATE TABLE nudge_ledger (
  key                     text        PRIMARY KEY,
  recipient_aad_object_id text        NOT NULL,
  kind                    text        NOT NULL,
  subject_id              text        NOT NULL,
  -- The planning window the key belongs to ('' when the planner names none). `window` is a keyword.
  window_key              text        NOT NULL DEFAULT '',
  state                   text        NOT NULL CHECK (state IN ('claimed', 'sent', 'failed', 'blocked', 'unreachable')),
  -- A random token per claim, so only the holder that claimed can mark the outcome.
  holder_token            text,
  -- 'claimed': when the lease ends (then anyone may take the key over); 'failed': not retried before
  -- this instant (NULL: at the next pass).
  lease_expires_at        timestamptz,
  -- How many times the key was claimed (a takeover after a crash counts).
  attempts                integer     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  last_error              text,
  activity_id             text,
  conversation_id         text,
  created_at              timestamptz NOT NULL,
  updated_at              timestamptz NOT NULL,
  sent_at                 timestamptz,
  CHECK ((state = 'claimed') = (holder_token IS NOT NULL)),
  CHECK (state <> 'claimed' OR lease_expires_at IS NOT NULL),
  CHECK ((state = 'sent') = (sent_at IS NOT NULL))
);
CREATE INDEX nudge_ledger_by_recipient ON nudge_ledger (recipient_aad_object_id, updated_at DESC);
CREATE INDEX nudge_ledger_by_subject ON nudge_ledger (subject_id, kind);

-- People the bot cannot message: 'blocked' (Teams answered 403, e.g. MessageWritesBlocked: send nothing
-- more until they talk to the bot again) or 'unreachable' (installing the app or opening the chat failed;
-- tried again from retry_at). Listed in owners' digests.
CREATE TABLE nudge_reachability (
  aad_object_id text        PRIMARY KEY,
  status        text        NOT NULL CHECK (status IN ('blocked', 'unreachable')),
  reason        text        NOT NULL,
  retry_at      timestamptz,
  -- When the current status was first recorded (kept while it lasts).
  since         timestamptz NOT NULL,
  updated_at    timestamptz NOT NULL,
  CHECK (status = 'unreachable' OR retry_at IS NULL)
);
CREATE INDEX nudge_reachability_by_status ON nudge_reachability (status, since DESC);

-- The shared send schedule of one scope (a tenant): every process reserves its next slot here, so the
-- ceiling holds for the tenant however many bot instances send. Generic cell rate algorithm state, in
-- milliseconds since the epoch (wall time).
CREATE TABLE nudge_pacing (
  scope           text             PRIMARY KEY,
  -- Theoretical arrival time: the next slot, were the schedule kept without bursts.
  tat_ms          double precision NOT NULL,
  -- No slot before this instant (a 429's Retry-After).
  paused_until_ms double precision NOT NULL DEFAULT 0,
  -- The slot handed out by the latest reservation.
  last_slot_ms    double precision NOT NULL DEFAULT 0
);
