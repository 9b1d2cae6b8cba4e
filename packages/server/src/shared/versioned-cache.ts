/**
 * Values kept per key, each valid for one version of what it was computed from, in
 * least-recently-used order within a budget of weight (bytes, rows: what the owner counts).
 *
 * A value is returned only for the version it was stored at; asked for at another, it is
 * dropped. The owner reads the current version from the source of truth for every request
 * (catalogue version, migration 0008), so the cache never answers for a state that has changed,
 * and several instances never need to tell each other anything.
 */
export class VersionedCache<T> {
  private readonly entries = new Map<string, { version: string; value: T; weight: number }>();
  private held = 0;

  /** maxWeight 0 turns the cache off. */
  constructor(
    private readonly maxWeight: number,
    private readonly weigh: (value: T) => number,
  ) {}

  get enabled(): boolean {
    return this.maxWeight > 0;
  }

  /** Weight held, over all entries. */
  get weight(): number {
    return this.held;
  }

  get(key: string, version: string): T | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.version !== version) {
      this.delete(key);
      return undefined;
    }
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  /** Keeps the value for the version (replacing the key's entry), unless it alone is over the budget. */
  set(key: string, version: string, value: T): void {
    this.delete(key);
    const weight = this.weigh(value);
    if (!this.enabled || weight > this.maxWeight) return;
    this.entries.set(key, { version, value, weight });
    this.held += weight;
    for (const oldest of this.entries.keys()) {
      if (this.held <= this.maxWeight) break;
      this.delete(oldest);
    }
  }

  private delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.held -= entry.weight;
  }
}
