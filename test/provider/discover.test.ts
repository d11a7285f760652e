import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Emulator } from "tencentcloud-organization-emulator";
import { main } from "../../provider/cli/cli";
import { OrganizationApi } from "../../provider/api/client";
import { discoverBindings, summarize } from "../../provider/cli/discover";
import { resolveSettings } from "../../provider/api/settings";
import { emulatorForProvider } from "../support/emulator";
import {
  bindOutsidePulumi,
  expectedDiscovery,
  mixedBindings,
  organizationMembers,
} from "../support/organization-setup";

const members = organizationMembers(130);
const outside = mixedBindings(members, 30);

let emulator: Emulator;
let bindIds: Map<number, number>;
beforeAll(async () => {
  emulator = await emulatorForProvider({ members });
  bindIds = await bindOutsidePulumi(emulator, outside);
});
afterAll(async () => {
  await emulator.stop();
});

function api(): OrganizationApi {
  return new OrganizationApi(resolveSettings(undefined), { retrying: () => undefined });
}

test("finds exactly the bound members, with the emails, statuses and BindIds Tencent Cloud holds", async () => {
  const discovery = await discoverBindings(api());
  expect(discovery.members).toBe(130);
  const expected = expectedDiscovery(outside, bindIds);
  expect(discovery.bindings).toEqual(expected);
  expect(new Set(discovery.bindings.map((binding) => binding.name)).size).toBe(30);
  const count = (status: string): number => outside.filter((binding) => binding.status === status).length;
  expect(count("Failed")).toBeGreaterThan(0);
  expect(summarize(discovery)).toEqual({
    members: 130,
    bound: 30,
    waiting: count("Valid"),
    active: count("Success"),
    failed: count("Failed"),
    invited: 0,
  });
});

test("lists the members 50 at a time and describes only the members that are bound", async () => {
  const pagesBefore = emulator.requestCount("DescribeOrganizationMembers");
  const describesBefore = emulator.requestCount("DescribeOrganizationMemberEmailBind");
  await discoverBindings(api());
  expect(emulator.requestCount("DescribeOrganizationMembers") - pagesBefore).toBe(3);
  expect(emulator.requestCount("DescribeOrganizationMemberEmailBind") - describesBefore).toBe(30);
});

test("reports progress while it works", async () => {
  const messages: string[] = [];
  await discoverBindings(api(), (message) => messages.push(message));
  expect(messages[0]).toBe("The organization has 130 members; listing them 50 at a time.");
  expect(messages).toContain("Listed 130 of 130 members.");
});

test("an organization without bindings gives an empty list", async () => {
  const empty = await emulatorForProvider({ members: organizationMembers(3) });
  try {
    const discovery = await discoverBindings(api());
    expect(discovery).toEqual({ members: 3, bindings: [], invited: [], emailsHidden: false });
    expect(empty.requestCount("DescribeOrganizationMemberEmailBind")).toBe(0);
  } finally {
    await empty.stop();
    // The shared emulator's variables were replaced by this one's: point them back.
    process.env.TENCENTCLOUD_ORGANIZATION_ENDPOINT = emulator.url;
    process.env.TENCENTCLOUD_SECRET_ID = emulator.secretId;
    process.env.TENCENTCLOUD_SECRET_KEY = emulator.secretKey;
  }
});

test("a binding that cannot be described fails discovery, rather than a list that leaves it out", async () => {
  const [first] = outside;
  emulator.planFault({
    action: "DescribeOrganizationMemberEmailBind",
    kind: "error",
    code: "AuthFailure.UnauthorizedOperation",
    memberUin: first.memberUin,
  });
  const before = emulator.requestLog().at(-1)?.sequence ?? 0;
  await expect(discoverBindings(api())).rejects.toThrow(
    new RegExp(
      `DescribeOrganizationMemberEmailBind for member ${first.memberUin} failed with AuthFailure\\.UnauthorizedOperation`,
    ),
  );
  const refused = emulator
    .requestLog()
    .filter((entry) => entry.sequence > before && entry.errorCode === "AuthFailure.UnauthorizedOperation");
  expect(refused.map((entry) => entry.memberUin)).toEqual([first.memberUin]);
});

describe("discover --out", () => {
  let folder: string;
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), "member-email-discover-out-"));
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  /** Runs `discover --out file` in this process against the shared emulator; answers its exit status. */
  const discoverTo = (file: string): Promise<number> =>
    main(["discover", "--out", file], { stdout: () => undefined, stderr: () => undefined });

  test("over an existing world-readable file leaves it readable by its owner alone (0600), emails written", async () => {
    const file = join(folder, "existing.yaml");
    writeFileSync(file, "members: []\n");
    chmodSync(file, 0o644);
    expect(await discoverTo(file)).toBe(0);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, "utf8")).toContain(outside[0].email);
  });

  test("as a new file makes it 0600", async () => {
    const file = join(folder, "new.yaml");
    expect(await discoverTo(file)).toBe(0);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});
