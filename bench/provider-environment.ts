/** Points the provider, called directly in this process, at an emulator. */
import type { Emulator } from "tencentcloud-organization-emulator";
import { RATE_LIMIT_PER_SECOND } from "./apply-result";

/**
 * Sets the environment variables the provider reads when it runs without the engine, and answers a
 * function that puts the previous values back. The rate is set too, so a developer's own
 * TENCENTCLOUD_ORGANIZATION_RATE_LIMIT cannot change what the benchmark measures.
 */
export function useEmulatorEnvironment(emulator: Emulator): () => void {
  const values: Record<string, string> = {
    TENCENTCLOUD_ORGANIZATION_ENDPOINT: emulator.url,
    TENCENTCLOUD_SECRET_ID: emulator.secretId,
    TENCENTCLOUD_SECRET_KEY: emulator.secretKey,
    TENCENTCLOUD_ORGANIZATION_RATE_LIMIT: String(RATE_LIMIT_PER_SECOND),
  };
  const previous = Object.fromEntries(Object.keys(values).map((name) => [name, process.env[name]]));
  Object.assign(process.env, values);
  return () => {
    for (const [name, value] of Object.entries(previous)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}
