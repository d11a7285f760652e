import { CommonClient } from "tencentcloud-sdk-nodejs-common";
import { organization } from "tencentcloud-sdk-nodejs/tencentcloud/services/organization";
import type { Emulator } from "tencentcloud-organization-emulator";

/** The official SDK's Organization client. */
export type OrganizationClient = InstanceType<typeof organization.v20210331.Client>;

/** An official SDK client pointed at the emulator, signing with its key unless told otherwise. */
export function organizationClient(
  emulator: Pick<Emulator, "port" | "secretId" | "secretKey">,
  credential: { secretId: string; secretKey: string; token?: string } = emulator,
): OrganizationClient {
  return new organization.v20210331.Client({
    credential: { secretId: credential.secretId, secretKey: credential.secretKey, token: credential.token },
    region: "",
    profile: { httpProfile: { protocol: "http://", endpoint: `127.0.0.1:${emulator.port}`, reqTimeout: 10 } },
  });
}

/** An SDK error as thrown by the client: TencentCloudSDKHttpException. */
export interface SdkError {
  readonly code?: string;
  readonly message: string;
  readonly requestId: string;
}

/** Runs a call expected to fail and returns the SDK's error, or fails the test if it succeeded. */
export async function sdkError(call: Promise<unknown>): Promise<SdkError> {
  try {
    await call;
  } catch (error) {
    return error as SdkError;
  }
  throw new Error("The call succeeded but was expected to fail.");
}

/** A key pair, with the token of temporary keys. */
export interface Key {
  readonly secretId: string;
  readonly secretKey: string;
  readonly token?: string;
}

/** A generic official SDK client of the emulator's Organization or STS API, signing with `credential`. */
export function serviceClient(
  target: Pick<Emulator, "port">,
  service: "organization" | "sts",
  credential: Key,
): CommonClient {
  return new CommonClient(`${service}.tencentcloudapi.com`, service === "organization" ? "2021-03-31" : "2018-08-13", {
    credential,
    region: "ap-guangzhou",
    profile: { httpProfile: { protocol: "http://", endpoint: `127.0.0.1:${target.port}`, reqTimeout: 10 } },
  });
}
