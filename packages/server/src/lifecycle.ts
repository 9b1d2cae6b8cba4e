/**
 * Stopping on SIGTERM/SIGINT, from the first line of the CLI on. A signal during start-up
 * (opening the database, migrations) aborts `signal`; start-up then unwinds at its next step
 * and releases the database (and the PGlite lock) before the process exits. Once a stop
 * function is set (the server listens), a signal runs it.
 */
export class Lifecycle {
  private readonly controller = new AbortController();
  private stopFn: ((reason: string) => Promise<void>) | undefined;
  private firstSignalAt = 0;
  private stopping: Promise<void> | undefined;

  constructor(private readonly exit: (code: number) => void = (code) => process.exit(code)) {}

  /** Aborted when a stop was requested before the server was up. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Installs the signal handlers; call it first thing. */
  install(): this {
    for (const name of ["SIGTERM", "SIGINT"] as const) process.on(name, () => this.onSignal(name));
    return this;
  }

  /** What a stop does once the server runs (finish requests, close the database). */
  onStop(fn: (reason: string) => Promise<void>): void {
    this.stopFn = fn;
    if (this.controller.signal.aborted) void this.stop("signal during start-up");
  }

  /**
   * Stops for `reason`. A terminal's Ctrl-C reaches npm and the server together, and npm
   * forwards it again, so a repeat within 2 s is the same request; a later one forces the exit.
   */
  onSignal(name: string): void {
    const now = Date.now();
    if (this.firstSignalAt && now - this.firstSignalAt > 2_000) {
      console.error(`cohort: ${name} again, exiting now`);
      this.exit(1);
      return;
    }
    if (!this.firstSignalAt) this.firstSignalAt = now;
    void this.stop(name);
  }

  stop(reason: string): Promise<void> {
    if (!this.stopFn) {
      this.controller.abort(new StartAborted(reason));
      return Promise.resolve();
    }
    const fn = this.stopFn;
    this.stopping ??= fn(reason).then(
      () => this.exit(0),
      (err) => {
        console.error(err);
        this.exit(1);
      },
    );
    return this.stopping;
  }

  /**
   * Stops when the parent process goes away. Used when npm started the server: npm forwards
   * a signal to its own child only, and a shell in between (npx's `sh -c`) dies of it without
   * passing it on, which would leave the server running, holding the port and the lock.
   */
  watchParent(intervalMs = 500): void {
    const parent = process.ppid;
    const timer = setInterval(() => {
      if (process.ppid !== parent) {
        clearInterval(timer);
        void this.stop("parent process exited");
      }
    }, intervalMs);
    timer.unref();
  }
}

/** Start-up was interrupted by a stop request; not an error. */
export class StartAborted extends Error {
  constructor(reason: string) {
    super(`start-up interrupted (${reason})`);
    this.name = "StartAborted";
  }
}
