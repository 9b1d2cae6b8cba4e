import { sql as foundation } from "./0001_foundation.js";
import { sql as groupMemberOrder } from "./0002_group_member_order.js";

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/** Applied in order, each once, in its own transaction. Never edit one that has shipped. */
export const migrations: readonly Migration[] = [
  { version: 1, name: "foundation", sql: foundation },
  { version: 2, name: "group_member_order", sql: groupMemberOrder },
];
