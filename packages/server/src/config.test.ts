import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.js";

describe("loadConfig", () => {
  it("has the documented defaults", () => {
    const config = loadConfig({}, "/srv/cohort");
    expect(config).toMatchObject({
      env: "development",
      port: 9000,
      host: "127.0.0.1",
      databaseUrl: undefined,
      dataDir: path.resolve("/srv/cohort/.cohort/data"),
      loginMaxFailures: 10,
      passwordLogN: 15,
    });
    expect(config.generatedSecrets).toEqual(["JWT_SECRET", "COOKIE_SECRET"]);
    expect(config.jwtSecret).toMatch(/^[0-9a-f]{64}$/);
  });

  it("reads the environment", () => {
    const config = loadConfig({ PORT: "7000", HOST: "0.0.0.0", DATABASE_URL: "postgres://u@h/db", JWT_SECRET: "j", COOKIE_SECRET: "c", COHORT_DATA_DIR: "/data" });
    expect(config).toMatchObject({ port: 7000, host: "0.0.0.0", databaseUrl: "postgres://u@h/db", jwtSecret: "j", cookieSecret: "c", dataDir: "/data" });
    expect(config.generatedSecrets).toEqual([]);
  });

  it("resolves a relative COHORT_DATA_DIR against npm's INIT_CWD (where the user ran npm), else the working directory", () => {
    expect(loadConfig({ INIT_CWD: "/home/me/shop" }, "/home/me/shop/packages/server").dataDir).toBe(path.resolve("/home/me/shop/.cohort/data"));
    expect(loadConfig({ INIT_CWD: "/home/me/shop", COHORT_DATA_DIR: "db" }, "/elsewhere").dataDir).toBe(path.resolve("/home/me/shop/db"));
    expect(loadConfig({ COHORT_DATA_DIR: "db" }, "/elsewhere").dataDir).toBe(path.resolve("/elsewhere/db"));
    expect(loadConfig({ INIT_CWD: "/home/me/shop", COHORT_DATA_DIR: "/var/lib/cohort" }, "/x").dataDir).toBe("/var/lib/cohort");
  });

  it("reads the first admin and the metrics token", () => {
    expect(loadConfig({}).firstAdmin).toBeUndefined();
    expect(loadConfig({ COHORT_ADMIN_EMAIL: "a@b.co", COHORT_ADMIN_PASSWORD: "pw" }).firstAdmin).toEqual({ email: "a@b.co", password: "pw", apiToken: undefined });
    expect(loadConfig({ COHORT_ADMIN_EMAIL: "a@b.co", COHORT_ADMIN_PASSWORD: "pw", COHORT_ADMIN_API_TOKEN: "t" }).firstAdmin?.apiToken).toBe("t");
    expect(loadConfig({ METRICS_TOKEN: "m" }).metricsToken).toBe("m");
    expect(loadConfig({}).metricsToken).toBeUndefined();
  });

  it("reads the deploy-safety settings", () => {
    expect(loadConfig({})).toMatchObject({
      trustProxy: false,
      maxPageSize: 1000,
      batchMaxIds: 100_000,
      batchConcurrency: 2,
      publicBodyLimit: 64 * 1024,
      pgAcquireTimeoutMs: 5000,
    });
    expect(loadConfig({ TRUST_PROXY: "true" }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: "2" }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: "10.0.0.0/8, 127.0.0.1" }).trustProxy).toEqual(["10.0.0.0/8", "127.0.0.1"]);
    expect(loadConfig({ DATABASE_URL: "postgres://h/?database=cohort" }).databaseUrl).toBe("postgres://h/?database=cohort");
    expect(loadConfig({ DATABASE_URL: "postgres:///cohort?host=/var/run/postgresql" }).databaseUrl).toBeDefined();
  });

  it.each([
    [{ COHORT_ADMIN_EMAIL: "a@b.co" }, "COHORT_ADMIN_EMAIL and COHORT_ADMIN_PASSWORD must be set together"],
    [{ COHORT_ADMIN_PASSWORD: "pw" }, "COHORT_ADMIN_EMAIL and COHORT_ADMIN_PASSWORD must be set together"],
    [{ COHORT_ADMIN_API_TOKEN: "t" }, "COHORT_ADMIN_API_TOKEN needs COHORT_ADMIN_EMAIL"],
    [{ PORT: "http" }, "PORT must be an integer from 0 to 65535"],
    [{ PORT: "70000" }, "PORT must be an integer from 0 to 65535"],
    [{ DATABASE_URL: "mysql://x" }, "DATABASE_URL must start with postgres://"],
    [{ DATABASE_URL: "postgres://postgres@127.0.0.1:5432" }, "DATABASE_URL must name a database"],
    [{ DATABASE_URL: "postgresql://u:p@db.example.com/" }, "DATABASE_URL must name a database"],
    [{ TRUST_PROXY: "yes please" }, "TRUST_PROXY must be true, false, a hop count or a list of addresses/CIDRs"],
    [{ MAX_PAGE_SIZE: "50" }, "MAX_PAGE_SIZE must be an integer from 100 to 1000000"],
    [{ NODE_ENV: "prod" }, "NODE_ENV must be one of"],
    [{ NODE_ENV: "production" }, "JWT_SECRET must be set in production"],
  ])("refuses %j", (env, message) => {
    expect(() => loadConfig(env)).toThrowError(ConfigError);
    expect(() => loadConfig(env)).toThrowError(message);
  });
});
