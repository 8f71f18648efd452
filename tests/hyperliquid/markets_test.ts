import { MarketDirectory, nearNames } from "../../lib/hyperliquid/markets.ts";
import { UnknownAssetError } from "../../lib/hyperliquid/errors.ts";
import { MetaSchema } from "../../lib/hyperliquid/schemas.ts";
import { recorded } from "./_http_stand_in.ts";
import { assert, assertEquals, sharedData } from "../_helpers.ts";

const meta = MetaSchema.parse(recorded(sharedData("hyperliquid/fixtures/meta.json")));
const markets = new MarketDirectory(meta, { fetchedAtMs: 0 });

Deno.test("a coin resolves to its asset index and decimals from the real meta", () => {
  assertEquals(markets.resolve("BTC"), {
    coin: "BTC",
    assetIndex: 0,
    szDecimals: 5,
    maxLeverage: 50,
    onlyIsolated: false,
    isDelisted: false,
  });
  assertEquals(markets.resolve(meta.universe[4].name).assetIndex, 4);
});

Deno.test("an unknown coin lists the near names", () => {
  try {
    markets.resolve("BTCC");
    throw new Error("expected UnknownAssetError");
  } catch (error) {
    assert(error instanceof UnknownAssetError);
    assertEquals(error.suggestions[0], "BTC");
    assert(error.message.includes('unknown asset "BTCC"; did you mean BTC'));
  }
});

Deno.test("near names: case first, then small edit distance, at most three", () => {
  assertEquals(nearNames("kpepe", ["kPEPE", "PEPE", "BTC"]), ["kPEPE", "PEPE"]);
  assertEquals(nearNames("ETH", ["ETC", "ETH2", "ETHFI", "SOL"]).length <= 3, true);
  assertEquals(nearNames("ZZZZZZ", ["BTC", "ETH"]), []);
});
