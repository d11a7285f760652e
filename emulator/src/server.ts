import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { EmulatorClock } from "./clock";
import {
  activateBinding,
  BindingFailedError,
  DEFAULT_FAILURE_DESCRIPTION,
  expireActivationLinks,
  failBinding,
} from "./organization";
import { MAX_REQUEST_BYTES, type ApiOutcome, type ApiRequest } from "./request";
import { readPascalPlannedFault, type FaultPlan } from "./planned-faults";
import type { BindingStore } from "./store";
import type { EmulatorBinding } from "./types";

/** The host the emulator listens on: loopback only, since the admin routes need no signature. */
export const LISTEN_HOST = "127.0.0.1";

/** What the HTTP server hands requests to. */
export interface RouteHandlers {
  /** Answers a request to the API: every path outside the admin routes, so that each answer is an API envelope. */
  api(request: ApiRequest): ApiOutcome;
  /** Answers a request to an admin route under `/emulator/`. */
  admin(request: AdminRequest): AdminAnswer;
  /** The emulator's clock: every answer's `Date` header says its time, as a real server's says its own. */
  now(): Date;
}

// Bodies past the limit are still read (and thrown away) up to this size so the client gets its
// RequestSizeLimitExceeded answer instead of a reset connection; beyond it the connection is cut.
const DRAIN_LIMIT_BYTES = 16 * MAX_REQUEST_BYTES;
const ADMIN_BODY_LIMIT_BYTES = 64 * 1024;

/** Starts the HTTP server on 127.0.0.1:`port` (0 = a free port) and resolves once it listens. */
export function listen(port: number, handlers: RouteHandlers): Promise<Server> {
  const server = createServer((request, response) => {
    // A client that records when something happened on the service (remind's record) reads this, not its own clock.
    response.setHeader("Date", handlers.now().toUTCString());
    serve(request, response, handlers).catch((error: unknown) => answerUnexpected(response, error));
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, LISTEN_HOST, () => {
      server.off("error", reject);
      resolve(server);
    });
  });
}

/** Stops accepting connections, cuts the open ones (keep-alive included) and resolves once closed. */
export function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

async function serve(request: IncomingMessage, response: ServerResponse, handlers: RouteHandlers): Promise<void> {
  const target = request.url ?? "/";
  const queryStart = target.indexOf("?");
  const path = queryStart === -1 ? target : target.slice(0, queryStart);
  const query = queryStart === -1 ? "" : target.slice(queryStart + 1);
  const method = (request.method ?? "GET").toUpperCase();

  if (!path.startsWith(ADMIN_PREFIX)) {
    // Every other path goes through the API pipeline too, which refuses any path but `/` in Tencent's
    // envelope with a RequestId, the way the API answers everything.
    const body = await readBody(request, MAX_REQUEST_BYTES);
    if (body === undefined) {
      return;
    }
    const outcome = handlers.api({
      method,
      path,
      query,
      headers: request.headers,
      body: body.bytes,
      bodyTooLarge: body.tooLarge,
    });
    if (outcome.dropConnection) {
      // Fault injection: the work is committed, but the client never hears back.
      outcome.onDropped?.();
      request.socket.destroy();
      return;
    }
    sendJson(response, 200, outcome.envelope);
    outcome.onAnswered?.();
    return;
  }
  const body = await readBody(request, ADMIN_BODY_LIMIT_BYTES);
  if (body === undefined) {
    return;
  }
  if (body.tooLarge) {
    sendJson(response, 413, { Error: `Admin request bodies are limited to ${ADMIN_BODY_LIMIT_BYTES} bytes.` });
    return;
  }
  const answer = handlers.admin({ method, path, body: body.bytes });
  sendJson(response, answer.status, answer.body);
}

/** Reads a body, keeping at most `limit` bytes; undefined when the connection was cut. */
function readBody(request: IncomingMessage, limit: number): Promise<{ bytes: Buffer; tooLarge: boolean } | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let received = 0;
    request.on("data", (chunk: Buffer) => {
      received += chunk.length;
      if (received > DRAIN_LIMIT_BYTES) {
        request.socket.destroy();
        resolve(undefined);
      } else if (received <= limit) {
        chunks.push(chunk);
      }
    });
    request.on("end", () => {
      resolve(
        received > limit
          ? { bytes: Buffer.alloc(0), tooLarge: true }
          : { bytes: Buffer.concat(chunks), tooLarge: false },
      );
    });
    request.on("error", () => resolve(undefined));
    request.on("close", () => resolve(undefined));
  });
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(text),
  });
  response.end(text);
}

function answerUnexpected(response: ServerResponse, error: unknown): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  sendJson(response, 500, { Error: `The emulator failed: ${error instanceof Error ? error.message : String(error)}` });
}

/** A request to one of the emulator's own routes under `/emulator/`, which are not part of the API. */
export interface AdminRequest {
  /** HTTP method, upper case. */
  readonly method: string;
  /** Path, such as `/emulator/activate`. */
  readonly path: string;
  /** The raw body. */
  readonly body: Buffer;
}

/** The answer to an admin request: an HTTP status and a JSON body. */
export interface AdminAnswer {
  /** HTTP status: 200, 400 (bad body), 404 (no such route or binding), 405 (wrong method), 409 (a failed binding to activate). */
  readonly status: number;
  /** JSON body; failures carry `{"Error": "<sentence>"}`. */
  readonly body: unknown;
}

/** Prefix of the admin routes, kept apart from the API's `POST /`. */
export const ADMIN_PREFIX = "/emulator/";

/**
 * Serves the routes that stand in for what happens outside the API, for demos and for tests that run
 * the emulator in another process. They need no signature: the emulator only listens on 127.0.0.1.
 *
 * - `POST /emulator/activate` `{"MemberUin": n}`: the member activates the binding (status `Success`).
 * - `POST /emulator/fail` `{"MemberUin": n, "Description"?: "why"}`: Tencent Cloud gives up on the binding
 *   (status `Failed`, Description the reason).
 * - `POST /emulator/unbind` `{"MemberUin": n}`: the binding is removed outside the API.
 * - `GET /emulator/bindings`: every stored binding, phone unmasked.
 * - `POST /emulator/advance-clock` `{"Seconds": n}`: moves the emulator's clock n seconds forward.
 * - `POST /emulator/faults` `{"Action": "AssumeRole", "Kind": "error", "Code"?, "Message"?, "MemberUin"?, "Skip"?,
 *   "Times"?}`: plans a fault for named requests (see EmulatorPlannedFault).
 */
export function handleAdminRequest(
  request: AdminRequest,
  store: BindingStore,
  clock: EmulatorClock,
  plannedFaults: FaultPlan,
): AdminAnswer {
  const now = (): Date => clock.now();
  if (request.path !== `${ADMIN_PREFIX}advance-clock`) {
    // What the admin routes show and change is the state at the emulator's current time.
    expireActivationLinks(store, now());
  }
  switch (request.path) {
    case `${ADMIN_PREFIX}advance-clock`:
      return advanceClock(request, clock);
    case `${ADMIN_PREFIX}activate`:
      return withMemberUin(request, "POST", (memberUin) => {
        if (store.findByMember(memberUin) === undefined) {
          return notFound(memberUin);
        }
        try {
          return { status: 200, body: toAdminBinding(activateBinding(store, memberUin, now())) };
        } catch (error) {
          if (error instanceof BindingFailedError) return { status: 409, body: { Error: error.message } };
          throw error;
        }
      });
    case `${ADMIN_PREFIX}fail`:
      return withMemberUin(request, "POST", (memberUin, body) => {
        const description = body.Description ?? DEFAULT_FAILURE_DESCRIPTION;
        if (typeof description !== "string") {
          return { status: 400, body: { Error: "Description must be a string, the reason the binding failed." } };
        }
        if (store.findByMember(memberUin) === undefined) {
          return notFound(memberUin);
        }
        return { status: 200, body: toAdminBinding(failBinding(store, memberUin, description)) };
      });
    case `${ADMIN_PREFIX}unbind`:
      return withMemberUin(request, "POST", (memberUin) =>
        store.remove(memberUin) ? { status: 200, body: { MemberUin: memberUin, Removed: true } } : notFound(memberUin),
      );
    case `${ADMIN_PREFIX}faults`:
      return planFault(request, plannedFaults);
    case `${ADMIN_PREFIX}bindings`:
      if (request.method !== "GET") {
        return methodNotAllowed("GET", request.path);
      }
      return { status: 200, body: { Bindings: store.all().map(toAdminBinding) } };
    default:
      return {
        status: 404,
        body: {
          Error:
            `No admin route ${request.path}: use POST ${ADMIN_PREFIX}activate, POST ${ADMIN_PREFIX}fail, ` +
            `POST ${ADMIN_PREFIX}unbind, POST ${ADMIN_PREFIX}advance-clock, POST ${ADMIN_PREFIX}faults or ` +
            `GET ${ADMIN_PREFIX}bindings.`,
        },
      };
  }
}

function advanceClock(request: AdminRequest, clock: EmulatorClock): AdminAnswer {
  if (request.method !== "POST") {
    return methodNotAllowed("POST", request.path);
  }
  const body = parseObject(request.body);
  const seconds = body?.Seconds;
  if (typeof seconds !== "number" || !Number.isSafeInteger(seconds) || seconds < 0) {
    return {
      status: 400,
      body: { Error: 'The body must be JSON like {"Seconds": 86400}: a whole number of seconds, 0 or more.' },
    };
  }
  try {
    clock.advance(seconds);
  } catch (error) {
    return { status: 400, body: { Error: error instanceof Error ? error.message : String(error) } };
  }
  return { status: 200, body: { OffsetSeconds: clock.offsetSeconds, Now: clock.now().toISOString() } };
}

function planFault(request: AdminRequest, plannedFaults: FaultPlan): AdminAnswer {
  if (request.method !== "POST") {
    return methodNotAllowed("POST", request.path);
  }
  try {
    const fault = readPascalPlannedFault(parseObject(request.body));
    plannedFaults.add(fault);
    return { status: 200, body: { Planned: fault } };
  } catch (error) {
    return { status: 400, body: { Error: error instanceof Error ? error.message : String(error) } };
  }
}

function parseObject(bytes: Buffer): Record<string, unknown> | undefined {
  let body: unknown;
  try {
    body = JSON.parse(bytes.toString("utf8"));
  } catch {
    return undefined;
  }
  return typeof body === "object" && body !== null && !Array.isArray(body)
    ? (body as Record<string, unknown>)
    : undefined;
}

function withMemberUin(
  request: AdminRequest,
  method: string,
  act: (memberUin: number, body: Readonly<Record<string, unknown>>) => AdminAnswer,
): AdminAnswer {
  if (request.method !== method) {
    return methodNotAllowed(method, request.path);
  }
  const fields = parseObject(request.body);
  if (fields === undefined) {
    return badRequest();
  }
  const memberUin = fields.MemberUin;
  if (typeof memberUin !== "number" || !Number.isSafeInteger(memberUin) || memberUin <= 0) {
    return badRequest();
  }
  return act(memberUin, fields);
}

function toAdminBinding(binding: EmulatorBinding): Record<string, unknown> {
  return {
    MemberUin: binding.memberUin,
    BindId: binding.bindId,
    Email: binding.email,
    CountryCode: binding.countryCode,
    Phone: binding.phone,
    BindStatus: binding.status,
    ApplyTime: binding.applyTime,
    BindTime: binding.bindTime,
    Description: binding.description,
    Modifications: binding.modifications,
    LinkSentAt: binding.linkSentAt,
  };
}

function badRequest(): AdminAnswer {
  return { status: 400, body: { Error: 'The body must be JSON like {"MemberUin": 100000000001}.' } };
}

function notFound(memberUin: number): AdminAnswer {
  return { status: 404, body: { Error: `Member ${memberUin} has no email binding.` } };
}

function methodNotAllowed(method: string, path: string): AdminAnswer {
  return { status: 405, body: { Error: `Use ${method} ${path}.` } };
}
