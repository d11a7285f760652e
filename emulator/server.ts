import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { ADMIN_PREFIX, type AdminAnswer, type AdminRequest } from "./admin-routes";
import { MAX_REQUEST_BYTES, type ApiOutcome, type ApiRequest } from "./handle-api-request";

/** The host the emulator listens on: loopback only, since the admin routes need no signature. */
export const LISTEN_HOST = "127.0.0.1";

/** What the HTTP server hands requests to. */
export interface RouteHandlers {
  /** Answers a request to the API route, `/`. */
  api(request: ApiRequest): ApiOutcome;
  /** Answers a request to an admin route under `/emulator/`. */
  admin(request: AdminRequest): AdminAnswer;
}

// Bodies past the limit are still read (and thrown away) up to this size so the client gets its
// RequestSizeLimitExceeded answer instead of a reset connection; beyond it the connection is cut.
const DRAIN_LIMIT_BYTES = 16 * MAX_REQUEST_BYTES;
const ADMIN_BODY_LIMIT_BYTES = 64 * 1024;

/** Starts the HTTP server on 127.0.0.1:`port` (0 = a free port) and resolves once it listens. */
export function listen(port: number, handlers: RouteHandlers): Promise<Server> {
  const server = createServer((request, response) => {
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

  if (path === "/") {
    const body = await readBody(request, MAX_REQUEST_BYTES);
    if (body === undefined) {
      return;
    }
    const outcome = handlers.api({ method, path, query, headers: request.headers, body: body.bytes, bodyTooLarge: body.tooLarge });
    if (outcome.dropConnection) {
      // Fault injection: the work is committed, but the client never hears back.
      request.socket.destroy();
      return;
    }
    sendJson(response, 200, outcome.envelope);
    return;
  }
  if (path.startsWith(ADMIN_PREFIX)) {
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
    return;
  }
  request.resume();
  sendJson(response, 404, {
    Error: `Nothing at ${path}: the API answers POST / and the emulator's own routes are under ${ADMIN_PREFIX}.`,
  });
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
      resolve(received > limit ? { bytes: Buffer.alloc(0), tooLarge: true } : { bytes: Buffer.concat(chunks), tooLarge: false });
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
