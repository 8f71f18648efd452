/**
 * Random draws for the market generator, on the project's one PRNG
 * (mulberry32 from lib/analysis/synthetic_history.ts). Each model part owns
 * its own stream, seeded from the generator seed and a stream number, so the
 * draws of one part never depend on how often another part ran: the frames
 * are the same however the caller slices time into `advance` calls.
 *
 * @module
 */

import { mulberry32 } from "../analysis/synthetic_history.ts";

/** The stream numbers of the generator's parts. */
export const STREAM = {
  path: 1,
  hawkes: 2,
  flow: 3,
  book: 4,
  users: 5,
} as const;

/** One seeded stream of uniform, normal, exponential, Poisson and hex draws. */
export class RandomStream {
  readonly #next: () => number;
  #spareNormal: number | undefined;

  /** A stream for part `stream` of the generator seeded with `seed`. */
  constructor(seed: number, stream: number) {
    this.#next = mulberry32(mixSeed(seed, stream));
  }

  /** Uniform on [0, 1). */
  uniform(): number {
    return this.#next();
  }

  /** Uniform on (0, 1]: safe under a logarithm. */
  positive(): number {
    return 1 - this.#next();
  }

  /** Standard normal (Box–Muller, the second value kept for the next call). */
  normal(): number {
    const spare = this.#spareNormal;
    if (spare !== undefined) {
      this.#spareNormal = undefined;
      return spare;
    }
    const radius = Math.sqrt(-2 * Math.log(this.positive()));
    const angle = 2 * Math.PI * this.#next();
    this.#spareNormal = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  }

  /** Exponential with the given mean. */
  exponential(mean: number): number {
    return -mean * Math.log(this.positive());
  }

  /** Poisson with mean `lambda` (Knuth's product method; a rounded normal above 30). */
  poisson(lambda: number): number {
    if (lambda <= 0) return 0;
    if (lambda > 30) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * this.normal()));
    const limit = Math.exp(-lambda);
    let k = 0;
    let product = this.#next();
    while (product > limit) {
      k += 1;
      product *= this.#next();
    }
    return k;
  }

  /** An integer in [0, n). */
  below(n: number): number {
    return Math.floor(this.#next() * n);
  }

  /** `chars` lowercase hex digits (a multiple of 8). */
  hex(chars: number): string {
    let out = "";
    for (let i = 0; i < chars; i += 8) {
      out += Math.floor(this.#next() * 4294967296).toString(16).padStart(8, "0");
    }
    return out;
  }
}

/** A 32-bit seed for stream `stream` of `seed` (murmur3's finaliser over both). */
function mixSeed(seed: number, stream: number): number {
  const high = Math.floor(seed / 4294967296) >>> 0;
  let h = ((seed >>> 0) ^ Math.imul(high, 0x27d4eb2d) ^ Math.imul(stream, 0x9e3779b9)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
