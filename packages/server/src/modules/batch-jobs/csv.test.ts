import { describe, expect, it } from "vitest";
import { csvLine, detectDelimiter } from "./csv.js";

describe("csvLine", () => {
  it("quotes fields with separators, quotes and line breaks, and writes CRLF", () => {
    expect(csvLine(["a", 'say "hi"', "x,y", "p;q", "l1\nl2", null, true])).toBe('a,"say ""hi""","x,y","p;q","l1\nl2",,true\r\n');
  });
});

describe("detectDelimiter", () => {
  it("reads the header line outside quotes, after a BOM", () => {
    expect(detectDelimiter("\uFEFFemail;first_name;last_name\na@b.c;x,y;z")).toBe(";");
    expect(detectDelimiter('email,"a;b;c"\n')).toBe(",");
    expect(detectDelimiter("email\r\n")).toBe(",");
  });
});
