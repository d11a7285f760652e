/**
 * A local stand-in for a project's release downloads: an HTTP server in the test process that serves the files of
 * a folder, GET only, and logs every request it gets with the status it answered, so that a test can tell which
 * URL the engine asked for.
 */
import { createReadStream, statSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join, normalize, sep } from "node:path";

/** One request the server got. */
export interface ServedRequest {
  readonly method: string;
  /** The path asked for, as sent (percent-encoded). */
  readonly path: string;
  /** The status the server answered. */
  readonly status: number;
}

/** A running release server. */
export interface ReleaseServer {
  /** Its base URL, like `http://127.0.0.1:PORT`, with no trailing slash. */
  readonly url: string;
  /** Every request so far, in the order they came. */
  readonly requests: readonly ServedRequest[];
  /** Stops listening and closes open connections. */
  stop(): Promise<void>;
}

/** The file under `root` that `path` names, or undefined when it names none (or climbs out of `root`). */
function fileOf(root: string, path: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(path.split("?")[0] ?? "");
  } catch {
    return undefined;
  }
  const file = normalize(join(root, decoded));
  if (!file.startsWith(root + sep)) return undefined;
  try {
    return statSync(file).isFile() ? file : undefined;
  } catch {
    return undefined;
  }
}

/** Serves the files under `root` at `http://127.0.0.1:<free port>/<path under root>`; anything else is a 404. */
export async function startReleaseServer(root: string): Promise<ReleaseServer> {
  const requests: ServedRequest[] = [];
  const answer = (request: IncomingMessage, response: ServerResponse) => {
    const path = request.url ?? "/";
    const file = request.method === "GET" ? fileOf(normalize(root), path) : undefined;
    const status = file === undefined ? (request.method === "GET" ? 404 : 405) : 200;
    requests.push({ method: request.method ?? "", path, status });
    if (file === undefined) {
      response.writeHead(status, { "Content-Type": "text/plain" }).end(`${status} ${path}\n`);
      return;
    }
    response.writeHead(200, {
      "Content-Type": "application/gzip",
      "Content-Length": String(statSync(file).size),
    });
    createReadStream(file).pipe(response);
  };
  const server = createServer(answer);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
