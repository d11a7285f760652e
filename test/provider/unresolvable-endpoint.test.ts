/**
 * An endpoint whose host does not resolve (`ENOTFOUND`) fails at once, naming the setting the host comes from, through
 * every door that reads one: the Organization API, STS and the instance metadata service; the dynamic provider (the
 * `tencentcloud-member-email:` keys) and the native plugin (its own namespace). `.invalid` never resolves (RFC 6761), so the
 * resolver's answer is real. A transient resolver failure (`EAI_AGAIN`) is still retried: test/unit/retry-policy.test.ts.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Emulator } from "tencentcloud-organization-emulator";
import { memberEmailProvider } from "../../provider";
import { OrganizationApi } from "../../provider/api/client";
import { CredentialError, CredentialProvider } from "../../provider/api/credentials";
import { MemberEmailApiError } from "../../provider/api/errors";
import { stackConfigSource } from "../../provider/api/settings";
import { nativeProvider } from "../../provider/plugin/native-provider";
import { useConfig } from "../../provider/resource/lifecycle";
import { emulatorForProvider } from "../support/emulator";
import { failureOf } from "../support/failure";
import { keyPairSettings } from "../support/planned-endpoint";

/** No port: fetch refuses port 1 before it resolves anything. */
const UNRESOLVABLE = "http://no-such-host.invalid";
const provider = memberEmailProvider as Required<typeof memberEmailProvider>;
const alice = { memberUin: 100000000001, email: "alice@example.com", countryCode: "86", phone: "13800138001" };
/** Well under the 8 attempts over about 10 s a retried failure takes. */
const AT_ONCE_MS = 3000;

let emulator: Emulator;
const saved = { ...process.env };
beforeEach(async () => {
  emulator = await emulatorForProvider();
});
afterEach(async () => {
  await emulator.stop();
  process.env = { ...saved };
  // The plugin's Configure hands the lifecycle its settings; the dynamic provider's tests read the environment.
  useConfig(undefined);
});

/** The error `call` fails with, and how long it took. */
async function timedFailure<T extends Error>(
  call: () => Promise<unknown>,
  type: abstract new (...args: never[]) => T,
): Promise<{ error: T; ms: number }> {
  const started = performance.now();
  const error = await failureOf(call(), type);
  return { error, ms: performance.now() - started };
}

describe("an Organization endpoint whose host does not resolve", () => {
  test("fails the call on its first attempt, with no retry, naming organizationEndpoint as the commands read it", async () => {
    const retries: string[] = [];
    const api = new OrganizationApi(
      keyPairSettings("no-such-host.invalid", { secretId: emulator.secretId, secretKey: emulator.secretKey }),
      { retrying: (line) => retries.push(line) },
    );
    const { error, ms } = await timedFailure(() => api.describeMemberEmailBind(alice.memberUin), MemberEmailApiError);
    expect(error).toMatchObject({ attempts: 1, networkCode: "ENOTFOUND", code: undefined });
    expect(retries).toEqual([]);
    expect(ms).toBeLessThan(AT_ONCE_MS);
    expect(error.message).toContain("getaddrinfo ENOTFOUND no-such-host.invalid");
    expect(error.message).toContain(
      "The endpoint's host does not resolve (ENOTFOUND), so nothing was sent and the call was not retried: check " +
        "TENCENTCLOUD_ORGANIZATION_ENDPOINT, the setting the host comes from",
    );
  });

  test("fails the dynamic provider's create at once, naming tencentcloud-member-email:organizationEndpoint", async () => {
    // A program's dynamic provider reads its stack config (configure), tencentcloud-member-email: keys, over the
    // environment.
    useConfig(stackConfigSource(() => undefined));
    process.env.TENCENTCLOUD_ORGANIZATION_ENDPOINT = UNRESOLVABLE;
    const { error, ms } = await timedFailure(() => provider.create(alice), MemberEmailApiError);
    expect(error.attempts).toBe(1);
    expect(ms).toBeLessThan(AT_ONCE_MS);
    expect(error.message).toContain(
      "does not resolve (ENOTFOUND), so nothing was sent and the call was not retried: check " +
        "tencentcloud-member-email:organizationEndpoint (or TENCENTCLOUD_ORGANIZATION_ENDPOINT)",
    );
  });

  test("fails the native plugin's create at once, naming the key its provider reads", async () => {
    const plugin = nativeProvider("0.0.0");
    plugin.configure("urn:pulumi:dev::bindings::pulumi:providers:tencentcloud-member-email::orgB", {
      organizationEndpoint: UNRESOLVABLE,
      secretId: emulator.secretId,
      secretKey: emulator.secretKey,
    });
    const urn = "urn:pulumi:dev::bindings::tencentcloud-member-email:index:OrganizationMemberEmail::alice";
    const { error, ms } = await timedFailure(() => plugin.create(urn, alice), MemberEmailApiError);
    expect(error.attempts).toBe(1);
    expect(ms).toBeLessThan(AT_ONCE_MS);
    expect(error.message).toContain(
      "does not resolve (ENOTFOUND), so nothing was sent and the call was not retried: check " +
        "tencentcloud-member-email:organizationEndpoint (or TENCENTCLOUD_ORGANIZATION_ENDPOINT)",
    );
    expect(error.message).not.toContain("tencentcloud:");
  });
});

describe("an endpoint whose host resolves but refuses the connection", () => {
  test("is still retried, each retry logged as no answer, within the retry budget", async () => {
    // A port that was free a moment ago: connecting to it is refused (ECONNREFUSED), a failure that may pass.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const retries: string[] = [];
    const api = new OrganizationApi(keyPairSettings(`127.0.0.1:${port}`, emulator, { retryBudgetSeconds: 1 }), {
      retrying: (line) => retries.push(line),
    });
    const error = await failureOf(api.describeMemberEmailBind(alice.memberUin), MemberEmailApiError);
    expect(error.networkCode).toBe("ECONNREFUSED");
    expect(error.attempts).toBeGreaterThan(1);
    expect(retries).toHaveLength(error.attempts - 1);
    expect(retries[0]).toMatch(
      /^DescribeOrganizationMemberEmailBind: no answer on attempt 1 of 8; retrying in \d+ ms\.$/,
    );
    expect(error.message).not.toContain("does not resolve");
  });
});

describe("an STS endpoint whose host does not resolve", () => {
  test("fails the account guard at once, naming tencentcloud-member-email:stsEndpoint, before any Organization call", async () => {
    // The gap docs/plugin.md's example had: the Organization endpoint points at the emulator, STS at a host that
    // does not resolve, and allowedAccountIds makes the first call ask STS GetCallerIdentity.
    process.env.TENCENTCLOUD_STS_ENDPOINT = UNRESOLVABLE;
    process.env.TENCENTCLOUD_ALLOWED_ACCOUNT_IDS = "100000000000";
    const { error, ms } = await timedFailure(() => provider.create(alice), CredentialError);
    expect(ms).toBeLessThan(AT_ONCE_MS);
    expect(error.message).toMatch(
      /^STS GetCallerIdentity failed: no answer: .*getaddrinfo ENOTFOUND no-such-host\.invalid/,
    );
    expect(error.message).toContain(
      ". The endpoint's host does not resolve (ENOTFOUND), so nothing was sent and the call was not retried: check " +
        "tencentcloud-member-email:stsEndpoint (or TENCENTCLOUD_STS_ENDPOINT), the setting the host comes from",
    );
    expect(emulator.requestCount()).toBe(0);
  });
});

describe("an instance metadata endpoint whose host does not resolve", () => {
  test("fails at once, naming metadataEndpoint as a reader given no config reads it: its variable", async () => {
    const retries: string[] = [];
    const credentials = new CredentialProvider(
      {
        source: { kind: "camRole", roleName: "cvm-role", metadataEndpoint: UNRESOLVABLE },
        stsProtocol: "http://",
        stsHost: "no-such-host.invalid",
        allowedAccountIds: [],
        forbiddenAccountIds: [],
      },
      { log: { retrying: (line) => retries.push(line) } },
    );
    const { error, ms } = await timedFailure(() => credentials.getCredential(), CredentialError);
    expect(retries).toEqual([]);
    expect(ms).toBeLessThan(AT_ONCE_MS);
    expect(error.message).toMatch(
      new RegExp(`^The instance metadata service at ${UNRESOLVABLE} gave no credentials for the CAM role cvm-role \\(`),
    );
    expect(error.message).toContain(
      "ENOTFOUND). The endpoint's host does not resolve (ENOTFOUND), so nothing was sent and the call was not " +
        "retried: check TENCENTCLOUD_METADATA_ENDPOINT, the setting",
    );
  });
});
