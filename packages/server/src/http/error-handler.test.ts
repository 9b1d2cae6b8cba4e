import { describe, expect, it } from "vitest";
import { conflict, DomainError, duplicate, invalidData, notAllowed, notFound, tooManyRequests } from "../shared/errors.js";
import { toErrorResponse } from "./error-handler.js";

const pg = (fields: Record<string, unknown>) => Object.assign(new Error(String(fields.message ?? "pg")), { severity: "ERROR", ...fields });

describe("toErrorResponse: v1's error table", () => {
  it.each([
    [invalidData("name must be a string"), 400, { type: "invalid_data", message: "name must be a string" }],
    [notAllowed("nope"), 400, { type: "not_allowed", message: "nope" }],
    [notFound("CustomerGroup with id x was not found"), 404, { type: "not_found", message: "CustomerGroup with id x was not found" }],
    [duplicate("Key (name)=(VIP) already exists."), 422, { type: "duplicate_error", code: "invalid_request_error", message: "Key (name)=(VIP) already exists." }],
    [conflict("in use"), 409, { type: "conflict", code: "invalid_state_error", message: "in use" }],
    [tooManyRequests("slow down", 60), 429, { type: "too_many_requests", message: "slow down" }],
    [new DomainError("unexpected_state", "broken"), 500, { type: "unexpected_state", message: "broken" }],
  ])("maps %s", (err, status, body) => {
    expect(toErrorResponse(err)).toMatchObject({ status, body });
    expect(toErrorResponse(err).body).toEqual(body);
  });

  it("hides anything else behind unknown_error", () => {
    expect(toErrorResponse(new TypeError("x is undefined"))).toEqual({
      status: 500,
      unexpected: true,
      body: { code: "unknown_error", type: "unknown_error", message: "An unknown error occurred." },
    });
  });
});

describe("toErrorResponse: PostgreSQL errors", () => {
  it("turns 23505 into v1's duplicate message, table capitalised on its first letter", () => {
    const res = toErrorResponse(pg({ code: "23505", table: "customer_group", detail: "Key (name)=(VIP) already exists." }));
    expect(res).toMatchObject({ status: 422, body: { type: "duplicate_error", code: "invalid_request_error", message: "Customer_group with name VIP already exists." } });
  });

  it("turns 23503 into not_found naming the referenced table", () => {
    const res = toErrorResponse(
      pg({
        code: "23503",
        table: "customer_group_customers",
        detail: 'Key (customer_group_id)=(fake-group-0) is not present in table "customer_group".',
      }),
    );
    expect(res).toMatchObject({ status: 404, body: { type: "not_found", message: "Customer_group with customer_group_id fake-group-0 does not exist." } });
  });

  it.each([
    ["23502", 400, "invalid_data"],
    ["22021", 400, "invalid_data"],
    ["22P05", 400, "invalid_data"],
    ["22003", 400, "invalid_data"],
    ["22008", 400, "invalid_data"],
    ["40001", 409, "conflict"],
    ["40P01", 409, "conflict"],
  ])("maps SQLSTATE %s to %i %s", (code, status, type) => {
    expect(toErrorResponse(pg({ code }))).toMatchObject({ status, body: { type } });
  });

  it.each([
    ["pg_terminate_backend (57P01)", pg({ code: "57P01", severity: "FATAL", message: "terminating connection due to administrator command" })],
    ["a crash shutdown (57P02)", pg({ code: "57P02", severity: "FATAL" })],
    ["a server starting up (57P03)", pg({ code: "57P03", severity: "FATAL" })],
    ["too many connections (53300)", pg({ code: "53300", severity: "FATAL" })],
    ["a connection exception (08006)", pg({ code: "08006" })],
    ["a refused connection", Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" })],
    ["a refused connection to every address", Object.assign(new AggregateError([Object.assign(new Error("x"), { code: "ECONNREFUSED" })]), {})],
    ["a reset connection", Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" })],
    ["a connection that ended mid-query", new Error("Connection terminated unexpectedly")],
    ["a client that died earlier", new Error("Client has encountered a connection error and is not queryable")],
    ["a pool connect timeout", new Error("timeout exceeded when trying to connect")],
  ])("answers %s with 503 database_unavailable and Retry-After", (_name, err) => {
    expect(toErrorResponse(err)).toEqual({
      status: 503,
      unexpected: false,
      retryAfter: 2,
      body: { type: "database_unavailable", message: "The database is unavailable. Try again shortly." },
    });
  });

  it("does not expose other database errors", () => {
    expect(toErrorResponse(pg({ code: "42P01", message: 'relation "x" does not exist' }))).toMatchObject({ status: 500, body: { type: "unknown_error" } });
  });
});
