import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { migrations } from "./index.js";

/** SHA-256 of each shipped migration's SQL. A shipped migration never changes (README.md). */
const SHIPPED: Record<number, string> = {
  1: "1b27a0c2a2c322ad652f6585dd1d006818ae176e7c1dada42e879e4e63b478d2",
  2: "9ea2ab5fbd7e2290e84782cfea00672d972caf44c34af404fbab11f61453f653",
  6: "5357c4ab9c9688e9581eca0e4dfdb0ce98c8be048a438a621fa00424debde9a2",
  7: "b9b1566cb07da83a12d7ebc0335c223643ee67b40bc4faf135044fa2ff4cb23b",
  8: "1f3df16b095e197af32a37a9524074cd740aebb5bc1021b09c51fc10e84eb92b",
  10: "ba36aa98a1d54bcef11b61f634b00d8e762b59c2ac26ff0c5268f4d3ea14bafc",
  11: "b591a803707c4913d142f1e27d0276d5e0dfb4a6b8879c872a37907b4e0c93bf",
  12: "3bfa2a643d00161d553a0e6d8b54298106a0dcfa248d30c80cbcc42157c68979",
  14: "a98c23e1e6fec24e1a610c062865b6595c8caec85b04fda5e4571972a2ae3ff6",
  15: "6c86679934fc0e7616610fcdb33ed70ab8af95f1e170ff64aea1a86b050ef858",
};

describe("shipped migrations", () => {
  it("keep their SQL byte for byte", () => {
    const actual = Object.fromEntries(migrations.filter((m) => m.version in SHIPPED).map((m) => [m.version, createHash("sha256").update(m.sql).digest("hex")]));
    expect(actual).toEqual(SHIPPED);
  });

  it("are applied in increasing version order", () => {
    const versions = migrations.map((m) => m.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(versions.length);
  });
});
