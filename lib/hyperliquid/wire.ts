/**
 * Hyperliquid tick and lot rules and the exchange's number strings, as pure
 * functions. Source: Hyperliquid docs, "Tick and lot size": a price has at
 * most 5 significant figures and at most `MAX_DECIMALS - szDecimals` decimals
 * (MAX_DECIMALS = 6 for perps, 8 for spot); integer prices are always allowed;
 * a size has at most `szDecimals` decimals. Number strings follow the Python
 * SDK's `float_to_wire` (`hyperliquid/utils/signing.py`).
 *
 * Float noise: inputs are scaled to integer ticks (`x · 10^decimals`) and a
 * scaled value within 1e-9 of a tick (plus a few ulps) counts as on that tick,
 * so `0.1 + 0.2` is the price 0.3 and not one tick above it, and a decimal
 * halfway case such as 1.00005 rounds up whichever side of it its binary value
 * lies.
 *
 * @module
 */

/** Largest price decimals: 6 for perpetuals, 8 for spot (Hyperliquid docs). */
export type MaxDecimals = 6 | 8;

/** Significant figures a non-integer price may have (Hyperliquid docs). */
const PRICE_SIG_FIGS = 5;

/** Scaled values this close to an integer (in ticks) are taken as that integer. */
const SNAP = 1e-9;

/** Exact powers of ten, 10^0 … 10^22 (all exactly representable). */
const POW10 = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));

/** The doubles nearest 10^-30 … 10^30, for locating a price's decade. */
const DECIMAL_POWERS_BIAS = 30;
const DECIMAL_POWERS = Array.from(
  { length: 2 * DECIMAL_POWERS_BIAS + 1 },
  (_, i) => Number(`1e${i - DECIMAL_POWERS_BIAS}`),
);

/** How a price is rounded onto the tick grid. */
export interface RoundPriceOptions {
  /** The market's size decimals (`szDecimals` from `meta`). */
  szDecimals: number;
  /**
   * Which side the order rests on: bids round down and asks round up, so
   * rounding never makes a quote more aggressive. Without it: nearest, ties up.
   */
  side?: "bid" | "ask";
  /** 6 for perpetuals (default), 8 for spot. */
  maxDecimals?: MaxDecimals;
}

/**
 * The valid price nearest to `px` (or the nearest at or below for a bid, at
 * or above for an ask): at most 5 significant figures and at most
 * `maxDecimals - szDecimals` decimals, any integer being valid. Throws
 * RangeError for a non-finite or non-positive price, or when the result would
 * be 0 (price below the smallest tick). Source: Hyperliquid docs, "Tick and
 * lot size".
 */
export function roundPrice(px: number, options: RoundPriceOptions): number {
  checkPositive(px, "price");
  const decimals = priceDecimals(px, options);
  const mode = options.side === "bid" ? "down" : options.side === "ask" ? "up" : "nearest";
  const rounded = roundToDecimals(px, decimals, mode);
  if (rounded <= 0) {
    throw new RangeError(`price ${px} is below the smallest tick (${decimals} decimals)`);
  }
  return rounded;
}

/** How a size is rounded onto the lot grid. */
export interface RoundSizeOptions {
  /** The market's size decimals (`szDecimals` from `meta`). */
  szDecimals: number;
  /** "nearest" (default, ties up) or "down", which never exceeds `sz`. */
  mode?: "nearest" | "down";
}

/**
 * `sz` (coins) rounded to `szDecimals` decimals; may return 0. Throws
 * RangeError for a negative or non-finite size. Source: Hyperliquid docs,
 * "Tick and lot size".
 */
export function roundSize(sz: number, options: RoundSizeOptions): number {
  if (!Number.isFinite(sz) || sz < 0) {
    throw new RangeError(`size must be a finite number ≥ 0, got ${sz}`);
  }
  checkDecimals(options.szDecimals, 8, "szDecimals");
  return roundToDecimals(sz, options.szDecimals, options.mode ?? "nearest");
}

/**
 * Whether the exchange accepts `px` as a price: positive, and an integer or at
 * most 5 significant figures with at most `maxDecimals - szDecimals` decimals.
 * Source: Hyperliquid docs, "Tick and lot size".
 */
export function isValidPrice(
  px: number,
  options: { szDecimals: number; maxDecimals?: MaxDecimals },
): boolean {
  if (!Number.isFinite(px) || px <= 0) return false;
  if (Number.isInteger(px)) return true;
  const decimals = priceDecimals(px, options);
  return roundToDecimals(px, decimals, "nearest") === px;
}

/**
 * Whether the exchange accepts `sz` as an order size: positive with at most
 * `szDecimals` decimals. Source: Hyperliquid docs, "Tick and lot size".
 */
export function isValidSize(sz: number, options: { szDecimals: number }): boolean {
  if (!Number.isFinite(sz) || sz <= 0) return false;
  checkDecimals(options.szDecimals, 8, "szDecimals");
  return roundToDecimals(sz, options.szDecimals, "nearest") === sz;
}

/**
 * The exchange's string for a number: plain decimal, at most 8 decimals, no
 * trailing zeros or dot, never an exponent, `-0` as `0`. Numbers follow the
 * Python SDK's `float_to_wire`: formatted with 8 decimals, RangeError when
 * that moves the value by 1e-12 or more. Strings are normalised exactly
 * (exponents expanded) and refused when they carry a non-zero 9th decimal.
 */
export function toWireNumber(x: number | string): string {
  return typeof x === "string" ? wireFromString(x) : wireFromNumber(x);
}

/**
 * A wire number's value: exactly `Number(text)`, about twice as fast for the
 * plain decimals the feed sends ("90123.4", "0.01234"; a market-data replay
 * parses millions). Up to 15 digits the digits form an exact integer m
 * (< 2⁵³) and 10^k is exact, so the one division m / 10^k is the correctly
 * rounded value, as Number's is (Clinger's fast path). Anything else (sign,
 * exponent, more digits, a stray character) goes to Number.
 */
export function fromWireNumber(text: string): number {
  const length = text.length;
  if (length === 0 || length > 15) return Number(text);
  let digits = 0;
  let decimals = -1; // -1: no dot seen yet
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    if (code === DOT) {
      if (decimals >= 0) return Number(text);
      decimals = 0;
      continue;
    }
    const digit = code - ZERO;
    if (digit < 0 || digit > 9) return Number(text);
    digits = digits * 10 + digit;
    if (decimals >= 0) decimals += 1;
  }
  if (decimals === 0) return Number(text); // "5." and "." keep Number's verdict
  return decimals > 0 ? digits / POW10[decimals] : digits;
}

const DOT = 46;
const ZERO = 48;

// ---------------------------------------------------------------------------

/** Decimals of the price tick at `px`: 5 significant figures, capped, never below 0. */
function priceDecimals(
  px: number,
  options: { szDecimals: number; maxDecimals?: MaxDecimals },
): number {
  const maxDecimals = options.maxDecimals ?? 6;
  if (maxDecimals !== 6 && maxDecimals !== 8) {
    throw new RangeError(`maxDecimals must be 6 (perps) or 8 (spot), got ${maxDecimals}`);
  }
  checkDecimals(options.szDecimals, maxDecimals, "szDecimals");
  const cap = maxDecimals - options.szDecimals;
  // px lies in [10^e, 10^(e+1)): 5 significant figures leave 4 - e decimals.
  return Math.max(0, Math.min(cap, PRICE_SIG_FIGS - 1 - decimalExponent(px)));
}

/** floor(log10(x)) for x > 0, exact at powers of ten as written in decimal (1e-3 is 0.001). */
function decimalExponent(x: number): number {
  let e = Math.floor(Math.log10(x));
  while (decimalPower(e) > x) e -= 1;
  while (decimalPower(e + 1) <= x) e += 1;
  return e;
}

/** The double nearest 10^e, as the literal `1e{e}` parses. */
function decimalPower(e: number): number {
  return e >= -DECIMAL_POWERS_BIAS && e <= DECIMAL_POWERS_BIAS
    ? DECIMAL_POWERS[e + DECIMAL_POWERS_BIAS]
    : Number(`1e${e}`);
}

/** x ≥ 0 rounded to `decimals` decimals, with on-tick snapping (see module doc). */
function roundToDecimals(x: number, decimals: number, mode: "nearest" | "down" | "up"): number {
  const scale = POW10[decimals];
  const scaled = x * scale;
  if (!Number.isFinite(scaled) || scaled >= 2 ** 53) return x; // already coarser than the tick
  const whole = Math.floor(scaled);
  const frac = scaled - whole; // exact in binary floating point
  const tolerance = SNAP + scaled * Number.EPSILON * 4;
  let n: number;
  if (frac <= tolerance) n = whole;
  else if (frac >= 1 - tolerance) n = whole + 1;
  else if (mode === "down") n = whole;
  else if (mode === "up") n = whole + 1;
  else n = frac >= 0.5 - tolerance ? whole + 1 : whole;
  // n / 10^d with both exact is the double nearest the decimal n·10^-d
  return n / scale;
}

function checkPositive(x: number, what: string): void {
  if (!Number.isFinite(x) || x <= 0) {
    throw new RangeError(`${what} must be a finite number > 0, got ${x}`);
  }
}

function checkDecimals(decimals: number, max: number, what: string): void {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > max) {
    throw new RangeError(`${what} must be an integer in [0, ${max}], got ${decimals}`);
  }
}

/** Python SDK `float_to_wire`: f"{x:.8f}", refused if that moves x by ≥ 1e-12, then normalised. */
function wireFromNumber(x: number): string {
  if (!Number.isFinite(x)) throw new RangeError(`cannot write ${x} on the wire`);
  if (Math.abs(x) >= 1e21) {
    // toFixed switches to exponent form here; such a double is an integer.
    return BigInt(x).toString();
  }
  const fixed = x.toFixed(8);
  if (Math.abs(Number(fixed) - x) >= 1e-12) {
    throw new RangeError(`${x} has more than 8 decimals: float_to_wire would round it`);
  }
  return stripZeros(fixed);
}

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** Exact normalisation of a decimal string to the wire form. */
function wireFromString(text: string): string {
  const match = DECIMAL.exec(text.trim());
  if (match === null || (match[2] === "" && (match[3] ?? "") === "")) {
    throw new RangeError(`not a decimal number: ${JSON.stringify(text)}`);
  }
  const [, sign, intPart, fracPart = "", expText = "0"] = match;
  const exponent = Number(expText);
  if (!Number.isSafeInteger(exponent) || Math.abs(exponent) > 400) {
    throw new RangeError(`exponent out of range: ${JSON.stringify(text)}`);
  }
  // value = digits · 10^(exponent - fracPart.length)
  const digits = (intPart + fracPart).replace(/^0+/, "");
  if (digits === "") return "0";
  const pointFromRight = fracPart.length - exponent; // decimals of `digits`
  let whole: string;
  let frac: string;
  if (pointFromRight <= 0) {
    whole = digits + "0".repeat(-pointFromRight);
    frac = "";
  } else {
    const padded = digits.padStart(pointFromRight + 1, "0");
    whole = padded.slice(0, padded.length - pointFromRight);
    frac = padded.slice(padded.length - pointFromRight);
  }
  frac = frac.replace(/0+$/, "");
  if (frac.length > 8) {
    throw new RangeError(`${text} has more than 8 decimals: the exchange would round it`);
  }
  return `${sign === "-" ? "-" : ""}${whole}${frac === "" ? "" : `.${frac}`}`;
}

/** "1.50000000" → "1.5", "2.00000000" → "2", "-0.00000000" → "0". */
function stripZeros(fixed: string): string {
  // A loop, not two regexps: this runs for every price and size mm writes.
  if (fixed.indexOf(".") === -1) return fixed === "-0" ? "0" : fixed;
  let end = fixed.length;
  while (fixed.charCodeAt(end - 1) === 48) end--; // "0"
  if (fixed.charCodeAt(end - 1) === 46) end--; // "."
  const out = fixed.slice(0, end);
  return out === "-0" ? "0" : out;
}
