import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { ApiError } from "./errors";

/** The key a request names in its credential scope, as the emulator knows it. */
export interface KnownKey {
  /** The secret the signature is recomputed with. */
  readonly secretKey: string;
  /** The session token the request must carry in `X-TC-Token`; absent for a permanent key, which must carry none. */
  readonly token?: string;
  /** When a temporary key stops being accepted, Unix seconds on the emulator's clock; absent for a permanent key. */
  readonly expiresAt?: number;
}

/** The signature algorithm of Tencent Cloud API 3.0, the only one the emulator accepts. */
export const SIGNATURE_ALGORITHM = "TC3-HMAC-SHA256";

/** Service name of the Organization API in a credential scope. */
export const SERVICE_NAME = "organization";

/** Service name of STS in a credential scope. */
export const STS_SERVICE_NAME = "sts";

/**
 * The value of `X-TC-Content-SHA256` that asks for an unsigned payload. Tencent's SDKs (Go, Python, Java) send it
 * when their profile's `UnsignedPayload` is set, and then put the SHA-256 of this literal, not of the body, in the
 * canonical request: the signature still covers the method, path, query and signed headers, not the body.
 */
const UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

/** How far `X-TC-Timestamp` may be from the emulator's clock, as documented: 5 minutes. */
export const MAX_CLOCK_SKEW_SECONDS = 300;

/** The parts of an HTTP request a TC3 signature covers. */
export interface SignedRequest {
  /** HTTP method, upper case. */
  readonly method: string;
  /** Path of the request URL, such as `/`. */
  readonly path: string;
  /** Query string of the request URL without `?`, usually empty. */
  readonly query: string;
  /** Request headers as Node parsed them (lower-case names). */
  readonly headers: IncomingHttpHeaders;
  /** The raw body, exactly as received. */
  readonly body: Buffer;
}

interface ParsedAuthorization {
  readonly secretId: string;
  readonly date: string;
  readonly service: string;
  readonly signedHeaders: readonly string[];
  readonly signature: Buffer;
}

// `TC3-HMAC-SHA256 Credential=<id>/<date>/<service>/tc3_request, SignedHeaders=a;b, Signature=<64 hex>`.
const AUTHORIZATION_PATTERN =
  /^(\S+) Credential=([^/\s,]+)\/(\d{4}-\d{2}-\d{2})\/([^/\s,]+)\/tc3_request,\s*SignedHeaders=([a-z0-9;-]+),\s*Signature=([0-9a-f]{64})$/;

/**
 * Checks a request's TC3-HMAC-SHA256 signature and key, written from the API 3.0 documentation rather
 * than borrowed from the SDK, so a client bug cannot be mirrored here. Throws an {@link ApiError}
 * (`AuthFailure.*`, `MissingParameter`, `InvalidParameterValue`) when the request is not authentic, and
 * answers the key that signed it.
 *
 * @param keys - finds the key a SecretId names: the configured key pair, or temporary keys STS issued.
 * @param nowSeconds - the real time, Unix seconds: the signature's timestamp must be within 5 minutes of it.
 * @param serviceName - the service the action belongs to (`organization` or `sts`), as the credential scope must name it.
 * @param clockSeconds - the emulator's clock, which may run ahead of `nowSeconds`: temporary keys expire on it.
 */
export function verifySignature<K extends KnownKey>(
  request: SignedRequest,
  keys: (secretId: string) => K | undefined,
  nowSeconds: number,
  serviceName: string = SERVICE_NAME,
  clockSeconds: number = nowSeconds,
): K {
  const authorization = parseAuthorization(headerValue(request.headers, "authorization"));
  const timestamp = readTimestamp(request.headers);

  // The key is looked up before anything is recomputed; the unknown id is not echoed because people
  // sometimes paste their secret key into the id field.
  const credentials = keys(authorization.secretId);
  if (credentials === undefined) {
    throw new ApiError(
      "AuthFailure.SecretIdNotFound",
      "The SecretId is not found: sign with the emulator's key (the demo SecretId unless it was started with other credentials).",
    );
  }
  if (Math.abs(nowSeconds - timestamp) > MAX_CLOCK_SKEW_SECONDS) {
    throw new ApiError(
      "AuthFailure.SignatureExpire",
      `Signature expired: X-TC-Timestamp ${timestamp} is more than ${MAX_CLOCK_SKEW_SECONDS} seconds away from the server time ${nowSeconds}.`,
    );
  }
  const timestampDay = new Date(timestamp * 1000).toISOString().slice(0, 10);
  if (authorization.date !== timestampDay) {
    throw new ApiError(
      "AuthFailure.SignatureFailure",
      `The credential scope date ${authorization.date} is not the UTC date of X-TC-Timestamp (${timestampDay}).`,
    );
  }
  checkService(authorization.service, request.headers, serviceName);
  checkToken(request.headers, credentials, clockSeconds);

  const matches = canonicalRequests(request, authorization.signedHeaders).some((canonicalRequest) => {
    const expected = computeSignature(canonicalRequest, authorization, timestamp, credentials.secretKey);
    return timingSafeEqual(expected, authorization.signature);
  });
  if (!matches) {
    throw new ApiError(
      "AuthFailure.SignatureFailure",
      "The provided credentials could not be validated: the signature does not match the request (wrong SecretKey, or the body or a signed header changed after signing).",
    );
  }
  return credentials;
}

function parseAuthorization(header: string | undefined): ParsedAuthorization {
  if (header === undefined || header.trim() === "") {
    throw new ApiError(
      "AuthFailure.InvalidAuthorization",
      "The Authorization header is missing: sign the request with TC3-HMAC-SHA256.",
    );
  }
  const match = AUTHORIZATION_PATTERN.exec(header.trim());
  if (match === null) {
    throw new ApiError(
      "AuthFailure.InvalidAuthorization",
      `The Authorization header is malformed: expected "${SIGNATURE_ALGORITHM} Credential=<SecretId>/<YYYY-MM-DD>/${SERVICE_NAME}/tc3_request, SignedHeaders=content-type;host, Signature=<64 hex digits>".`,
    );
  }
  const [, algorithm, secretId, date, service, signedHeaderList, signature] = match;
  if (algorithm !== SIGNATURE_ALGORITHM) {
    throw new ApiError("AuthFailure.InvalidAuthorization", `The signature algorithm must be ${SIGNATURE_ALGORITHM}.`);
  }
  const signedHeaders = signedHeaderList.split(";");
  if (!signedHeaders.includes("content-type") || !signedHeaders.includes("host")) {
    throw new ApiError("AuthFailure.InvalidAuthorization", "SignedHeaders must include content-type and host.");
  }
  return { secretId, date, service, signedHeaders, signature: Buffer.from(signature, "hex") };
}

function readTimestamp(headers: IncomingHttpHeaders): number {
  const value = headerValue(headers, "x-tc-timestamp");
  if (value === undefined) {
    throw new ApiError(
      "MissingParameter",
      "The X-TC-Timestamp header is missing: send the signing time in Unix seconds.",
    );
  }
  if (!/^\d{1,12}$/.test(value.trim())) {
    throw new ApiError("InvalidParameterValue", "X-TC-Timestamp must be a Unix time in seconds.");
  }
  return Number(value.trim());
}

function checkService(service: string, headers: IncomingHttpHeaders, serviceName: string): void {
  // The official SDK names the service after the endpoint's first label, so a client pointed at
  // "127.0.0.1:PORT" signs for service "127"; accept that as well as the real service name.
  const firstHostLabel = (headerValue(headers, "host") ?? "").split(".")[0].split(":")[0].toLowerCase();
  if (service !== serviceName && service !== firstHostLabel) {
    throw new ApiError(
      "AuthFailure.SignatureFailure",
      `The credential scope names service "${service}": expected "${serviceName}" (or the first label of the Host header).`,
    );
  }
}

function checkToken(headers: IncomingHttpHeaders, credentials: KnownKey, nowSeconds: number): void {
  const token = headerValue(headers, "x-tc-token");
  if (credentials.token === undefined) {
    if (token !== undefined && token !== "") {
      throw new ApiError(
        "AuthFailure.TokenFailure",
        "X-TC-Token was sent but the emulator's key is a permanent key: remove the session token.",
      );
    }
    return;
  }
  if (token === undefined || !constantTimeEqual(token, credentials.token)) {
    throw new ApiError(
      "AuthFailure.TokenFailure",
      "X-TC-Token is missing or does not belong to the emulator's temporary key.",
    );
  }
  if (credentials.expiresAt !== undefined && nowSeconds >= credentials.expiresAt) {
    throw new ApiError(
      "AuthFailure.TokenFailure",
      `The temporary credentials expired at ${new Date(credentials.expiresAt * 1000).toISOString()}: ` +
        "request new ones from STS (AssumeRole, AssumeRoleWithWebIdentity).",
    );
  }
}

// Clients sign the Host header with or without its port (the SDK drops it, a hand-made signer may
// keep it), so each form is tried; every other signed header is taken as sent.
function canonicalRequests(request: SignedRequest, signedHeaders: readonly string[]): string[] {
  const host = headerValue(request.headers, "host") ?? "";
  const hostForms = [...new Set([host, host.replace(/:\d+$/, "")])];
  const payloadHash = sha256Hex(unsignedPayload(request.headers) ? UNSIGNED_PAYLOAD : request.body);
  return hostForms.map((hostForm) => {
    const canonicalHeaders = signedHeaders
      .map((name) => {
        const value = name === "host" ? hostForm : (headerValue(request.headers, name) ?? "");
        return `${name}:${value.trim().toLowerCase()}\n`;
      })
      .join("");
    return [request.method, request.path, request.query, canonicalHeaders, signedHeaders.join(";"), payloadHash].join(
      "\n",
    );
  });
}

/**
 * Whether the request asks for an unsigned payload. Only the exact value counts: a client that sends its body's
 * hash in `X-TC-Content-SHA256` (some do) is checked against the body it sent, whatever the header says.
 */
function unsignedPayload(headers: IncomingHttpHeaders): boolean {
  return headerValue(headers, "x-tc-content-sha256")?.trim() === UNSIGNED_PAYLOAD;
}

function computeSignature(
  canonicalRequest: string,
  authorization: ParsedAuthorization,
  timestamp: number,
  secretKey: string,
): Buffer {
  const scope = `${authorization.date}/${authorization.service}/tc3_request`;
  const stringToSign = [SIGNATURE_ALGORITHM, String(timestamp), scope, sha256Hex(canonicalRequest)].join("\n");
  const dateKey = hmac(`TC3${secretKey}`, authorization.date);
  const serviceKey = hmac(dateKey, authorization.service);
  const signingKey = hmac(serviceKey, "tc3_request");
  return hmac(signingKey, stringToSign);
}

function hmac(key: string | Buffer, message: string): Buffer {
  return createHmac("sha256", key).update(message, "utf8").digest();
}

function sha256Hex(data: string | Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

function constantTimeEqual(left: string, right: string): boolean {
  // Hashing first gives both sides the same length, which timingSafeEqual requires.
  return timingSafeEqual(createHash("sha256").update(left).digest(), createHash("sha256").update(right).digest());
}

/**
 * One request header as a single string, or `undefined` when absent. Node joins repeated headers into
 * one string for most names but gives an array for a few; both become one string here.
 */
export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(", ") : value;
}
