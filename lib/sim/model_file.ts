/**
 * A generator model file (`mm sim --model FILE`, `mm dry-run --synthetic
 * --model FILE`): JSON giving any of the generator's parameter groups in
 * part, e.g. `{"toxic": {"hours": [2, 9, 20]}, "informed": {"thresholdUsd":
 * 20000}}` — the planted parameters a calibration should find. The shape is
 * checked by zod (unknown keys refused with their path), the values by the
 * generator's own rules (_gen_params.ts), both before any frame is made.
 *
 * @module
 */

import { readFileSync } from "node:fs";
import { z } from "zod";
import { InputError } from "../errors.ts";
import { type ModelOptions, REGIMES, resolveParams } from "./_gen_params.ts";

const num = z.number().finite();
const regimeParams = z.strictObject({
  sigma: num,
  meanMinutes: num,
  cascadesPerHour: num,
  oneTickSpread: num,
}).partial();
const regimeWeights = z.strictObject(
  Object.fromEntries(REGIMES.map((r) => [r, num.optional()])) as Record<
    typeof REGIMES[number],
    z.ZodOptional<typeof num>
  >,
);

/** The model file's shape: every group optional, every field in it optional. */
export const ModelFileSchema = z.strictObject({
  startRegime: z.enum(REGIMES).optional(),
  regimes: z.strictObject(
    Object.fromEntries(REGIMES.map((r) => [r, regimeParams.optional()])) as Record<
      typeof REGIMES[number],
      z.ZodOptional<typeof regimeParams>
    >,
  ).optional(),
  transitions: z.strictObject(
    Object.fromEntries(REGIMES.map((r) => [r, regimeWeights.optional()])) as Record<
      typeof REGIMES[number],
      z.ZodOptional<typeof regimeWeights>
    >,
  ).optional(),
  hawkes: z.strictObject({ mu: num, alpha: num, beta: num }).partial().optional(),
  sizes: z.strictObject({
    minUsd: num,
    bodyMedianUsd: num,
    bodySigma: num,
    tailFromUsd: num,
    tailShare: num,
    tailIndex: num,
  }).partial().optional(),
  informed: z.strictObject({ thresholdUsd: num, horizonSec: num, accuracy: num }).partial()
    .optional(),
  toxic: z.strictObject({
    hours: z.array(z.number().int().min(0).max(23)),
    rateMultiplier: num,
    informedShare: num,
  }).partial().optional(),
  cascades: z.strictObject({
    minMoveBps: num,
    meanExtraMoveBps: num,
    durationSec: z.tuple([num, num]),
    meanOrders: num,
    sizeMultiplier: num,
  }).partial().optional(),
  impact: z.strictObject({ bpsAt10kUsd: num, decaySec: num }).partial().optional(),
  book: z.strictObject({
    intervalMs: num,
    jitterMs: num,
    touchUsd: num,
    levelUsd: num,
    levelGrowthUsd: num,
    sizeSigma: num,
    orderUsd: num,
    gapProb: num,
    refreshProb: num,
    spreadPersistence: num,
  }).partial().optional(),
});

// Compile-time: the schema names every parameter group the generator takes,
// and every field of each group (and of each regime's group) — no more, no fewer.
const _everyGroup: Record<keyof ModelOptions, unknown> = ModelFileSchema.shape;
type SameKeys<A, B> = [keyof A] extends [keyof B] ? [keyof B] extends [keyof A] ? true : false
  : false;
type FieldsOf<T> = NonNullable<T>;
type ParsedModel = Required<z.infer<typeof ModelFileSchema>>;
type GroupFieldsMatch = {
  [G in Exclude<keyof ModelOptions, "startRegime">]-?: SameKeys<
    FieldsOf<ParsedModel[G]>,
    FieldsOf<ModelOptions[G]>
  >;
};
type RegimeFieldsMatch = SameKeys<
  FieldsOf<FieldsOf<ParsedModel["regimes"]>["calm"]>,
  FieldsOf<FieldsOf<ModelOptions["regimes"]>["calm"]>
>;
const _everyField: { [G in keyof GroupFieldsMatch]: true } & { regime: true } = {
  ...({} as GroupFieldsMatch),
  regime: true satisfies RegimeFieldsMatch,
};

/**
 * Reads and checks a model file.
 *
 * @throws {InputError} naming the file and the bad key or parameter.
 */
export function readModelFile(path: string): ModelOptions {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    const reason = (error as { code?: string }).code === "ENOENT"
      ? "no such file"
      : (error as Error).message;
    throw new InputError(`cannot read the model: ${reason}`, { file: path }, {
      hint: "give a JSON file of generator parameters (README: The generated market)",
    });
  }
  const parsed = ModelFileSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(issue.message, { file: path, field: issue.path.join(".") || undefined }, {
      hint: "see README: The generated market",
    });
  }
  const model: ModelOptions = parsed.data;
  try {
    resolveParams(model);
  } catch (error) {
    throw new InputError((error as Error).message, { file: path });
  }
  return model;
}
