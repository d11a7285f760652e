/**
 * A local HTTP endpoint that answers what a test plans, for the answers Tencent documents but the emulator never
 * gives (optional fields left out, an error without a code, an STS echoing the request). Each request is recorded
 * with its action (`X-TC-Action`, or the path for a metadata server), body and headers.
 */
import type { Settings } from "../../provider/api/settings";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

/** A request the endpoint received. */
export interface ReceivedRequest {
  readonly action: string;
  readonly body: string;
  readonly headers: IncomingHttpHeaders;
}

/** What the endpoint answers: an HTTP status (200 when absent) and a body. */
export interface PlannedResponse {
  readonly status?: number;
  readonly body: string;
}

/** A running endpoint. */
export interface PlannedEndpoint {
  /** `127.0.0.1:<port>`. */
  readonly host: string;
  /** Every request received, in order; a test may empty it. */
  readonly received: ReceivedRequest[];
  /** Stops the endpoint. */
  stop(): Promise<void>;
}

/** Starts an endpoint on a free port that answers each request with `answer(request)`. */
export async function startPlannedEndpoint(
  answer: (request: ReceivedRequest) => PlannedResponse,
): Promise<PlannedEndpoint> {
  const received: ReceivedRequest[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const action = String(request.headers["x-tc-action"] ?? request.url);
      const entry = { action, body: Buffer.concat(chunks).toString("utf8"), headers: request.headers };
      received.push(entry);
      const planned = answer(entry);
      response.writeHead(planned.status ?? 200, { "Content-Type": "application/json" });
      response.end(planned.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    host: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * The provider's settings for a client of a local endpoint at `host` (`127.0.0.1:PORT`), signing with a key pair
 * and asking that endpoint for STS too; `extra` sets the rate limit and the rest.
 */
export function keyPairSettings(
  host: string,
  keyPair: { secretId: string; secretKey: string },
  extra: Partial<Settings> = {},
): Settings {
  return {
    credentials: {
      source: { kind: "keyPair", keyPair, origin: "the configured key pair" },
      stsProtocol: "http://",
      stsHost: host,
      allowedAccountIds: [],
      forbiddenAccountIds: [],
    },
    protocol: "http://",
    host,
    rateLimitPerSecond: 20,
    ...extra,
  };
}
