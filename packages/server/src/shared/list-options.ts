// The typed list options a route hands a service (and a service a repository), once the
// query string has been parsed (http/list-params.ts): no layer below http reads a query
// string.

/** One ORDER BY column; the routes allow-list the columns. */
export interface OrderBy {
  column: string;
  direction: "asc" | "desc";
}

/** A date comparison's operator (`created_at[gt]=…` is `>`). */
export type DateOp = "<" | ">" | "<=" | ">=";

/** A parsed v1 date filter: every comparison must hold. */
export type DateComparisons = Array<[DateOp, Date]>;
