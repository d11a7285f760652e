/** `pulumi up` as every benchmark runs it. */
import type { Stack, UpResult } from "@pulumi/pulumi/automation";
import { ENGINE_PARALLEL } from "./with-stack";

/** How an up runs. */
export interface UpSetup {
  /**
   * Sets PULUMI_SKIP_CHECKPOINTS=true: the engine writes the state once at the end instead of after
   * every step. With a local (DIY) backend each of those writes is the whole snapshot, so their cost
   * grows with the square of the stack's size and, from a few hundred resources, paces the up more
   * than the API limit does (pulumi/pulumi#10960; journaling, the fix, exists for Pulumi Cloud only).
   */
  readonly skipCheckpoints: boolean;
}

/** Says how an up ran, for the report. */
export function describeUp(setup: UpSetup): string {
  return `pulumi up --parallel ${ENGINE_PARALLEL}${setup.skipCheckpoints ? ", PULUMI_SKIP_CHECKPOINTS=true" : ""}`;
}

/** Runs `pulumi up` with the benchmarks' parallelism, skipping the intermediate checkpoints if asked. */
export async function upStack(stack: Stack, setup: UpSetup): Promise<UpResult> {
  // The workspace's envVars go to every CLI command it runs; set only around this up, so previews run as usual.
  const envVars = stack.workspace.envVars;
  if (setup.skipCheckpoints) envVars.PULUMI_SKIP_CHECKPOINTS = "true";
  try {
    return await stack.up({ parallel: ENGINE_PARALLEL });
  } finally {
    delete envVars.PULUMI_SKIP_CHECKPOINTS;
  }
}
