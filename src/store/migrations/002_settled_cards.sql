-- A subject whose cards can no longer change (denied, canceled, expired) is settled: the reconcile loop
-- stops reading it from Entra. Until then the loop keeps its cards in step with Entra.
ALTER TABLE posted_cards ADD COLUMN settled boolean NOT NULL DEFAULT false;
CREATE INDEX posted_cards_unsettled ON posted_cards (subject_type, subject_id) WHERE NOT settled;
