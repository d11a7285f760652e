/** The machine a run measured on, so recorded figures say where they came from. */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus, release, totalmem, type } from "node:os";
import { ensurePulumiCli, repositoryRoot } from "../scripts/engine";

/** What the report says about the machine and the tools. */
export interface Machine {
  /** The first CPU's model name. */
  readonly cpu: string;
  /** Logical CPUs: the engine's default parallelism is 4 per CPU. */
  readonly cores: number;
  /** Total memory in GiB. */
  readonly memoryGiB: number;
  /** Operating system and kernel release. */
  readonly os: string;
  /** The Node.js version running the benchmark and the provider. */
  readonly node: string;
  /** What `pulumi version` prints for the CLI the engine runs use. */
  readonly pulumiCli: string;
  /** The version of @pulumi/pulumi the program and the provider load. */
  readonly pulumiSdk: string;
}

/** Describes this machine; asks the Pulumi CLI for its version, so it needs the CLI in place. */
export function describeMachine(): Machine {
  const processors = cpus();
  const sdkManifest = require.resolve("@pulumi/pulumi/package.json", { paths: [repositoryRoot] });
  const sdk = JSON.parse(readFileSync(sdkManifest, "utf8")) as { version?: unknown };
  return {
    cpu: processors[0]?.model.trim() ?? "unknown",
    cores: processors.length,
    memoryGiB: totalmem() / 1024 ** 3,
    os: `${type()} ${release()}`,
    node: process.version,
    pulumiCli: execFileSync(ensurePulumiCli(), ["version"], { encoding: "utf8" }).trim(),
    pulumiSdk: typeof sdk.version === "string" ? sdk.version : "unknown",
  };
}
