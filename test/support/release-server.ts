/**
 * A local stand-in for a project's GitHub releases, over HTTPS (the engine asks GitHub over HTTPS only), in the
 * test process. It serves a folder laid out as GitHub's release downloads, `<org>/<repo>/releases/download/<tag>/
 * <file>`, both as those download paths (what a mirror serves) and through the part of GitHub's REST API the
 * engine's `github://` source uses: `GET /repos/<org>/<repo>/releases/tags/<tag>` lists the tag's files as assets,
 * and an asset's API URL answers with a redirect to its download, as GitHub does. Every request is logged with
 * the status answered, so that a test can tell which URLs the engine asked for.
 */
import { spawnSync } from "node:child_process";
import { createReadStream, readdirSync, readFileSync, statSync } from "node:fs";
import { createServer, type Server } from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
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
  /** Its base URL, `https://127.0.0.1:PORT`, with no trailing slash. */
  readonly url: string;
  /** Its host as a `github://` URL names it, `127.0.0.1:PORT`. */
  readonly host: string;
  /** The certificate (PEM file) a client must trust to reach it: the CLI takes it as `SSL_CERT_FILE`. */
  readonly certificateFile: string;
  /** Every request so far, in the order they came. */
  readonly requests: readonly ServedRequest[];
  /** Stops listening and closes open connections. */
  stop(): Promise<void>;
}

/**
 * Writes a self-signed certificate for 127.0.0.1 and its key into `dir` with openssl; fails saying how to get
 * openssl when it is missing.
 */
function selfSignedCertificate(dir: string): { certificateFile: string; keyFile: string } {
  const certificateFile = join(dir, "release-server.crt");
  const keyFile = join(dir, "release-server.key");
  const args = ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1"];
  args.push("-addext", "subjectAltName=IP:127.0.0.1", "-keyout", keyFile, "-out", certificateFile);
  const made = spawnSync("openssl", args, { encoding: "utf8" });
  if (made.error !== undefined) {
    throw new Error(
      `The release server needs openssl to make its certificate (${made.error.message}): apt-get install openssl.`,
    );
  }
  if (made.status !== 0) throw new Error(`openssl ${args.join(" ")} failed:\n${made.stderr}`);
  return { certificateFile, keyFile };
}

/** The file under `root` that `path` names, or undefined when it names none (or climbs out of `root`). */
function fileOf(root: string, path: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
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

/**
 * Serves the folder `root` at `https://127.0.0.1:<free port>/` (see above); anything else is a 404. The
 * certificate is written into `certificateDir`.
 */
export async function startReleaseServer(root: string, certificateDir: string): Promise<ReleaseServer> {
  const top = normalize(root);
  const requests: ServedRequest[] = [];
  /** The download path of each asset the API listed, by the asset id it gave. */
  const assets: string[] = [];
  let base = "";

  const answer = (request: IncomingMessage, response: ServerResponse) => {
    const path = (request.url ?? "/").split("?")[0] ?? "/";
    const reply = (status: number, headers: Record<string, string>, body?: string) => {
      requests.push({ method: request.method ?? "", path, status });
      response.writeHead(status, headers).end(body);
    };
    if (request.method !== "GET") return reply(405, { "Content-Type": "text/plain" }, "GET only\n");

    const release = /^\/repos\/([^/]+)\/([^/]+)\/releases\/tags\/([^/]+)$/.exec(path);
    if (release) {
      const [, org, repo, tag] = release.map((part) => decodeURIComponent(part)) as [string, string, string, string];
      const folder = join(top, org, repo, "releases", "download", tag);
      let names: string[];
      try {
        names = readdirSync(folder).sort();
      } catch {
        return reply(404, { "Content-Type": "application/json" }, JSON.stringify({ message: "Not Found" }));
      }
      const listed = names.map((name) => {
        const id = assets.push(`/${[org, repo, "releases", "download", tag, name].join("/")}`) - 1;
        return { id, name, url: `${base}/repos/${org}/${repo}/releases/assets/${id}` };
      });
      return reply(200, { "Content-Type": "application/json" }, JSON.stringify({ tag_name: tag, assets: listed }));
    }
    const asset = /^\/repos\/[^/]+\/[^/]+\/releases\/assets\/(\d+)$/.exec(path);
    if (asset) {
      const download = assets[Number(asset[1])];
      if (download === undefined) return reply(404, { "Content-Type": "application/json" }, "{}");
      return reply(302, { Location: `${base}${download}` });
    }

    const file = fileOf(top, path);
    if (file === undefined) return reply(404, { "Content-Type": "text/plain" }, `404 ${path}\n`);
    requests.push({ method: "GET", path, status: 200 });
    response.writeHead(200, { "Content-Type": "application/gzip", "Content-Length": String(statSync(file).size) });
    createReadStream(file).pipe(response);
  };

  const { certificateFile, keyFile } = selfSignedCertificate(certificateDir);
  const server: Server = createServer({ cert: readFileSync(certificateFile), key: readFileSync(keyFile) }, answer);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  base = `https://${host}`;
  return {
    url: base,
    host,
    certificateFile,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
