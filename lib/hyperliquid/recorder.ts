/**
 * Records live market data exactly as the exchange sends it: the `data` of
 * l2Book and trades frames, unparsed, wrapped back into
 * `{"channel": …, "data": …}` lines — the format `mm sim --replay` reads.
 * Trades replayed by the exchange on every (re)subscribe are written once.
 *
 * @module
 */

import { WebSocketTransport } from "@nktkas/hyperliquid";
import { RecentIds } from "./_stream_dedupe.ts";

/** A recorded frame. */
export interface RecordedFrame {
  channel: "l2Book" | "trades";
  data: unknown;
}

/** Subscribes to l2Book and trades for coins and hands every new frame to `onFrame`. */
export class MarketRecorder {
  readonly #transport: WebSocketTransport;
  readonly #coins: readonly string[];
  readonly #onFrame: (frame: RecordedFrame) => void;
  readonly #seenTrades = new RecentIds<number>(10_000);
  /** Frames written so far. */
  frames = 0;
  /** Replayed trades dropped so far. */
  duplicates = 0;

  constructor(
    options: { wsUrl: string; coins: readonly string[]; onFrame: (frame: RecordedFrame) => void },
  ) {
    this.#transport = new WebSocketTransport({ url: options.wsUrl });
    this.#coins = options.coins;
    this.#onFrame = options.onFrame;
  }

  /** Subscribes; resolves once the exchange confirmed every subscription. */
  async start(): Promise<void> {
    for (const coin of this.#coins) {
      await this.#transport.subscribe<{ coin?: string }>(
        "l2Book",
        { type: "l2Book", coin },
        (event) => {
          if (event.detail?.coin !== coin) return;
          this.frames += 1;
          this.#onFrame({ channel: "l2Book", data: event.detail });
        },
      );
      await this.#transport.subscribe<{ coin?: string; tid?: number }[]>("trades", {
        type: "trades",
        coin,
      }, (event) => {
        const trades = Array.isArray(event.detail) ? event.detail : [];
        const fresh = trades.filter((trade) =>
          trade.coin === coin && (typeof trade.tid !== "number" || this.#seenTrades.add(trade.tid))
        );
        this.duplicates += trades.filter((trade) => trade.coin === coin).length - fresh.length;
        if (fresh.length === 0) return;
        this.frames += 1;
        this.#onFrame({ channel: "trades", data: fresh });
      });
    }
  }

  /** Closes the connection. */
  async stop(): Promise<void> {
    await this.#transport.close();
  }
}
