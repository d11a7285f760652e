/**
 * A local emulator of the Tencent Cloud Organization API's member-email actions (API 3.0, TC3-HMAC-SHA256,
 * SQLite-backed), the default target of the demo and the tests. It shares no code with the provider:
 * its signature check, its masking and its error codes are its own, so it checks the provider.
 */
import { mkdirSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname } from "node:path";
import { RequestCounter, TokenBucketRateLimiter } from "./limits";
import { resolveOptions } from "./options";
import {
  ACTION_NAMES,
  activateBinding,
  DEFAULT_FAILURE_DESCRIPTION,
  failBinding,
  type OrganizationContext,
} from "./organization";
import { KeyRing } from "./keys";
import { handleApiRequest } from "./request";
import { STS_ACTION_NAMES } from "./sts";
import { close, handleAdminRequest, listen, LISTEN_HOST } from "./server";
import { headerValue } from "./signature";
import { createTemporaryDataFile, loadSqliteDriver, openStore, type BindingStore } from "./store";
import type { Emulator, EmulatorOptions } from "./types";

export {
  DEFAULT_ACCOUNT_ID,
  DEFAULT_DAILY_BIND_QUOTA,
  DEFAULT_EMULATOR_PORT,
  DEFAULT_MAX_MEMBERS_PER_PHONE,
  DEFAULT_RATE_LIMIT_PER_SECOND,
  DEMO_FIRST_MEMBER_UIN,
  DEMO_LAST_MEMBER_UIN,
  DEMO_MEMBERS,
  DEMO_SECRET_ID,
  DEMO_SECRET_KEY,
  DEFAULT_TEMPORARY_CREDENTIAL_SECONDS,
} from "./options";
export type {
  Emulator,
  EmulatorBinding,
  EmulatorBindStatus,
  EmulatorCredentials,
  EmulatorFaults,
  EmulatorOptions,
  EmulatorIssuedCredentials,
  EmulatorRole,
} from "./types";

/**
 * Starts an emulator on 127.0.0.1 and resolves once it accepts requests. Point a client at `url` and
 * sign with `secretId`/`secretKey`; call `stop()` when done.
 *
 * @example
 * const emulator = await startEmulator({ port: 0 });
 * process.env.TENCENTCLOUD_ORGANIZATION_ENDPOINT = emulator.url;
 * // ... run the provider ...
 * await emulator.stop();
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const settings = resolveOptions(options);
  // A given data file is the caller's to keep; only a temporary one is removed on stop.
  const { file: dataFile, remove: removeTemporaryFolder } =
    settings.dataFile === undefined
      ? createTemporaryDataFile()
      : { file: settings.dataFile, remove: (): void => undefined };

  let store: BindingStore;
  const driver = loadSqliteDriver();
  try {
    mkdirSync(dirname(dataFile), { recursive: true });
    store = openStore(dataFile, driver);
  } catch (error) {
    removeTemporaryFolder();
    throw error;
  }

  const now = (): Date => new Date();
  const organization: OrganizationContext = {
    store,
    members: settings.members,
    dailyBindQuota: settings.dailyBindQuota,
    maxMembersPerPhone: settings.maxMembersPerPhone,
    now,
  };
  const counter = new RequestCounter(new Set([...ACTION_NAMES, ...STS_ACTION_NAMES]));
  const keys = new KeyRing(settings.credentials, settings.accountId);
  const apiContext = {
    keys,
    sts: {
      keys,
      roles: settings.roles,
      webIdentityTokens: settings.webIdentityTokens,
      temporaryCredentialSeconds: settings.temporaryCredentialSeconds,
      now,
    },
    rateLimiter: new TokenBucketRateLimiter(settings.rateLimitPerSecond),
    faults: settings.faults,
    random: Math.random,
    organization,
  };

  let server: Server;
  try {
    server = await listen(settings.port, {
      api: (request) => {
        counter.count(headerValue(request.headers, "x-tc-action"));
        return handleApiRequest(request, apiContext);
      },
      admin: (request) => handleAdminRequest(request, store, now),
    });
  } catch (error) {
    store.close();
    removeTemporaryFolder();
    throw error;
  }

  const { port } = server.address() as AddressInfo;
  let stopped: Promise<void> | undefined;
  const requireRunning = (): void => {
    if (stopped !== undefined) {
      throw new Error("The emulator is stopped.");
    }
  };
  return {
    url: `http://${LISTEN_HOST}:${port}`,
    port,
    dataFile,
    storage: driver.name,
    secretId: settings.credentials.secretId,
    secretKey: settings.credentials.secretKey,
    accountId: settings.accountId,
    requestCount: (action) => counter.get(action),
    activate: (memberUin) => {
      requireRunning();
      return activateBinding(store, memberUin, now());
    },
    fail: (memberUin, description = DEFAULT_FAILURE_DESCRIPTION) => {
      requireRunning();
      return failBinding(store, memberUin, description);
    },
    unbind: (memberUin) => {
      requireRunning();
      return store.remove(memberUin);
    },
    issuedCredentials: () => keys.issued(),
    bindings: () => {
      requireRunning();
      return store.all();
    },
    stop: () => {
      stopped ??= close(server).then(() => {
        store.close();
        removeTemporaryFolder();
      });
      return stopped;
    },
  };
}
