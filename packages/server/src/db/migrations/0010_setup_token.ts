// One-time setup tokens for the first-run route (POST /admin/setup). A server that starts on
// a database without any user prints a token and keeps only its SHA-256 here, so whichever
// instance the setup request reaches accepts it; creating the first admin deletes them all.
export const sql = `
CREATE TABLE cohort_setup_token (
  token_hash  text PRIMARY KEY,
  created_at  timestamptz(3) NOT NULL DEFAULT now(),
  expires_at  timestamptz(3) NOT NULL
);
`;
