/**
 * Runs queued work at most `concurrency` at a time, in the order it was queued. For work that follows an
 * answer already given (posting approvers' cards after a submission): it must happen soon, but never
 * ahead of the people waiting for the bot to answer them. Each task handles its own errors.
 */
export class WorkLane {
  private readonly queue: (() => Promise<void>)[] = [];
  private active = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly concurrency: number) {}

  push(task: () => Promise<void>): void {
    this.queue.push(task);
    this.pump();
  }

  /** Resolves once nothing is queued or running (tests and shutdown). */
  idle(): Promise<void> {
    if (this.active === 0 && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    while (this.active < this.concurrency && this.queue.length > 0) {
      const task = this.queue.shift()!;
      this.active++;
      void task()
        .catch(() => undefined)
        .finally(() => {
          this.active--;
          this.pump();
          if (this.active === 0 && this.queue.length === 0) {
            const waiters = this.idleWaiters;
            this.idleWaiters = [];
            waiters.forEach((w) => w());
          }
        });
    }
  }
}
