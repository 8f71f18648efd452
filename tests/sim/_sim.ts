/** A simulator for one test: engine, server and a controllable clock. Always `close()` it. */

import { MatchingEngine } from "../../lib/sim/matching.ts";
import { SimServer, type SimServerOptions } from "../../lib/sim/server.ts";
import { simUniverse } from "../../lib/sim/universe.ts";

/** A running test simulator with a fixed book around 30,000 (BTC) and 3,000 (ETH). */
export interface TestSim {
  server: SimServer;
  /** The clock both engine and server read; tests move it. */
  clock: { ms: number };
  close(): Promise<void>;
}

/** Starts a simulator on a free loopback port with a known book. */
export function startTestSim(
  options: Partial<SimServerOptions> & { startMs?: number } = {},
): TestSim {
  const clock = { ms: options.startMs ?? Date.now() };
  const now = () => clock.ms;
  const engine = new MatchingEngine({
    assets: simUniverse().map(({ coin, szDecimals, maxLeverage }) => ({
      coin,
      szDecimals,
      maxLeverage,
    })),
    now,
  });
  const server = SimServer.start({ engine, now, ...options });
  server.publishMarket({
    channel: "l2Book",
    data: {
      coin: "BTC",
      time: clock.ms,
      levels: [
        [{ px: "30000", sz: "1", n: 1 }, { px: "29999", sz: "2", n: 2 }],
        [{ px: "30001", sz: "1", n: 1 }, { px: "30002", sz: "2", n: 2 }],
      ],
    },
  });
  server.publishMarket({
    channel: "l2Book",
    data: {
      coin: "ETH",
      time: clock.ms,
      levels: [[{ px: "3000", sz: "10", n: 1 }], [{ px: "3000.1", sz: "10", n: 1 }]],
    },
  });
  return { server, clock, close: () => server.close() };
}
