/**
 * zod schemas for Hyperliquid API answers, matched against the real mainnet
 * captures in shared/hyperliquid/fixtures. Unknown keys are kept (`loose`):
 * the exchange adds fields over time and old captures lack some.
 *
 * @module
 */

import { z } from "zod";

/** A decimal number as the exchange writes it: `"0.0"`, `"-0.012639"`, `"78751.0"`. */
export const DecimalString = z.string().regex(
  /^-?\d+(\.\d+)?$/,
  "expected a decimal number as a string",
);

/** One entry of a `userFills` / `userFillsByTime` answer (closedPnl gross, fee apart). */
export const UserFillSchema = z.looseObject({
  coin: z.string().min(1),
  px: DecimalString,
  sz: DecimalString,
  side: z.enum(["A", "B"]),
  time: z.number().int().nonnegative(),
  startPosition: DecimalString.optional(),
  dir: z.string().min(1),
  closedPnl: DecimalString,
  hash: z.string().optional(),
  oid: z.number().int().optional(),
  crossed: z.boolean().optional(),
  fee: DecimalString,
  tid: z.number().int().optional(),
  cloid: z.string().optional(),
  feeToken: z.string().optional(),
  builderFee: DecimalString.optional(),
  twapId: z.number().int().nullable().optional(),
  liquidation: z.looseObject({
    liquidatedUser: z.string().optional(),
    markPx: DecimalString.optional(),
    method: z.string().optional(),
  }).nullable().optional(),
});

/** A userFills entry. */
export type UserFill = z.infer<typeof UserFillSchema>;
