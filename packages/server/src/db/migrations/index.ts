import { sql as foundation } from "./0001_foundation.js";

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/** Applied in order, each once, in its own transaction. Never edit one that has shipped. */
export const migrations: readonly Migration[] = [{ version: 1, name: "foundation", sql: foundation }];
