-- What staff record with a result beyond the engine's fields: the requirement checked, notes,
-- who reviews it and by when. All nullable (expand only), so existing rows and API clients
-- that never send them keep working. `updated_at` tells an edited result from a fresh one.
ALTER TABLE compliance_results
  ADD COLUMN requirement text CHECK (char_length(requirement) BETWEEN 1 AND 200),
  ADD COLUMN notes text CHECK (char_length(notes) BETWEEN 1 AND 5000),
  ADD COLUMN reviewer_id uuid REFERENCES users (id) ON DELETE SET NULL,
  ADD COLUMN review_due_on date,
  ADD COLUMN updated_at timestamptz;
-- "Overdue reviews" (dashboard, filter) is a range scan per organisation.
CREATE INDEX compliance_results_review_due_idx
  ON compliance_results (org_id, review_due_on) WHERE review_due_on IS NOT NULL;
