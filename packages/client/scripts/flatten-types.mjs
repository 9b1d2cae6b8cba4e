// Makes the emitted declarations self-contained, so the packed client type-checks in a project
// that has neither @cohort/contract nor @sinclair/typebox. In the sources every request and
// response type is derived from the API's TypeBox schemas in @cohort/contract
// (`Res<typeof S.User>`, so it cannot drift); here each such alias in dist/*.d.ts is replaced
// by the plain object type the compiler resolves it to, and the two imports go. Runs after
// `tsc -p tsconfig.build.json`.
//
// @cohort/contract ships TypeScript sources, not declarations, and is not published: the
// client's users get these flattened types instead of a dependency on it.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dist = path.join(root, "dist");
const ALIAS = /^export type (\w+) = (?:Res|Req|Query)<typeof S\.\w+>;$/;
const SCHEMAS_IMPORT = 'import type * as S from "@cohort/contract";';
const TYPEBOX_IMPORT = 'import type { Static, TSchema } from "@sinclair/typebox";';
// What the client's generic helpers need of TypeBox, structurally (a TypeBox schema fits it).
const TYPEBOX_SHIM = "type TSchema = { static: unknown };\ntype Static<T extends TSchema> = T[\"static\"];";

const configPath = path.join(root, "tsconfig.build.json");
const { config } = ts.readConfigFile(configPath, ts.sys.readFile);
const parsed = ts.parseJsonConfigFileContent(config, ts.sys, root);
const program = ts.createProgram(parsed.fileNames, { ...parsed.options, noEmit: true });
const checker = program.getTypeChecker();

const isIdentifier = (name) => /^[A-Za-z_$][\w$]*$/.test(name);

function print(type, depth = 0) {
  if (depth > 40) throw new Error(`type too deep: ${checker.typeToString(type)}`);
  const f = type.flags;
  if (f & ts.TypeFlags.Any) return "any";
  if (f & ts.TypeFlags.Unknown) return "unknown";
  if (f & ts.TypeFlags.Never) return "never";
  if (f & ts.TypeFlags.String) return "string";
  if (f & ts.TypeFlags.Number) return "number";
  if (f & ts.TypeFlags.BigInt) return "bigint";
  if (f & ts.TypeFlags.Boolean) return "boolean";
  if (f & ts.TypeFlags.Null) return "null";
  if (f & ts.TypeFlags.Undefined) return "undefined";
  if (f & ts.TypeFlags.Void) return "void";
  if (f & ts.TypeFlags.StringLiteral) return JSON.stringify(type.value);
  if (f & ts.TypeFlags.NumberLiteral) return String(type.value);
  if (f & ts.TypeFlags.BooleanLiteral) return type.intrinsicName;
  if (type.isUnion()) {
    let members = type.types;
    const hasTrue = members.some((t) => t.flags & ts.TypeFlags.BooleanLiteral && t.intrinsicName === "true");
    const hasFalse = members.some((t) => t.flags & ts.TypeFlags.BooleanLiteral && t.intrinsicName === "false");
    const parts = [];
    if (hasTrue && hasFalse) {
      members = members.filter((t) => !(t.flags & ts.TypeFlags.BooleanLiteral));
      parts.push("boolean");
    }
    parts.unshift(...members.map((t) => wrap(t, depth)));
    return [...new Set(parts)].join(" | ");
  }
  if (checker.isArrayType(type)) return `Array<${print(checker.getTypeArguments(type)[0], depth + 1)}>`;
  if (checker.isTupleType(type)) return `[${checker.getTypeArguments(type).map((t) => print(t, depth + 1)).join(", ")}]`;
  if (type.getSymbol()?.getName() === "Date") return "Date";
  if (f & ts.TypeFlags.Object || type.isIntersection()) {
    if (type.getCallSignatures().length || type.getConstructSignatures().length) throw new Error(`unexpected function type: ${checker.typeToString(type)}`);
    const members = [];
    for (const info of checker.getIndexInfosOfType(type)) members.push(`[key: ${print(info.keyType, depth + 1)}]: ${print(info.type, depth + 1)};`);
    for (const prop of checker.getPropertiesOfType(type)) {
      const optional = (prop.flags & ts.SymbolFlags.Optional) !== 0;
      let propType = checker.getTypeOfSymbol(prop);
      if (optional && propType.isUnion()) {
        const defined = propType.types.filter((t) => !(t.flags & ts.TypeFlags.Undefined));
        propType = defined.length === 1 ? defined[0] : propType;
        if (defined.length !== 1) {
          const text = defined.map((t) => wrap(t, depth + 1));
          members.push(`${key(prop.getName())}?: ${text.join(" | ")};`);
          continue;
        }
      }
      members.push(`${key(prop.getName())}${optional ? "?" : ""}: ${print(propType, depth + 1)};`);
    }
    return members.length ? `{ ${members.join(" ")} }` : "{}";
  }
  throw new Error(`cannot print type: ${checker.typeToString(type)}`);
}

/** A union member, parenthesised when it is itself a union. */
const wrap = (t, depth) => {
  const text = print(t, depth + 1);
  return t.isUnion() ? `(${text})` : text;
};
const key = (name) => (isIdentifier(name) ? name : JSON.stringify(name));

let replaced = 0;
for (const sourceFile of program.getSourceFiles()) {
  if (!sourceFile.fileName.startsWith(path.join(root, "src") + path.sep)) continue;
  const rel = path.relative(path.join(root, "src"), sourceFile.fileName).replace(/\.ts$/, ".d.ts");
  const dtsPath = path.join(dist, rel);
  if (!fs.existsSync(dtsPath)) continue;
  const resolved = new Map();
  for (const statement of sourceFile.statements) {
    if (ts.isTypeAliasDeclaration(statement) && ALIAS.test(statement.getText(sourceFile).replace(/\s+/g, " ").replace("< typeof", "<typeof"))) {
      resolved.set(statement.name.text, print(checker.getTypeAtLocation(statement.name)));
    }
  }
  let text = fs.readFileSync(dtsPath, "utf8");
  const lines = text.split("\n").map((line) => {
    const m = line.match(ALIAS);
    if (!m) return line;
    const body = resolved.get(m[1]);
    if (!body) throw new Error(`${rel}: no resolved type for ${m[1]}`);
    replaced += 1;
    return `export type ${m[1]} = ${body};`;
  });
  text = lines.filter((line) => line !== SCHEMAS_IMPORT).join("\n").replace(TYPEBOX_IMPORT, TYPEBOX_SHIM);
  fs.writeFileSync(dtsPath, text);
}

// Nothing may still point outside the package.
for (const file of fs.readdirSync(dist, { recursive: true })) {
  if (!String(file).endsWith(".d.ts")) continue;
  const text = fs.readFileSync(path.join(dist, String(file)), "utf8");
  if (/@cohort\/(contract|server)|@sinclair\/typebox|typeof S\./.test(text)) throw new Error(`dist/${file} still refers to the contract's schemas`);
}
// Declaration maps would point at the schema-derived source lines, which the d.ts no longer has.
for (const file of fs.readdirSync(dist, { recursive: true })) {
  if (String(file).endsWith(".d.ts.map")) fs.rmSync(path.join(dist, String(file)));
}
for (const file of fs.readdirSync(dist, { recursive: true })) {
  if (!String(file).endsWith(".d.ts")) continue;
  const p = path.join(dist, String(file));
  fs.writeFileSync(p, fs.readFileSync(p, "utf8").replace(/\n\/\/# sourceMappingURL=.*\.d\.ts\.map\s*$/, "\n"));
}
console.log(`Flattened ${replaced} schema-derived types in dist/*.d.ts`);
