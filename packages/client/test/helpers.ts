import { expect } from "vitest";
import { CohortError } from "@cohort/client";

export const ISO = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
export const RESPONSE_200 = expect.objectContaining({ status: 200 });

/** The CohortError a call rejects with (fails the test if it resolves). */
export async function failure(promise: Promise<unknown>): Promise<CohortError> {
  const err = await promise.then(
    () => new Error("expected the call to fail, it succeeded"),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CohortError);
  return err as CohortError;
}
