/**
 * Everything that talks to Hyperliquid: signing, wire rules, typed HTTP
 * clients, the `Exchange` port, request weights, client order ids.
 *
 * @module
 */

export {
  actionHash,
  addressOf,
  floatToIntForHashing,
  type L1SignOptions,
  recoverL1Signer,
  type Signature,
  SigningError,
  signL1Action,
} from "./signing.ts";
export { isValidPrice, isValidSize, roundPrice, roundSize, toWireNumber } from "./wire.ts";
export { type BookLevels, type LevelsBook, WireLevels } from "./book_levels.ts";
export type {
  CancelByCloidSpec,
  CancelResult,
  CancelSpec,
  Exchange,
  MarketStream,
  ModifySpec,
  OrderResult,
  OrderSpec,
  TimeInForce,
} from "./port.ts";
export {
  type Account,
  type ExchangeClientOptions,
  HyperliquidExchange,
  NonceClock,
} from "./exchange_client.ts";
export {
  type ConnectionEvent,
  HyperliquidStream,
  type HyperliquidStreamOptions,
  type StreamSubscription,
} from "./stream.ts";
export type {
  ActiveAssetCtx,
  AllMids as StreamMids,
  Bbo,
  L2Book as StreamBook,
  OrderUpdate,
  StreamFill,
  Trade,
  UserEvent,
} from "./stream_schemas.ts";
export { type HttpClientOptions, InfoClient, type RequestRecord } from "./info_client.ts";
export { ACCOUNT_ENV, loadAccount } from "./account.ts";
export { MarketDirectory, type MarketInfo, nearNames } from "./markets.ts";
export { MAINNET, type Network, resolveNetwork, TESTNET, wsUrlFor } from "./network.ts";
export { CloidFactory, isCloid, isMmCloid } from "./cloid.ts";
export {
  ADDRESS_INITIAL_BUDGET,
  exchangeWeight,
  infoWeight,
  IP_WEIGHT_PER_MINUTE,
} from "./weights.ts";
export {
  ActionRejectedError,
  HyperliquidError,
  NetworkError,
  RateLimitedError,
  ResponseShapeError,
  ServerError,
  TimeoutError,
  UnknownAssetError,
} from "./errors.ts";
export * from "./schemas.ts";
