import { InfoClient, type RequestRecord } from "../../lib/hyperliquid/info_client.ts";
import {
  NetworkError,
  RateLimitedError,
  ResponseShapeError,
  ServerError,
  TimeoutError,
} from "../../lib/hyperliquid/errors.ts";
import { resolveNetwork } from "../../lib/hyperliquid/network.ts";
import { recorded, type StandInAnswer, startHttpStandIn } from "./_http_stand_in.ts";
import { assert, assertEquals, assertRejects, sharedData } from "../_helpers.ts";

const fixture = (name: string) => recorded(sharedData(`hyperliquid/fixtures/${name}`));

/** Runs `body` against a stand-in answering with `handler`, always closing it. */
async function withStandIn(
  handler: (path: string, body: Record<string, unknown>) => StandInAnswer,
  body: (client: InfoClient, records: RequestRecord[]) => Promise<void>,
  options: { timeoutMs?: number } = {},
) {
  const standIn = startHttpStandIn(handler);
  const records: RequestRecord[] = [];
  try {
    const client = new InfoClient(resolveNetwork({ apiUrl: standIn.url }), {
      onRequest: (record) => records.push(record),
      now: () => 1_700_000_000_000,
      timeoutMs: options.timeoutMs,
    });
    await body(client, records);
  } finally {
    await standIn.close();
  }
}

const RECORDED: Record<string, string> = {
  meta: "meta.json",
  l2Book: "l2Book_DYDX.json",
  clearinghouseState: "clearinghouseState.json",
  openOrders: "openOrders.json",
  frontendOpenOrders: "frontendOpenOrders.json",
  userRateLimit: "userRateLimit.json",
  userFills: "userFills_first40.json",
  allMids: "allMids.json",
};

function recordedAnswers(_path: string, body: Record<string, unknown>): StandInAnswer {
  return { json: fixture(RECORDED[body.type as string]) };
}

Deno.test("recorded mainnet answers parse into typed values", async () => {
  await withStandIn(recordedAnswers, async (client) => {
    assertEquals((await client.meta()).universe[0].name, "BTC");
    assertEquals((await client.l2Book("DYDX")).levels[0].length, 20);
    assertEquals(
      (await client.clearinghouseState("0x0")).marginSummary.accountValue,
      "1182.312496",
    );
    assertEquals((await client.openOrders("0x0")).length, 196);
    assertEquals((await client.frontendOpenOrders("0x0"))[0].orderType, "Take Profit Market");
    assertEquals((await client.userRateLimit("0x0")).nRequestsCap, 170043731737);
    assertEquals((await client.userFills("0x0")).length, 40);
    assertEquals((await client.allMids()).BTC, "30135.0");
  });
});

Deno.test("each request reports its documented weight", async () => {
  await withStandIn(recordedAnswers, async (client, records) => {
    await client.l2Book("DYDX");
    await client.meta();
    await client.userFills("0x0");
    assertEquals(records.map((r) => [r.type, r.weight, r.answered]), [
      ["l2Book", 2, true],
      ["meta", 20, true],
      ["userFills", 22, true], // 20 + floor(40 / 20)
    ]);
  });
});

Deno.test("the request body is what the API documents", async () => {
  const standIn = startHttpStandIn(recordedAnswers);
  try {
    const client = new InfoClient(resolveNetwork({ apiUrl: standIn.url }));
    await client.l2Book("DYDX");
    assertEquals(standIn.requests, [{ path: "/info", body: { type: "l2Book", coin: "DYDX" } }]);
  } finally {
    await standIn.close();
  }
});

Deno.test("HTTP 429 becomes a retryable RateLimitedError", async () => {
  await withStandIn(() => ({ status: 429, text: "rate limited" }), async (client, records) => {
    await assertRejects(() => client.allMids(), RateLimitedError, "HTTP 429");
    assertEquals(records[0].answered, false);
  });
});

Deno.test("HTTP 5xx becomes a ServerError keeping the status and body", async () => {
  await withStandIn(() => ({ status: 502, text: "bad gateway" }), async (client) => {
    try {
      await client.allMids();
      throw new Error("expected ServerError");
    } catch (error) {
      assert(error instanceof ServerError);
      assertEquals([error.status, error.retryable], [502, true]);
      assert(error.message.includes("bad gateway"));
    }
  });
});

Deno.test("an answer of the wrong shape is a ResponseShapeError naming the path", async () => {
  await withStandIn(
    () => ({ json: { universe: [{ name: "BTC", szDecimals: "five" }] } }),
    async (client) => {
      await assertRejects(() => client.meta(), ResponseShapeError, "universe.0.szDecimals");
    },
  );
});

Deno.test("no answer in time is a TimeoutError", async () => {
  await withStandIn(() => ({ hang: true }), async (client) => {
    await assertRejects(() => client.allMids(), TimeoutError, "after 200 ms");
  }, { timeoutMs: 200 });
});

Deno.test("a refused connection is a NetworkError", async () => {
  const standIn = startHttpStandIn(recordedAnswers);
  const url = standIn.url;
  await standIn.close();
  const client = new InfoClient(resolveNetwork({ apiUrl: url }));
  await assertRejects(() => client.allMids(), NetworkError, "cannot reach the exchange");
});
