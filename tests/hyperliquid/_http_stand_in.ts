/**
 * An in-test stand-in for Hyperliquid's HTTP API on loopback: it answers
 * `/info` and `/exchange` from a handler and records every request body.
 * (The full simulator, `mm sim`, replaces it once it exists.)
 */

/** What the handler returns: a JSON answer, or a raw status and body. */
export type StandInAnswer =
  | { json: unknown; status?: number }
  | { status: number; text: string; contentType?: string }
  | { hang: true };

/** A running stand-in. */
export interface HttpStandIn {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Every request as `{ path, body }`, in arrival order. */
  requests: { path: string; body: Record<string, unknown> }[];
  close(): Promise<void>;
}

/** Starts a stand-in whose `handler` decides each answer. */
export function startHttpStandIn(
  handler: (path: string, body: Record<string, unknown>) => StandInAnswer,
): HttpStandIn {
  const requests: HttpStandIn["requests"] = [];
  const pending = new Set<() => void>();
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (req) => {
    const path = new URL(req.url).pathname;
    const body = await req.json();
    requests.push({ path, body });
    const answer = handler(path, body);
    if ("hang" in answer) {
      // Never answers until the stand-in closes: a timeout test.
      await new Promise<void>((resolve) => pending.add(resolve));
      return new Response("closed", { status: 503 });
    }
    if ("json" in answer) {
      return new Response(JSON.stringify(answer.json), {
        status: answer.status ?? 200,
        headers: { "content-type": "application/json" },
      });
    }
    return new Response(answer.text, {
      status: answer.status,
      headers: { "content-type": answer.contentType ?? "text/plain" },
    });
  });
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    requests,
    async close() {
      for (const release of pending) release();
      await server.shutdown();
    },
  };
}

/** The `response` of a recorded mainnet capture in shared/hyperliquid/fixtures. */
export function recorded(path: string): unknown {
  return JSON.parse(Deno.readTextFileSync(path)).response;
}
