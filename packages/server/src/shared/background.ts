/** The time as background jobs see it; tests pass a clock they move by hand. */
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();

interface Logger {
  warn(obj: object, msg: string): void;
}

/**
 * Runs `run` every `intervalMs` (at once again while it reports more work), one run at a
 * time. The timer is unref'd, and stop() waits for a run in progress, so closing the app
 * leaves nothing behind.
 */
export class PeriodicJob {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    readonly name: string,
    private readonly intervalMs: number,
    private readonly run: () => Promise<boolean | void>,
    private readonly log: Logger,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tick(), ms);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    let more = false;
    this.running = (async () => {
      try {
        more = (await this.run()) === true;
      } catch (err) {
        this.log.warn({ err, job: this.name }, `background job ${this.name} failed`);
      }
    })();
    await this.running;
    this.running = undefined;
    this.schedule(more ? 0 : this.intervalMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }
}
