/** Hard per-hour and per-day spend caps over fixed UTC windows. */
export class SpendGuard {
  private hourKey = -1;
  private dayKey = -1;
  private hour = 0;
  private day = 0;
  constructor(
    private readonly maxPerHourUsd: number,
    private readonly maxPerDayUsd: number,
    private readonly now: () => number = Date.now,
  ) {}

  private roll() {
    const t = this.now();
    const h = Math.floor(t / 3_600_000);
    const d = Math.floor(t / 86_400_000);
    if (h !== this.hourKey) [this.hourKey, this.hour] = [h, 0];
    if (d !== this.dayKey) [this.dayKey, this.day] = [d, 0];
  }

  /** False when spending `estimateUsd` more would cross a cap. */
  allows(estimateUsd: number): boolean {
    this.roll();
    return this.hour + estimateUsd <= this.maxPerHourUsd && this.day + estimateUsd <= this.maxPerDayUsd;
  }

  record(usd: number): void {
    this.roll();
    this.hour += usd;
    this.day += usd;
  }

  spent(): { hourUsd: number; dayUsd: number } {
    this.roll();
    return { hourUsd: this.hour, dayUsd: this.day };
  }
}
