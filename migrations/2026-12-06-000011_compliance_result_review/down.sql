DROP INDEX compliance_results_review_due_idx;
ALTER TABLE compliance_results
  DROP COLUMN updated_at,
  DROP COLUMN review_due_on,
  DROP COLUMN reviewer_id,
  DROP COLUMN notes,
  DROP COLUMN requirement;
