import { startEmulator, type Emulator, type EmulatorOptions } from "tencentcloud-organization-emulator";

const variables = [
  "TENCENTCLOUD_SECRET_ID",
  "TENCENTCLOUD_SECRET_KEY",
  "TENCENTCLOUD_SECURITY_TOKEN",
  "TENCENTCLOUD_ORGANIZATION_ENDPOINT",
  "TENCENTCLOUD_ORGANIZATION_RATE_LIMIT",
];

/** Starts an emulator and points the provider's environment at it; `stop` undoes both. */
export async function emulatorForProvider(options: EmulatorOptions = {}): Promise<Emulator> {
  const emulator = await startEmulator(options);
  for (const name of variables) delete process.env[name];
  process.env.TENCENTCLOUD_ORGANIZATION_ENDPOINT = emulator.url;
  process.env.TENCENTCLOUD_SECRET_ID = emulator.secretId;
  process.env.TENCENTCLOUD_SECRET_KEY = emulator.secretKey;
  const stop = emulator.stop.bind(emulator);
  emulator.stop = async () => {
    for (const name of variables) delete process.env[name];
    await stop();
  };
  return emulator;
}
