// Member imports classify each staged batch as it is written (issue 14):
//
// - IDX_customer_email_lower: the import matches emails case-insensitively, one index lookup
//   per staged row (without it, each batch would read every customer).
// - IDX_cohort_import_row_outcome is dropped: every staged row paid for its entry, and the
//   apply now reads the ids of one outcome sorted once, through a cursor, instead of paging
//   by this index; the report and the examples page by the primary key (job_id, line).
export const sql = `
CREATE INDEX "IDX_customer_email_lower" ON customer (lower(email)) WHERE deleted_at IS NULL;
DROP INDEX "IDX_cohort_import_row_outcome";
`;
