// Latencies and wrong answers of one load run (autocannon rows and the paced generator).

export class Recorder {
  constructor() {
    this.latencies = new Float64Array(1 << 16);
    this.count = 0;
    this.non2xx = 0;
    this.wrong = 0;
    this.errors = 0;
    this.firstWrong = null;
  }
  latency(ms) {
    if (this.count === this.latencies.length) {
      const grown = new Float64Array(this.latencies.length * 2);
      grown.set(this.latencies);
      this.latencies = grown;
    }
    this.latencies[this.count++] = ms;
  }
  /** Counts a wrong answer: an unexpected non-2xx status, or a 2xx that failed the check. */
  answer(ok, status, detail) {
    if (ok) return;
    if (status < 200 || status > 299) this.non2xx += 1;
    else this.wrong += 1;
    this.firstWrong ??= `${status} ${String(detail ?? "").slice(0, 200)}`;
  }
  percentile(p) {
    if (this.count === 0) return null;
    const sorted = this.latencies.slice(0, this.count).sort();
    return sorted[Math.min(this.count - 1, Math.ceil((p / 100) * this.count) - 1)];
  }
  /** The run's figures, over `seconds` of wall time; `errors`: socket errors and timeouts. */
  summary(seconds, errors = this.errors) {
    return {
      requests: this.count,
      rps: this.count / seconds,
      p50: this.percentile(50),
      p99: this.percentile(99),
      non2xx: this.non2xx,
      wrong: this.wrong,
      errors,
      firstWrong: this.firstWrong,
      seconds,
    };
  }
}
