import type { Clock } from "../domain/clock.js";

/**
 * The demo tenant's clock, read over HTTP from a demo tenant running in another process: its offset
 * from this machine's time is refreshed every few seconds, so moving the demo clock moves the bot's
 * deadlines too. Demo mode only; production uses the system clock.
 */
export class RemoteDemoClock implements Clock {
  private offsetMs = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly demoTenantUrl: string,
    private readonly refreshMs = 2000,
  ) {}

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  async start(): Promise<this> {
    await this.refresh();
    this.timer = setInterval(() => void this.refresh().catch(() => undefined), this.refreshMs);
    this.timer.unref();
    return this;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async refresh(): Promise<void> {
    const res = await fetch(`${this.demoTenantUrl}/_demo/clock`);
    if (!res.ok) throw new Error(`The demo tenant's clock answered ${res.status}.`);
    const { now } = (await res.json()) as { now: string };
    this.offsetMs = Date.parse(now) - Date.now();
  }
}
