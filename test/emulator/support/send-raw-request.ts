import { request } from "node:http";
import { signTc3 } from "./sign-tc3";

/** A response read in full. */
export interface RawResponse {
  readonly status: number;
  readonly text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  readonly json: unknown;
}

/** An HTTP request built by hand, every header under the test's control (node:http, unlike fetch, lets Host be set). */
export interface RawRequest {
  readonly port: number;
  readonly method?: string;
  readonly path?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Buffer;
}

/** Sends a request exactly as described and reads the whole answer. */
export function sendRawRequest(raw: RawRequest): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        host: "127.0.0.1",
        port: raw.port,
        method: raw.method ?? "POST",
        path: raw.path ?? "/",
        headers: raw.headers ?? {},
      },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
        incoming.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: incoming.statusCode ?? 0, text, json });
        });
        incoming.on("error", reject);
      },
    );
    outgoing.on("error", reject);
    outgoing.end(raw.body);
  });
}

/** Options of a signed API call built by hand; each can be bent to produce a broken request. */
export interface SignedCall {
  readonly port: number;
  readonly secretId: string;
  readonly secretKey: string;
  readonly action?: string;
  readonly version?: string;
  readonly body?: string | Buffer;
  /** Unix seconds; default now. */
  readonly timestamp?: number;
  /** Host the signature covers; default `127.0.0.1` (without the port, as the SDK signs it). */
  readonly signedHost?: string;
  readonly contentType?: string;
  /** The request's path; default `/`, the only one the API answers. */
  readonly path?: string;
  /** Signs with an unsigned payload and sends `X-TC-Content-SHA256: UNSIGNED-PAYLOAD`, as Tencent's Go SDK can. */
  readonly unsignedPayload?: boolean;
  /** Replaces the body after signing. */
  readonly sentBody?: string | Buffer;
  /** Extra or replacing headers, applied after signing. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Headers to leave out after signing. */
  readonly omitHeaders?: readonly string[];
}

/** Signs an API call with {@link signTc3} and sends it, applying the requested distortions. */
export function sendSignedCall(call: SignedCall): Promise<RawResponse> {
  const body = call.body ?? "{}";
  const timestamp = call.timestamp ?? Math.floor(Date.now() / 1000);
  const contentType = call.contentType ?? "application/json";
  const authorization = signTc3({
    secretId: call.secretId,
    secretKey: call.secretKey,
    host: call.signedHost ?? "127.0.0.1",
    contentType,
    body,
    timestamp,
    unsignedPayload: call.unsignedPayload,
  });
  const headers: Record<string, string> = {
    Host: `127.0.0.1:${call.port}`,
    "Content-Type": contentType,
    Authorization: authorization,
    "X-TC-Action": call.action ?? "DescribeOrganizationMemberEmailBind",
    "X-TC-Version": call.version ?? "2021-03-31",
    "X-TC-Timestamp": String(timestamp),
    ...(call.unsignedPayload ? { "X-TC-Content-SHA256": "UNSIGNED-PAYLOAD" } : {}),
    ...call.headers,
  };
  for (const name of call.omitHeaders ?? []) {
    delete headers[name];
  }
  return sendRawRequest({ port: call.port, path: call.path, headers, body: call.sentBody ?? body });
}

/** The `Response` object of an API answer, or fails the test when the body is not an API envelope. */
export function responseOf(response: RawResponse): Record<string, unknown> {
  const envelope = response.json;
  if (typeof envelope !== "object" || envelope === null || !("Response" in envelope)) {
    throw new Error(`Not an API envelope: ${response.text}`);
  }
  return (envelope as { Response: Record<string, unknown> }).Response;
}

/** The error code of an API answer, or undefined for a success. */
export function errorCodeOf(response: RawResponse): string | undefined {
  const error = responseOf(response).Error as { Code?: string } | undefined;
  return error?.Code;
}
