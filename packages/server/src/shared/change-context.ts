/**
 * Who made a change and how: recorded on every event the change writes. Routes build it
 * from the request (src/http/change-context.ts); the CLI, imports and the scheduler build
 * their own. Services take it as a plain value and know nothing of HTTP.
 */
export interface Actor {
  type: "user" | "api_token" | "system";
  id: string | null;
}

export type ChangeSource = "api" | "store" | "cli" | "import" | "schedule" | "seed" | "system";

export interface ChangeContext {
  actor: Actor;
  source: ChangeSource;
  requestId: string | null;
}

export const systemContext = (source: ChangeSource = "system"): ChangeContext => ({ actor: { type: "system", id: null }, source, requestId: null });
