import { Client } from "tencentcloud-sdk-nodejs/tencentcloud/services/organization/v20210331/organization_client";
import { startEmulator, type Emulator, type EmulatorOptions } from "../../emulator";

const variables = ["TENCENTCLOUD_SECRET_ID", "TENCENTCLOUD_SECRET_KEY", "TENCENTCLOUD_SECURITY_TOKEN", "TENCENTCLOUD_ORGANIZATION_ENDPOINT", "TENCENTCLOUD_ORGANIZATION_RATE_LIMIT"];

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

/** The official SDK's organization client, talking HTTP to the emulator (or with other credentials). */
export function sdkClient(emulator: Emulator, credential = { secretId: emulator.secretId, secretKey: emulator.secretKey }): Client {
  return new Client({
    credential,
    region: "",
    profile: { httpProfile: { protocol: "http://", endpoint: new URL(emulator.url).host, reqTimeout: 10 } },
  });
}
