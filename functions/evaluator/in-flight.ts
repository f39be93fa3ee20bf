/**
 * Records in flight (masking, judging, storing) for one object: at most a bound at once, and the
 * first unexpected failure of any of them kept, to be rethrown once all have settled.
 */
export class InFlight {
  private readonly tasks = new Set<Promise<void>>();
  /** The first failure a tracked task did not handle itself. */
  public fatal: unknown;

  /** @param limit tasks at most before `roomForOne` waits */
  public constructor(private readonly limit: number) {}

  public track(task: Promise<void>): void {
    const tracked = task.catch((error: unknown) => {
      this.fatal ??= error;
    });
    this.tasks.add(tracked);
    void tracked.finally(() => this.tasks.delete(tracked));
  }

  /** Waits until fewer than `limit` tasks are in flight. */
  public async roomForOne(): Promise<void> {
    while (this.tasks.size >= this.limit) await Promise.race(this.tasks);
  }

  public async settled(): Promise<void> {
    await Promise.all(this.tasks);
  }
}
