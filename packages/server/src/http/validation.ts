import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import type { FastifySchemaCompiler } from "fastify";

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/**
 * Two validators: bodies are checked strictly (no type coercion, unknown properties are an
 * error, as class-validator's forbidNonWhitelisted), while query strings and params coerce
 * "10" to 10 and a scalar to a one-element array.
 */
function makeAjv(part: "body" | "query"): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    verbose: true,
    strict: false,
    useDefaults: true,
    removeAdditional: false,
    coerceTypes: part === "query" ? "array" : false,
  });
  addFormats(ajv);
  ajv.addKeyword({ keyword: "x-missing" });
  // Metadata is free-form JSON: bounded in depth so it cannot exhaust a stack later on.
  ajv.addKeyword({ keyword: "x-max-depth", errors: false, validate: (max: number, data: unknown) => nestingDepth(data, max) <= max });
  ajv.addKeyword({ keyword: "x-type-message" });
  ajv.addKeyword({ keyword: "x-message" });
  return ajv;
}

/**
 * How many objects/arrays deep `value` nests (a scalar is 0, `{}` is 1), counted without
 * recursion and only up to `stopAbove` + 1.
 */
export function nestingDepth(value: unknown, stopAbove = Number.POSITIVE_INFINITY): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== "object") continue;
    if (depth > deepest) deepest = depth;
    if (deepest > stopAbove) return deepest;
    for (const child of Array.isArray(node) ? node : Object.values(node)) if (child !== null && typeof child === "object") stack.push([child, depth + 1]);
  }
  return deepest;
}

const bodyAjv = makeAjv("body");
const queryAjv = makeAjv("query");

export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) => {
  const ajv = httpPart === "body" ? bodyAjv : queryAjv;
  const validate = ajv.compile(schema as object) as ValidateFunction;
  return httpPart === "querystring" ? refusingListsForStrings(schema as PropSchema & { properties?: Record<string, PropSchema> }, validate) : validate;
};

/**
 * The query validator coerces a one-element array to a scalar (`q[]=x` would pass as
 * `q=x`), while v1's IsString refuses it: a list or an object where the schema wants a
 * plain string is a type error ("q must be a string"), reported before anything else.
 */
function refusingListsForStrings(schema: { properties?: Record<string, PropSchema> }, validate: ValidateFunction): ValidateFunction {
  const strings = Object.entries(schema.properties ?? {}).filter(([, prop]) => prop.type === "string");
  if (strings.length === 0) return validate;
  const wrapped = ((data: unknown) => {
    const query = (data ?? {}) as Record<string, unknown>;
    const errors = strings
      .filter(([name]) => query[name] !== null && typeof query[name] === "object")
      .map(([name, prop]) => ({ keyword: "type", instancePath: `/${name}`, schemaPath: `#/properties/${name}/type`, params: { type: "string" }, parentSchema: prop }) as unknown as ErrorObject);
    if (errors.length) {
      wrapped.errors = errors;
      return false;
    }
    const ok = validate(data);
    wrapped.errors = validate.errors;
    return ok;
  }) as ValidateFunction;
  return wrapped;
}

const TYPE_MESSAGES: Record<string, string> = {
  string: "must be a string",
  integer: "must be an integer number",
  number: "must be a number conforming to the specified constraints",
  boolean: "must be a boolean value",
  object: "must be an object",
  array: "must be an array",
};

interface PropSchema {
  type?: string | string[];
  enum?: unknown[];
  anyOf?: PropSchema[];
  const?: unknown;
  format?: string;
  "x-missing"?: string;
  /** Replaces the "must be a …" part of a type error (v1's wording differs per decorator). */
  "x-type-message"?: string;
  "x-max-depth"?: number;
  /** The message of a property that must not be sent (a `not: {}` schema). */
  "x-message"?: string;
}

function enumValues(schema: PropSchema | undefined): unknown[] | undefined {
  if (!schema) return undefined;
  if (schema.enum) return schema.enum;
  if (schema.anyOf && schema.anyOf.every((s) => s.const !== undefined)) return schema.anyOf.map((s) => s.const);
  return undefined;
}

function describe(prop: string, schema: PropSchema | undefined): string {
  const values = enumValues(schema);
  if (values) return `${prop} must be one of the following values: ${values.join(", ")}`;
  if (schema?.format === "email") return `${prop} must be an email`;
  if (schema?.["x-type-message"]) return `${prop} ${schema["x-type-message"]}`;
  const type = Array.isArray(schema?.type) ? schema?.type.find((t) => t !== "null") : schema?.type;
  return `${prop} ${TYPE_MESSAGES[type ?? ""] ?? "is invalid"}`;
}

function segments(instancePath: string): string[] {
  return instancePath.split("/").slice(1).map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}

const isIndex = (s: string | undefined) => s !== undefined && /^\d+$/.test(s);

/** The name class-validator would give: the last non-index segment of the path. */
function propertyName(path: string[]): string {
  for (let i = path.length - 1; i >= 0; i--) if (!isIndex(path[i])) return path[i]!;
  return "value";
}

function formatOne(error: ErrorObject, root: string): string | undefined {
  const path = segments(error.instancePath);
  const prop = path.length ? propertyName(path) : root;
  const schema = error.parentSchema as PropSchema | undefined;
  switch (error.keyword) {
    case "required": {
      const missing = (error.params as { missingProperty: string }).missingProperty;
      const propSchema = (schema as { properties?: Record<string, PropSchema> })?.properties?.[missing];
      return propSchema?.["x-missing"] ?? describe(missing, propSchema);
    }
    case "additionalProperties":
      return `property ${(error.params as { additionalProperty: string }).additionalProperty} should not exist`;
    case "type": {
      if (isIndex(path[path.length - 1]) && (error.params as { type: string }).type === "object") {
        return `each value in nested property ${propertyName(path.slice(0, -1))} must be either object or array`;
      }
      if (isIndex(path[path.length - 1])) {
        return `each value in ${propertyName(path.slice(0, -1))} ${TYPE_MESSAGES[(error.params as { type: string }).type] ?? "is invalid"}`;
      }
      return describe(prop, schema);
    }
    case "enum":
    case "const":
    case "anyOf":
      return describe(prop, schema);
    case "format":
      if ((error.params as { format: string }).format === "email") return `${prop} must be an email`;
      if ((error.params as { format: string }).format === "date-time") return `${prop} must be a valid ISO 8601 date string`;
      return `${prop} must be a valid ${(error.params as { format: string }).format}`;
    case "minLength":
    case "minItems":
      return (error.params as { limit: number }).limit === 1 ? `${prop} should not be empty` : `${prop} must contain at least ${(error.params as { limit: number }).limit} elements`;
    case "maxItems":
      return `${prop} must contain no more than ${(error.params as { limit: number }).limit} elements`;
    case "maxLength":
      return `${prop} must be shorter than or equal to ${(error.params as { limit: number }).limit} characters`;
    case "minimum":
      return `${prop} must not be less than ${(error.params as { limit: number }).limit}`;
    case "maximum":
      return `${prop} must not be greater than ${(error.params as { limit: number }).limit}`;
    case "not":
      return schema?.["x-message"] ? `${prop} ${schema["x-message"]}` : `${prop} is invalid`;
    case "x-max-depth":
      return `${prop} must not be nested deeper than ${schema?.["x-max-depth"]} levels`;
    case "pattern":
      return `${prop} must match ${(error.params as { pattern: string }).pattern} regular expression`;
    default:
      return `${prop} is invalid`;
  }
}

/** Turns Ajv errors into class-validator style messages joined with ", ", as Medusa v1 does. */
export function formatValidationErrors(errors: ErrorObject[], context: string): string {
  const root = context === "body" ? "body" : context === "querystring" ? "query" : context;
  // A failed anyOf also reports each branch's own failure; only the anyOf itself is worth
  // a message.
  const unions = errors.filter((e) => e.keyword === "anyOf").map((e) => e.schemaPath.replace(/\/anyOf$/, "/anyOf/"));
  const messages: string[] = [];
  for (const error of errors) {
    if (error.keyword !== "anyOf" && unions.some((u) => error.schemaPath.startsWith(u))) continue;
    const msg = formatOne(error, root);
    if (msg && !messages.includes(msg)) messages.push(msg);
  }
  return messages.join(", ");
}
