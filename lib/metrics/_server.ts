/**
 * The scrape endpoint: `GET /metrics` on a loopback port via `Deno.serve`.
 *
 * @module
 */

import { type MetricsRegistry, PROMETHEUS_CONTENT_TYPE } from "./_registry.ts";

/** Where and how to listen. */
export interface MetricsServerOptions {
  /** TCP port; 0 picks any free port. */
  port: number;
  /** Interface to bind; default loopback 127.0.0.1. */
  hostname?: string;
}

/** A running metrics endpoint. */
export interface MetricsServer {
  /** The scrape URL, e.g. `http://127.0.0.1:9464/metrics`. */
  url: string;
  /** The bound port (the chosen one when asked for 0). */
  port: number;
  /** Stops listening and closes open connections; resolves once the server is done. */
  close(): Promise<void>;
}

/**
 * Serves `registry.render()` at `GET /metrics` (and HEAD) with
 * `content-type: text/plain; version=0.0.4`; 405 for other methods there, 404
 * for every other path. Resolves once listening.
 */
export function startMetricsServer(
  registry: MetricsRegistry,
  options: MetricsServerOptions,
): Promise<MetricsServer> {
  const hostname = options.hostname ?? "127.0.0.1";
  const controller = new AbortController();
  return new Promise((resolve, reject) => {
    let server: Deno.HttpServer<Deno.NetAddr> | undefined = undefined;
    try {
      server = Deno.serve({
        port: options.port,
        hostname,
        signal: controller.signal,
        onListen: (addr) => {
          const host = addr.hostname.includes(":") ? `[${addr.hostname}]` : addr.hostname;
          resolve({
            url: `http://${host}:${addr.port}/metrics`,
            port: addr.port,
            close: async () => {
              controller.abort();
              await server?.finished;
            },
          });
        },
        onError: (error) => {
          return new Response(`metrics: ${error instanceof Error ? error.message : error}\n`, {
            status: 500,
          });
        },
      }, (request) => handle(registry, request));
    } catch (error) {
      reject(error);
    }
  });
}

/** One request. */
function handle(registry: MetricsRegistry, request: Request): Response {
  const { pathname } = new URL(request.url);
  if (pathname !== "/metrics") return new Response("not found\n", { status: 404 });
  if (request.method !== "GET" && request.method !== "HEAD") {
    return new Response("method not allowed\n", { status: 405, headers: { allow: "GET, HEAD" } });
  }
  return new Response(request.method === "HEAD" ? null : registry.render(), {
    headers: { "content-type": PROMETHEUS_CONTENT_TYPE, "cache-control": "no-store" },
  });
}
