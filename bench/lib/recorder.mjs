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
    return percentileOf(this.latencies.slice(0, this.count).sort(), p);
  }
  /** The latencies recorded, in the order their answers came (a copy). */
  recorded() {
    return this.latencies.slice(0, this.count);
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

/** The p-th percentile (nearest rank) of ascending `sorted` latencies; null when empty. */
export function percentileOf(sorted, p) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** The latencies of several runs as one ascending Float64Array, to take percentiles over all of them. */
export function pooledLatencies(arrays) {
  const all = new Float64Array(arrays.reduce((total, array) => total + array.length, 0));
  let at = 0;
  for (const array of arrays) {
    all.set(array, at);
    at += array.length;
  }
  return all.sort();
}
