/**
 * The proofs a release runs on each platform's plugin executable before it publishes it: linux-amd64 runs here,
 * linux-arm64 runs under Debian's qemu-user-static, and both must start and answer GetSchema over the engine's
 * protocol with the package's name and version; the darwin and windows executables cannot run here, so their
 * format, architecture, application blob and fuse are read from their headers (scripts/executable-format.ts).
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { loadProtocol } from "../provider/plugin/server";
import { readExecutableFormat, type ExecutableFormat } from "./executable-format";

/** How a platform's executable was proven. */
export interface PlatformProof {
  readonly platform: string;
  /** `ran` (it served its schema here, natively or under qemu) or `checked` (its headers only). */
  readonly how: "ran" | "checked";
  /** One line a person reads: what was run or checked, and what was found. */
  readonly summary: string;
  /** What the headers say (every platform's are read). */
  readonly format: ExecutableFormat;
}

/** What each platform's executable must be, as its headers say. */
const expectedFormats: Readonly<Record<string, Pick<ExecutableFormat, "format" | "arch">>> = {
  "linux-amd64": { format: "ELF", arch: "amd64" },
  "linux-arm64": { format: "ELF", arch: "arm64" },
  "darwin-amd64": { format: "Mach-O", arch: "amd64" },
  "darwin-arm64": { format: "Mach-O", arch: "arm64" },
  "windows-amd64": { format: "PE", arch: "amd64" },
};

/** Debian's user-mode emulator of arm64 and the arm64 glibc it loads the executable with (`-L`). */
const qemu = { binary: "/usr/bin/qemu-aarch64-static", sysroot: "/usr/aarch64-linux-gnu" };

/**
 * The command that runs `platform`'s executable here: itself on linux-amd64, qemu-aarch64-static for
 * linux-arm64; `undefined` for the platforms that cannot run here.
 * @throws for linux-arm64 when qemu or the arm64 libraries are missing, saying how to install them.
 */
export function runnerOf(platform: string, executable: string): { file: string; args: string[] } | undefined {
  if (platform === "linux-amd64") return { file: executable, args: [] };
  if (platform !== "linux-arm64") return undefined;
  if (!existsSync(qemu.binary) || !existsSync(`${qemu.sysroot}/lib/ld-linux-aarch64.so.1`)) {
    throw new Error(
      `The linux-arm64 plugin is run under ${qemu.binary} with the arm64 glibc in ${qemu.sysroot}, and one is ` +
        "missing. Install them (Debian):\n  apt-get update && apt-get install -y qemu-user-static libc6-arm64-cross libstdc++6-arm64-cross",
    );
  }
  return { file: qemu.binary, args: ["-L", qemu.sysroot, executable] };
}

/**
 * Starts the executable as the engine does (no `node` on PATH, an engine address it only dials to log), waits
 * for the port it prints, calls GetSchema and answers the schema's name and version.
 * @throws when it exits, does not print a port within `timeoutMs`, or GetSchema fails, with what it printed.
 */
export async function schemaServedBy(
  runner: { file: string; args: string[] },
  timeoutMs = 120_000,
): Promise<{ name: string; version: string; startMs: number }> {
  const started = Date.now();
  const child = spawn(runner.file, [...runner.args, "127.0.0.1:9"], {
    env: { PATH: "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  try {
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no port within ${timeoutMs} ms:\n${output}`)), timeoutMs);
      child.stdout.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        const printed = /^(\d+)\s*$/m.exec(output);
        if (printed) {
          clearTimeout(timer);
          resolve(Number(printed[1]));
        }
      });
      child.stderr.on("data", (chunk: Buffer) => void (output += chunk.toString()));
      child.on("error", (error) => {
        clearTimeout(timer);
        reject(error);
      });
      child.on("exit", (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`it exited (${code ?? signal}) before it served:\n${output}`));
      });
    });
    const startMs = Date.now() - started;
    const protocol = loadProtocol();
    const client = new protocol.services.ResourceProviderClient(
      `127.0.0.1:${port}`,
      protocol.grpc.credentials.createInsecure(),
    );
    try {
      const schema = await new Promise<string>((resolve, reject) =>
        client.getSchema(new protocol.provider.GetSchemaRequest().setVersion(0), (error, response) =>
          error ? reject(error) : resolve(response.getSchema()),
        ),
      );
      const parsed = JSON.parse(schema) as { name?: unknown; version?: unknown };
      return { name: String(parsed.name), version: String(parsed.version), startMs };
    } finally {
      client.close();
    }
  } finally {
    child.removeAllListeners("exit");
    child.kill();
  }
}

/**
 * Proves `platform`'s executable: its headers say the platform's format and architecture with the blob in
 * place and the fuse flipped, and, where it can run here, it serves the schema of `name` at `version`.
 * @throws naming every expectation it misses.
 */
export async function provePlatform(
  platform: string,
  executable: string,
  expected: { name: string; version: string },
): Promise<PlatformProof> {
  const want = expectedFormats[platform];
  if (want === undefined) throw new Error(`No proof is known for the platform ${platform}`);
  const format = readExecutableFormat(executable);
  const problems: string[] = [];
  if (format.format !== want.format || format.arch !== want.arch) {
    problems.push(`it is ${format.format} ${format.arch}, not ${want.format} ${want.arch}`);
  }
  // ELF's blob is found by running it (postject's note); the other formats' by their headers.
  if (format.format !== "ELF" && !format.seaBlob) problems.push("the application blob is not where Node.js looks");
  if (!format.fuseFlipped) problems.push("the single-executable fuse is not flipped");
  const runner = runnerOf(platform, executable);
  let summary = `${format.format} ${format.arch}${format.format === "ELF" ? "" : ", blob in place"}, fuse flipped`;
  if (format.codeSignature !== undefined) summary += format.codeSignature ? ", code-signed" : ", not code-signed";
  if (runner !== undefined && problems.length === 0) {
    try {
      const served = await schemaServedBy(runner);
      if (served.name !== expected.name || served.version !== expected.version) {
        problems.push(`it served the schema of ${served.name} ${served.version}`);
      }
      const how = runner.file === executable ? "natively" : "under qemu-aarch64-static";
      summary += `; ran ${how}: GetSchema answered ${served.name} ${served.version} ${served.startMs} ms after the start`;
    } catch (error) {
      problems.push(`it did not serve its schema: ${(error as Error).message}`);
    }
  }
  if (problems.length > 0) throw new Error(`The ${platform} plugin (${executable}): ${problems.join("; ")}`);
  return { platform, how: runner === undefined ? "checked" : "ran", summary, format };
}
