/**
 * The CAM policies the docs give each role (examples/cam/*.json), read as the emulator enforces them, so that a
 * test runs a job under exactly the file a team copies.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { EmulatorCamPolicy } from "tencentcloud-organization-emulator";
import { camJobs, type CamJob } from "../../provider/api/errors";
import { repositoryRoot } from "../../scripts/engine";

/** The policy of the role that runs `job`: the file its access-denied advice names. */
export function camPolicy(job: CamJob): EmulatorCamPolicy {
  return JSON.parse(readFileSync(join(repositoryRoot, camJobs[job].policyFile), "utf8")) as EmulatorCamPolicy;
}
