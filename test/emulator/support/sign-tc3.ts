import { createHash, createHmac } from "node:crypto";

/** What goes into a hand-made TC3-HMAC-SHA256 signature. */
export interface Tc3SigningInput {
  readonly secretId: string;
  readonly secretKey: string;
  /** Host exactly as it goes into the canonical headers (with or without the port). */
  readonly host: string;
  readonly contentType: string;
  readonly body: string | Buffer;
  /** Unix seconds. */
  readonly timestamp: number;
  readonly service?: string;
  readonly method?: string;
  readonly path?: string;
  readonly query?: string;
  /**
   * Sign as Tencent's SDKs do with `UnsignedPayload` set (sending `X-TC-Content-SHA256: UNSIGNED-PAYLOAD`): the
   * canonical request holds the SHA-256 of the literal `UNSIGNED-PAYLOAD` instead of the body's.
   */
  readonly unsignedPayload?: boolean;
}

/**
 * Builds an `Authorization` header the way the API 3.0 documentation describes, independently of both
 * the official SDK and the emulator, so the tests can sign requests the SDK would never send.
 */
export function signTc3(input: Tc3SigningInput): string {
  const service = input.service ?? "organization";
  const date = new Date(input.timestamp * 1000).toISOString().slice(0, 10);
  const signedHeaders = "content-type;host";
  const canonicalRequest = [
    input.method ?? "POST",
    input.path ?? "/",
    input.query ?? "",
    `content-type:${input.contentType}\nhost:${input.host}\n`,
    signedHeaders,
    sha256Hex(input.unsignedPayload ? "UNSIGNED-PAYLOAD" : input.body),
  ].join("\n");
  const scope = `${date}/${service}/tc3_request`;
  const stringToSign = ["TC3-HMAC-SHA256", String(input.timestamp), scope, sha256Hex(canonicalRequest)].join("\n");
  const signingKey = hmac(hmac(hmac(`TC3${input.secretKey}`, date), service), "tc3_request");
  const signature = createHmac("sha256", signingKey).update(stringToSign).digest("hex");
  return `TC3-HMAC-SHA256 Credential=${input.secretId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
}

function hmac(key: string | Buffer, message: string): Buffer {
  return createHmac("sha256", key).update(message).digest();
}

function sha256Hex(data: string | Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}
