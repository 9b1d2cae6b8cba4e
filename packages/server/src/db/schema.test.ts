import path from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "kysely";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDb, type TestDb } from "../../test/harness.js";

/**
 * Tables the migrations create that the application never queries through Kysely (so
 * they are not in db/schema.ts): migration bookkeeping and trigger-only state.
 */
const UNTYPED_TABLES = ["cohort_migration", "cohort_catalog_dirty"];

interface TypedColumn {
  nullable: boolean;
}

/**
 * The tables and columns db/schema.ts declares (the `DB` interface), read with the
 * TypeScript checker: a column is nullable when its select type (a ColumnType's
 * `__select__`, else the type itself) admits null.
 */
function typedSchema(): Map<string, Map<string, TypedColumn>> {
  const file = path.join(path.dirname(fileURLToPath(import.meta.url)), "schema.ts");
  const program = ts.createProgram([file], { strict: true, noEmit: true, skipLibCheck: true, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file)!;
  const db = source.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === "DB")!;
  const tables = new Map<string, Map<string, TypedColumn>>();
  const admitsNull = (type: ts.Type): boolean =>
    (type.flags & ts.TypeFlags.Null) !== 0 || (type.isUnion() && type.types.some((t) => (t.flags & ts.TypeFlags.Null) !== 0));
  for (const table of checker.getTypeAtLocation(db).getProperties()) {
    const columns = new Map<string, TypedColumn>();
    const tableType = checker.getTypeOfSymbolAtLocation(table, db);
    for (const column of tableType.getProperties()) {
      const type = checker.getTypeOfSymbolAtLocation(column, db);
      const select = type.getProperty("__select__");
      columns.set(column.name, { nullable: admitsNull(select ? checker.getTypeOfSymbolAtLocation(select, db) : type) });
    }
    tables.set(table.name, columns);
  }
  return tables;
}

let t: TestDb;
beforeAll(async () => {
  t = await openTestDb();
}, 60_000);
afterAll(() => t?.close());

describe("db/schema.ts", () => {
  it("declares exactly the migrated database's tables and columns, with their nullability", async () => {
    const { rows } = await sql<{ table_name: string; column_name: string; is_nullable: "YES" | "NO" }>`
      SELECT c.table_name, c.column_name, c.is_nullable
      FROM information_schema.columns c
      JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
      WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'`.execute(t.handle.db);
    const migrated = new Map<string, Record<string, string>>();
    for (const r of rows) {
      if (UNTYPED_TABLES.includes(r.table_name)) continue;
      const table = migrated.get(r.table_name) ?? {};
      table[r.column_name] = r.is_nullable === "YES" ? "nullable" : "not null";
      migrated.set(r.table_name, table);
    }
    const typed = new Map<string, Record<string, string>>();
    for (const [table, columns] of typedSchema()) {
      typed.set(table, Object.fromEntries([...columns].map(([name, c]) => [name, c.nullable ? "nullable" : "not null"])));
    }
    const sorted = (m: Map<string, Record<string, string>>) =>
      Object.fromEntries([...m.keys()].sort().map((k) => [k, Object.fromEntries(Object.entries(m.get(k)!).sort(([a], [b]) => a.localeCompare(b)))]));
    expect(sorted(typed)).toEqual(sorted(migrated));
  }, 60_000);
});
