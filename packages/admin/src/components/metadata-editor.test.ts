import { describe, expect, it } from "vitest";
import { metadataPatch, parseValue, rowsToMetadata, toRows } from "./metadata-editor";

describe("the metadata editor's values", () => {
  it("stores true, false, null, numbers and JSON as such, and anything else as text", () => {
    expect(parseValue("true")).toBe(true);
    expect(parseValue("false")).toBe(false);
    expect(parseValue("null")).toBeNull();
    expect(parseValue("42")).toBe(42);
    expect(parseValue("-1.5")).toBe(-1.5);
    expect(parseValue('{"a":1}')).toEqual({ a: 1 });
    expect(parseValue("[1,2]")).toEqual([1, 2]);
    expect(parseValue("gold")).toBe("gold");
    expect(parseValue("{not json")).toBe("{not json");
    expect(parseValue("007a")).toBe("007a");
  });

  it("shows stored values back as the same text", () => {
    const metadata = { is_seller: true, tier: "gold", limit: 3, tags: ["a"] };
    expect(rowsToMetadata(toRows(metadata))).toEqual({ metadata });
  });

  it("names a blank or repeated key, and skips empty rows", () => {
    expect(rowsToMetadata([{ key: "", value: "x" }]).error).toBe("Every metadata value needs a key.");
    expect(rowsToMetadata([{ key: "a", value: "1" }, { key: " a ", value: "2" }]).error).toBe('The key "a" is there twice.');
    expect(rowsToMetadata([{ key: "", value: "" }, { key: "a", value: "1" }])).toEqual({ metadata: { a: 1 } });
  });

  it("sends removed keys as \"\" (the API merges metadata and deletes keys set to \"\")", () => {
    expect(metadataPatch({ keep: 1, gone: "x" }, { keep: 2, added: true })).toEqual({ keep: 2, added: true, gone: "" });
    expect(metadataPatch(null, { a: 1 })).toEqual({ a: 1 });
  });
});
