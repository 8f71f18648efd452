import { SecretKey } from "../../lib/config/secrets.ts";
import { HyperliquidExchange, NonceClock } from "../../lib/hyperliquid/exchange_client.ts";
import {
  ActionRejectedError,
  ResponseShapeError,
  UnknownAssetError,
} from "../../lib/hyperliquid/errors.ts";
import type { RequestRecord } from "../../lib/hyperliquid/info_client.ts";
import { resolveNetwork } from "../../lib/hyperliquid/network.ts";
import { addressOf, recoverL1Signer } from "../../lib/hyperliquid/signing.ts";
import { HyperliquidStream } from "../../lib/hyperliquid/stream.ts";
import { recorded, type StandInAnswer, startHttpStandIn } from "./_http_stand_in.ts";
import { waitFor, WsStandIn } from "./_ws_stand_in.ts";
import { assert, assertEquals, assertRejects, sharedData } from "../_helpers.ts";

const KEY = "0x0123456789012345678901234567890123456789012345678901234567890123";
const META = recorded(sharedData("hyperliquid/fixtures/meta.json"));
const ok = (type: string, statuses: unknown[]) => ({
  json: { status: "ok", response: { type, data: { statuses } } },
});

interface Seen {
  action: Record<string, unknown>;
  nonce: number;
  signer: string;
  vaultAddress: unknown;
}

/** A stand-in that recovers the signer of every action, like the real exchange. */
async function withExchange(
  answer: (action: Record<string, unknown>) => StandInAnswer,
  body: (exchange: HyperliquidExchange, seen: Seen[], records: RequestRecord[]) => Promise<void>,
  options: { vaultAddress?: string; isTestnet?: boolean } = {},
) {
  const seen: Seen[] = [];
  const network = resolveNetwork({ apiUrl: "http://127.0.0.1:1", isTestnet: options.isTestnet });
  const standIn = startHttpStandIn((path, request) => {
    if (path === "/info") return { json: META };
    const action = request.action as Record<string, unknown>;
    const signer = recoverL1Signer(
      action,
      request.signature as { r: string; s: string; v: number },
      {
        nonce: request.nonce as number,
        isTestnet: network.isTestnet,
        vaultAddress: (request.vaultAddress as string | null) ?? null,
      },
    );
    seen.push({
      action,
      nonce: request.nonce as number,
      signer,
      vaultAddress: request.vaultAddress,
    });
    return answer(action);
  });
  const records: RequestRecord[] = [];
  let clock = 1_700_000_000_000;
  try {
    const exchange = new HyperliquidExchange(
      { ...network, apiUrl: standIn.url },
      { key: new SecretKey(KEY, { source: "test" }), vaultAddress: options.vaultAddress },
      { now: () => clock++, onRequest: (r) => records.push(r) },
    );
    await body(exchange, seen, records);
  } finally {
    await standIn.close();
  }
}

Deno.test("orders go out in wire form, rounded to tick and lot, signed by our key", async () => {
  await withExchange(
    () =>
      ok("order", [{ resting: { oid: 7 } }, {
        filled: { totalSz: "0.1", avgPx: "3000.5", oid: 8 },
      }]),
    async (exchange, seen) => {
      const results = await exchange.placeOrders([
        {
          coin: "BTC",
          side: "buy",
          px: 30123.456,
          sz: 0.0123456,
          tif: "Alo",
          cloid: "0x6d6d0123456789ab0000000000000001",
        },
        { coin: "ETH", side: "sell", px: 3000.123, sz: 0.1, tif: "Ioc", reduceOnly: true },
      ]);
      assertEquals(results, [
        { status: "resting", oid: 7 },
        { status: "filled", oid: 8, totalSz: 0.1, avgPx: 3000.5 },
      ]);
      assertEquals(seen[0].signer, addressOf(KEY));
      assertEquals(seen[0].action, {
        type: "order",
        orders: [
          {
            a: 0,
            b: true,
            p: "30123",
            s: "0.01234",
            r: false,
            t: { limit: { tif: "Alo" } },
            c: "0x6d6d0123456789ab0000000000000001",
          },
          { a: 1, b: false, p: "3000.2", s: "0.1", r: true, t: { limit: { tif: "Ioc" } } },
        ],
        grouping: "na",
      });
    },
  );
});

Deno.test("a batch keeps every order's own status, errors included", async () => {
  await withExchange(
    () =>
      ok("order", [{ resting: { oid: 1 } }, {
        error: "Post only order would have immediately matched, bbo was 30000@30001.",
      }, { resting: { oid: 3 } }]),
    async (exchange) => {
      const order = {
        coin: "BTC",
        side: "buy" as const,
        px: 30000,
        sz: 0.001,
        tif: "Alo" as const,
      };
      const results = await exchange.placeOrders([order, order, order]);
      assertEquals(results.map((r) => r.status), ["resting", "error", "resting"]);
      assertEquals(results[1], {
        status: "error",
        message: "Post only order would have immediately matched, bbo was 30000@30001.",
      });
    },
  );
});

Deno.test("modify, cancel, cancel-by-cloid and schedule-cancel send the documented actions", async () => {
  await withExchange((action) => {
    if (action.type === "batchModify") return ok("order", [{ resting: { oid: 9 } }]);
    if (action.type === "cancel") {
      return ok("cancel", ["success", {
        error: "Order was never placed, already canceled, or filled.",
      }]);
    }
    if (action.type === "cancelByCloid") return ok("cancel", ["success"]);
    return { json: { status: "ok", response: { type: "default" } } };
  }, async (exchange, seen) => {
    await exchange.modifyOrders([{
      target: 5,
      order: { coin: "BTC", side: "sell", px: 30000.7, sz: 0.001, tif: "Alo" },
    }]);
    const cancels = await exchange.cancelOrders([{ coin: "BTC", oid: 5 }, { coin: "ETH", oid: 6 }]);
    await exchange.cancelByCloid([{ coin: "BTC", cloid: "0x6d6d0123456789ab0000000000000001" }]);
    await exchange.scheduleCancel(1_700_000_060_000);
    await exchange.scheduleCancel(null);
    assertEquals(cancels, [{ status: "success" }, {
      status: "error",
      message: "Order was never placed, already canceled, or filled.",
    }]);
    assertEquals(seen.map((s) => s.action), [
      {
        type: "batchModify",
        modifies: [{
          oid: 5,
          order: { a: 0, b: false, p: "30001", s: "0.001", r: false, t: { limit: { tif: "Alo" } } },
        }],
      },
      { type: "cancel", cancels: [{ a: 0, o: 5 }, { a: 1, o: 6 }] },
      {
        type: "cancelByCloid",
        cancels: [{ asset: 0, cloid: "0x6d6d0123456789ab0000000000000001" }],
      },
      { type: "scheduleCancel", time: 1_700_000_060_000 },
      { type: "scheduleCancel" },
    ]);
  });
});

Deno.test("nonces strictly increase even when the clock stands still", () => {
  const nonces = new NonceClock(() => 5);
  assertEquals([nonces.next(), nonces.next(), nonces.next()], [5, 6, 7]);
});

Deno.test("every action reports weight 1 + floor(n/40)", async () => {
  await withExchange(
    () => ok("cancel", Array(45).fill("success")),
    async (exchange, _seen, records) => {
      await exchange.cancelOrders(Array.from({ length: 45 }, (_, i) => ({ coin: "BTC", oid: i })));
      const exchangeRecords = records.filter((r) => r.endpoint === "exchange");
      assertEquals(exchangeRecords.map((r) => [r.type, r.weight]), [["cancel", 2]]);
    },
  );
});

Deno.test("a rejected action keeps the exchange's text", async () => {
  await withExchange(
    () => ({ json: { status: "err", response: "User or API Wallet 0xabc does not exist." } }),
    async (exchange) => {
      await assertRejects(
        () => exchange.scheduleCancel(null),
        ActionRejectedError,
        "User or API Wallet 0xabc does not exist.",
      );
    },
  );
});

Deno.test("a status list that does not match the batch is a shape error, not a guess", async () => {
  await withExchange(() => ok("order", [{ resting: { oid: 1 } }]), async (exchange) => {
    const order = { coin: "BTC", side: "buy" as const, px: 30000, sz: 0.001, tif: "Alo" as const };
    await assertRejects(
      () => exchange.placeOrders([order, order]),
      ResponseShapeError,
      "expected 2 statuses, got 1",
    );
  });
});

Deno.test("an unknown coin is refused before anything is signed", async () => {
  await withExchange(() => ok("order", []), async (exchange, seen) => {
    await assertRejects(
      () => exchange.placeOrders([{ coin: "BTCC", side: "buy", px: 1, sz: 1, tif: "Gtc" }]),
      UnknownAssetError,
      "did you mean BTC",
    );
    assertEquals(seen.length, 0);
  });
});

Deno.test("vault trading signs with the vault address and testnet source", async () => {
  const vault = "0x1719884eb866cb12b2287399b15f7db5e7d775ea";
  await withExchange(
    () => ({ json: { status: "ok", response: { type: "default" } } }),
    async (exchange, seen) => {
      await exchange.scheduleCancel(null);
      assertEquals([seen[0].vaultAddress, seen[0].signer], [vault, addressOf(KEY)]);
      assertEquals(exchange.user, vault);
    },
    { vaultAddress: vault, isTestnet: true },
  );
});

Deno.test("the key never appears in errors, records or the client's printed form", async () => {
  const printed: string[] = [];
  await withExchange(
    () => ({ json: { status: "err", response: "Signature invalid" } }),
    async (exchange, _seen, records) => {
      try {
        await exchange.placeOrders([{
          coin: "BTC",
          side: "buy",
          px: 30000,
          sz: 0.001,
          tif: "Alo",
        }]);
      } catch (error) {
        printed.push(String(error), JSON.stringify(error), Deno.inspect(error));
      }
      printed.push(JSON.stringify(records), Deno.inspect(exchange), JSON.stringify(exchange));
    },
  );
  const secret = KEY.slice(2);
  for (const text of printed) {
    assert(!text.includes(secret), `key leaked in: ${text.slice(0, 200)}`);
  }
  assert(printed.length === 6);
});

Deno.test("actions go over the WebSocket while it is connected, over HTTP once it is not", async () => {
  const ws = WsStandIn.start();
  const stream = new HyperliquidStream({ wsUrl: ws.url });
  const http = startHttpStandIn((path) =>
    path === "/info" ? { json: META } : ok("order", [{ resting: { oid: 2 } }])
  );
  try {
    const exchange = new HyperliquidExchange(
      resolveNetwork({ apiUrl: http.url }),
      { key: new SecretKey(KEY, { source: "test" }) },
      { stream },
    );
    await stream.ready();
    const order = { coin: "BTC", side: "buy" as const, px: 30000, sz: 0.001, tif: "Alo" as const };
    assertEquals(await exchange.placeOrders([order]), [{ status: "resting", oid: 88383 }]);
    const posted = ws.received.filter((m) => m.method === "post");
    assertEquals(posted.length, 1);
    assertEquals(http.requests.filter((r) => r.path === "/exchange").length, 0);
    await stream.close();
    await waitFor(() => !stream.connected, { what: "the socket to close" });
    assertEquals(await exchange.placeOrders([order]), [{ status: "resting", oid: 2 }]);
    assertEquals(http.requests.filter((r) => r.path === "/exchange").length, 1);
  } finally {
    await stream.close();
    await ws.shutdown();
    await http.close();
  }
});
