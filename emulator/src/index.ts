/**
 * A local emulator of the Tencent Cloud Organization API's member-email actions (API 3.0, TC3-HMAC-SHA256,
 * SQLite-backed), the default target of the demo and the tests. It shares no code with the provider:
 * its signature check, its masking and its error codes are its own, so it checks the provider.
 */
import { mkdirSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname } from "node:path";
import { randomUUID } from "node:crypto";
import { EmulatorClock } from "./clock";
import { RequestCounter, TokenBucketRateLimiter } from "./limits";
import { resolveOptions } from "./options";
import {
  ACTION_NAMES,
  activateBinding,
  DEFAULT_FAILURE_DESCRIPTION,
  expireActivationLinks,
  failBinding,
  type OrganizationContext,
} from "./organization";
import { KeyRing } from "./keys";
import { FaultPlan } from "./planned-faults";
import { handleApiRequest } from "./request";
import { RequestLog } from "./request-log";
import { STS_ACTION_NAMES } from "./sts";
import { close, handleAdminRequest, listen, LISTEN_HOST } from "./server";
import { headerValue } from "./signature";
import { createTemporaryDataFile, loadSqliteDriver, openStore, type BindingStore } from "./store";
import type { Emulator, EmulatorOptions } from "./types";

export {
  DEFAULT_DAILY_BIND_QUOTA,
  DEFAULT_EMULATOR_PORT,
  DEFAULT_MAX_MEMBERS_PER_PHONE,
  DEFAULT_RATE_LIMIT_PER_SECOND,
  DEFAULT_SEND_EMAIL_LIMIT_PER_DAY,
  DEFAULT_SEND_EMAIL_LIMIT_PER_HOUR,
  DEMO_FIRST_MEMBER_UIN,
  DEMO_HOST_UIN,
  DEMO_LAST_MEMBER_UIN,
  DEMO_MEMBERS,
  DEMO_ORGANIZATION_ID,
  DEMO_SECRET_ID,
  DEMO_SECRET_KEY,
  DEFAULT_TEMPORARY_CREDENTIAL_SECONDS,
} from "./options";
export {
  ACTIVATION_LINK_DAYS,
  LINK_EXPIRED_DESCRIPTION,
  MAX_MODIFICATIONS_BEFORE_ACTIVATION,
} from "./organization";
export { readRequestLogFile } from "./request-log";
export type {
  Emulator,
  EmulatorBackgroundLoad,
  EmulatorBinding,
  EmulatorBindStatus,
  EmulatorCamPolicy,
  EmulatorCamStatement,
  EmulatorCredentials,
  EmulatorFaults,
  EmulatorMember,
  EmulatorMemberType,
  EmulatorOptions,
  EmulatorIssuedCredentials,
  EmulatorPlannedFault,
  EmulatorRequestLogEntry,
  EmulatorRole,
  EmulatorTrustPolicy,
  EmulatorTrustStatement,
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

  let requestLog: RequestLog;
  try {
    if (settings.requestLogFile !== undefined) mkdirSync(dirname(settings.requestLogFile), { recursive: true });
    requestLog = new RequestLog(settings.requestLogFile);
  } catch (error) {
    store.close();
    removeTemporaryFolder();
    throw error;
  }
  const clock = new EmulatorClock(store.clockOffset(), (offset) => store.setClockOffset(offset));
  const now = (): Date => clock.now();
  const organization: OrganizationContext = {
    store,
    members: settings.members,
    organizationId: settings.organizationId,
    hostUin: settings.hostUin,
    dailyBindQuota: settings.dailyBindQuota,
    maxMembersPerPhone: settings.maxMembersPerPhone,
    sendEmailLimitPerHour: settings.sendEmailLimitPerHour,
    sendEmailLimitPerDay: settings.sendEmailLimitPerDay,
    maskEmails: settings.maskEmails,
    clock,
  };
  const counter = new RequestCounter(new Set([...ACTION_NAMES, ...STS_ACTION_NAMES]));
  const keys = new KeyRing(settings.credentials, settings.accountId);
  let committedAdds = 0;
  const plannedFaults = new FaultPlan();
  for (const fault of settings.faults.planned) plannedFaults.add(fault);
  const apiContext = {
    keys,
    sts: {
      keys,
      roles: settings.roles,
      webIdentityTokens: settings.webIdentityTokens,
      trustPolicies: settings.trustPolicies,
      temporaryCredentialSeconds: settings.temporaryCredentialSeconds,
      now,
    },
    policies: settings.policies,
    rateLimiter: new TokenBucketRateLimiter(settings.rateLimitPerSecond),
    backgroundLoad: settings.backgroundLoad,
    faults: settings.faults,
    plannedFaults,
    random: Math.random,
    organization,
  };

  let server: Server;
  try {
    server = await listen(settings.port, {
      api: (request) => {
        const action = headerValue(request.headers, "x-tc-action");
        counter.count(action);
        const requestId = randomUUID();
        const sequence = requestLog.received(requestId, action ?? "", request.body);
        const outcome = handleApiRequest(request, apiContext, requestId);
        if (outcome.committed) {
          requestLog.committed(sequence);
          // Only an Organization action resolved from this same header commits.
          if (action === "AddOrganizationMemberEmail") {
            committedAdds += 1;
            if (committedAdds === settings.faults.crashAfterCommits) {
              // The fault: killed between the commit and the answer, with no chance to clean up.
              process.kill(process.pid, "SIGKILL");
            }
          }
        }
        return {
          ...outcome,
          onAnswered: () => requestLog.answered(sequence, outcome.errorCode),
          onDropped: () => requestLog.dropped(sequence),
        };
      },
      admin: (request) => handleAdminRequest(request, store, clock, plannedFaults),
      now,
    });
  } catch (error) {
    requestLog.close();
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
    organizationId: settings.organizationId,
    hostUin: settings.hostUin,
    activate: (memberUin) => {
      requireRunning();
      expireActivationLinks(store, now());
      return activateBinding(store, memberUin, now());
    },
    fail: (memberUin, description = DEFAULT_FAILURE_DESCRIPTION) => {
      requireRunning();
      expireActivationLinks(store, now());
      return failBinding(store, memberUin, description);
    },
    unbind: (memberUin) => {
      requireRunning();
      return store.remove(memberUin);
    },
    issuedCredentials: () => keys.issued(),
    bindings: () => {
      requireRunning();
      expireActivationLinks(store, now());
      return store.all();
    },
    advanceClock: (seconds) => {
      requireRunning();
      clock.advance(seconds);
    },
    now,
    planFault: (fault) => {
      requireRunning();
      plannedFaults.add(fault);
    },
    requestLog: () => requestLog.all(),
    stop: () => {
      stopped ??= close(server).then(() => {
        requestLog.close();
        store.close();
        removeTemporaryFolder();
      });
      return stopped;
    },
  };
}
