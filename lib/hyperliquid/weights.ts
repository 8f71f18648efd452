/**
 * Request weights as Hyperliquid documents them ("Rate limits and user
 * limits"): the IP budget is 1,200 weight per minute, shared by every REST
 * request.
 *
 * @module
 */

/** IP weight budget per rolling minute. */
export const IP_WEIGHT_PER_MINUTE = 1200;

/** Address budget before any volume: 10,000 requests, plus 1 per USDC traded. */
export const ADDRESS_INITIAL_BUDGET = 10_000;

const LIGHT_INFO = new Set([
  "l2Book",
  "allMids",
  "clearinghouseState",
  "orderStatus",
  "spotClearinghouseState",
  "exchangeStatus",
]);
const PER_20_ITEMS = new Set([
  "recentTrades",
  "historicalOrders",
  "userFills",
  "userFillsByTime",
  "fundingHistory",
  "userFunding",
  "nonUserFundingUpdates",
  "twapHistory",
  "userTwapSliceFills",
  "userTwapSliceFillsByTime",
  "delegatorHistory",
  "delegatorRewards",
  "validatorStats",
]);

/**
 * Weight of an `/exchange` action: 1 + floor(batch length / 40), where the
 * batch is the action's array (orders, cancels, modifies); 1 without one.
 */
export function exchangeWeight(action: { type: string } & Record<string, unknown>): number {
  const batch = action.orders ?? action.cancels ?? action.modifies;
  const length = Array.isArray(batch) ? batch.length : 0;
  return 1 + Math.floor(length / 40);
}

/**
 * Requests an action counts against the address budget: a batch of n orders,
 * cancels or modifies counts n ("Batched requests"), anything else 1.
 */
export function addressRequests(action: { type: string } & Record<string, unknown>): number {
  const batch = action.orders ?? action.cancels ?? action.modifies;
  return Array.isArray(batch) ? Math.max(1, batch.length) : 1;
}

/**
 * Weight of an `/info` request: 2 for the light ones (l2Book, allMids,
 * clearinghouseState, orderStatus, spotClearinghouseState, exchangeStatus),
 * 60 for userRole, 20 for the rest; plus 1 per 20 items answered for the
 * history requests (userFills, …) and 1 per 60 for candleSnapshot.
 *
 * @param itemsReturned length of the answer's array, when known (after the answer).
 */
export function infoWeight(type: string, options: { itemsReturned?: number } = {}): number {
  const base = LIGHT_INFO.has(type) ? 2 : type === "userRole" ? 60 : 20;
  const items = options.itemsReturned ?? 0;
  if (PER_20_ITEMS.has(type)) return base + Math.floor(items / 20);
  if (type === "candleSnapshot") return base + Math.floor(items / 60);
  return base;
}
