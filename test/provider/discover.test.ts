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

test("reports the organization's size as a line, and its counts after each page and description as a status", async () => {
  const lines: string[] = [];
  const statuses: string[] = [];
  await discoverBindings(
    api(),
    Object.assign((line: string) => void lines.push(line), { status: (text: string) => void statuses.push(text) }),
  );
  expect(lines).toEqual(["The organization has 130 members; listing them 50 at a time."]);
  // The first page with its descriptions queued, two more pages, and 30 descriptions: 33 counts, the last complete.
  expect(statuses).toHaveLength(33);
  expect(statuses[0]).toMatch(/^Listed 50 of 130 members; described 0 of the \d+ to describe so far\.$/);
  expect(statuses.at(-1)).toBe("Listed 130 of 130 members; described 30 of the 30 to describe so far.");
});

test("a progress without a status hears the lines alone", async () => {
  const lines: string[] = [];
  await discoverBindings(api(), (line) => void lines.push(line));
  expect(lines).toEqual(["The organization has 130 members; listing them 50 at a time."]);
});

test("an organization without bindings gives an empty list", async () => {
  const empty = await emulatorForProvider({ members: organizationMembers(3) });
  try {
    const discovery = await discoverBindings(api());
    expect(discovery).toEqual({ members: 3, bindings: [], invited: [], emailsHidden: false });
    expect(empty.requestCount("DescribeOrganizationMemberEmailBind")).toBe(0);
    let stdout = "";
    let stderr = "";
    const status = await main(["discover"], {
      stdout: (text) => void (stdout += text),
      stderr: (text) => void (stderr += text),
    });
    expect({ status, stdout }).toEqual({ status: 0, stdout: "" });
    // Nothing printed, nothing masked: the summary says only the counts.
    expect(stderr).toMatch(/\n3 members, 0 bound: 0 waiting for activation, 0 active, 0 failed \(in \d+\.\d s\)\.\n$/);
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

describe("emails on the terminal", () => {
  /** Runs `discover` in this process against the shared emulator; answers its exit status and output. */
  async function discover(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
    let stdout = "";
    let stderr = "";
    const status = await main(["discover", ...args], {
      stdout: (text) => void (stdout += text),
      stderr: (text) => void (stderr += text),
    });
    return { status, stdout, stderr };
  }
  const masked = (email: string): string => `${email[0]}***${email.slice(email.indexOf("@"))}`;

  test("the lines show each email masked, and the summary says how to see them whole", async () => {
    const result = await discover([]);
    expect(result.status).toBe(0);
    const lines = result.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(outside.length);
    for (const binding of outside) {
      expect(result.stdout).not.toContain(binding.email);
      expect(lines).toContainEqual(
        expect.stringMatching(
          new RegExp(`^${binding.memberUin}\t.*\t${masked(binding.email).replace(/[*.]/g, "\\$&")}\t`),
        ),
      );
    }
    expect(result.stderr).toMatch(
      /The emails printed are masked \(a\*\*\*@example\.com\): --show-emails prints them whole; --out keeps them\./,
    );
    for (const binding of outside) expect(result.stderr).not.toContain(binding.email);
  });

  test("--json shows each email masked, the rest as Tencent Cloud holds it", async () => {
    const result = await discover(["--json"]);
    expect(result.status).toBe(0);
    const listed = JSON.parse(result.stdout) as { memberUin: number; email: string }[];
    const expected = (expectedDiscovery(outside, bindIds) as { email: string }[]).map((binding) => ({
      ...binding,
      email: masked(binding.email),
    }));
    expect(listed).toEqual(expected);
  });

  test("--show-emails prints them whole, in the lines and the JSON", async () => {
    const lines = await discover(["--show-emails"]);
    for (const binding of outside) expect(lines.stdout).toContain(`\t${binding.email}\t`);
    expect(lines.stderr).not.toMatch(/emails printed are masked/);
    const json = await discover(["--json", "--show-emails"]);
    expect(JSON.parse(json.stdout)).toEqual(expectedDiscovery(outside, bindIds));
  });

  test("--out keeps each email whole in the file (adoption compares them) and prints none", async () => {
    const folder = mkdtempSync(join(tmpdir(), "member-email-discover-emails-"));
    try {
      const file = join(folder, "team.yaml");
      const result = await discover(["--out", file]);
      expect(result.status).toBe(0);
      expect(result.stdout).toBe("");
      expect(result.stderr).not.toMatch(/emails printed are masked/);
      const written = readFileSync(file, "utf8");
      for (const binding of outside) expect(written).toContain(binding.email);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe("discover's summary on stderr", () => {
  /** Runs `discover` in this process; answers its exit status and output. */
  async function discover(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
    let stdout = "";
    let stderr = "";
    const status = await main(["discover", ...args], {
      stdout: (text) => void (stdout += text),
      stderr: (text) => void (stderr += text),
    });
    return { status, stdout, stderr };
  }
  const count = (status: string): number => outside.filter((binding) => binding.status === status).length;

  test("counts the bindings by state, says what a failed one needs, and how to remind those waiting", async () => {
    const { status, stderr } = await discover(["--json"]);
    expect(status).toBe(0);
    const lines = stderr.trimEnd().split("\n");
    expect(lines[0]).toBe("The organization has 130 members; listing them 50 at a time.");
    expect(lines[1]).toMatch(
      new RegExp(
        `^130 members, 30 bound: ${count("Valid")} waiting for activation, ${count("Success")} active, ` +
          `${count("Failed")} failed \\(in \\d+\\.\\d s\\)\\.$`,
      ),
    );
    expect(lines[2]).toBe(
      `${count("Failed")} bindings have failed, and an email that failed activation can never be bound again: give ` +
        "each of those members a new email, with its phone, in the program (or the --out file); a program that " +
        "declares the failed email fails its preview.",
    );
    expect(lines[3]).toBe(
      "The emails printed are masked (a***@example.com): --show-emails prints them whole; --out keeps them.",
    );
    expect(lines[4]).toMatch(
      new RegExp(
        `^To remind the ${count("Valid")} waiting for activation: give each OrganizationMemberEmail ` +
          '`activationReminder: config.get\\("activationReminder"\\)`.* An activation link expires 15 days after it ' +
          "was last sent: a monthly token lets links expire between reminders, and an expired binding needs a new email\\.$",
      ),
    );
    expect(lines).toHaveLength(5);
  });

  test("--import-file writes one resource per binding, no email, and says how to import them", async () => {
    const folder = mkdtempSync(join(tmpdir(), "member-email-discover-import-"));
    try {
      const file = join(folder, "import.json");
      const { status, stdout, stderr } = await discover(["--import-file", file]);
      expect(status).toBe(0);
      expect(stdout).toBe("");
      expect(stderr).toContain(
        `Wrote 30 resources to ${file}; import them into a stack whose project finds the plugin with \`pulumi import --file ${file}\`.\n`,
      );
      const written = readFileSync(file, "utf8");
      expect((JSON.parse(written) as { resources: unknown[] }).resources).toHaveLength(30);
      for (const binding of outside) expect(written).not.toContain(binding.email);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  test("names the invited members, and says when Tencent Cloud answered the emails masked", async () => {
    const small = await emulatorForProvider({
      maskEmails: true,
      members: [
        { uin: 100000000901, type: "Create" },
        { uin: 100000000903, type: "Invite" },
        { uin: 100000000902, type: "Invite" },
      ],
    });
    try {
      await bindOutsidePulumi(small, [
        {
          memberUin: 100000000901,
          email: "someone@example.com",
          countryCode: "86",
          phone: "13800138000",
          status: "Valid",
        },
      ]);
      const { status, stdout, stderr } = await discover([]);
      expect(status).toBe(0);
      expect(stdout).not.toContain("someone@example.com");
      expect(stderr).toContain(
        "\n2 members were invited into the organization (MemberType Invite) and cannot have an email bound: Tencent " +
          "Cloud binds security information to created members only. Invited: 100000000902, 100000000903.\n",
      );
      expect(stderr).toContain(
        "\nTencent Cloud answered the emails masked (such as 12***@qq.com), so the list holds them masked: replace " +
          "each with the member's full email before a program adopts it; the provider compares it with the mask.\n",
      );
      expect(stderr).not.toMatch(/emails printed are masked|bindings have failed/);
    } finally {
      await small.stop();
      process.env.TENCENTCLOUD_ORGANIZATION_ENDPOINT = emulator.url;
      process.env.TENCENTCLOUD_SECRET_ID = emulator.secretId;
      process.env.TENCENTCLOUD_SECRET_KEY = emulator.secretKey;
    }
  });

  test("--out says where it wrote, and a retried call is told on stderr before the summary", async () => {
    const folder = mkdtempSync(join(tmpdir(), "member-email-discover-retry-"));
    try {
      emulator.planFault({
        action: "DescribeOrganizationMemberEmailBind",
        kind: "error",
        code: "InternalError",
        memberUin: outside[0].memberUin,
      });
      const file = join(folder, "team.yaml");
      const startedAt = performance.now();
      const { status, stderr } = await discover(["--out", file]);
      const wall = (performance.now() - startedAt) / 1000;
      expect(status).toBe(0);
      expect(stderr).toMatch(
        new RegExp(
          "^DescribeOrganizationMemberEmailBind: InternalError on attempt 1 of \\d+ .*; retrying in \\d+ ms\\.$",
          "m",
        ),
      );
      expect(stderr).toContain(`\nWrote 30 members to ${file}.\n130 members, 30 bound:`);
      const seconds = Number(/\(in (\d+\.\d) s\)/.exec(stderr)?.[1]);
      expect(seconds).toBeGreaterThan(0);
      expect(seconds).toBeLessThanOrEqual(wall + 0.05);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  test("refuses arguments besides its options, naming them all", async () => {
    const { status, stderr } = await discover(["one", "two"]);
    expect(status).toBe(2);
    expect(stderr).toMatch(/^discover takes no arguments besides its options; got "one two"\./);
  });

  test("on a terminal, the counts are erased before the summary, and before the reason of a failure", async () => {
    const run = async (): Promise<{ status: number; stderr: string }> => {
      let stderr = "";
      const status = await main(["discover", "--json"], {
        stdout: () => undefined,
        stderr: (text) => void (stderr += text),
        stderrTerminal: { columns: 200 },
      });
      return { status, stderr };
    };
    const redraw = "\r\u001b[K";
    const done = await run();
    expect(done.status).toBe(0);
    expect(done.stderr).toContain(`of the 30 to describe so far.${redraw}130 members, 30 bound:`);
    emulator.planFault({
      action: "DescribeOrganizationMemberEmailBind",
      kind: "error",
      code: "AuthFailure.UnauthorizedOperation",
      memberUin: outside[1].memberUin,
    });
    const failed = await run();
    expect(failed.status).toBe(3);
    expect(failed.stderr).toContain(`to describe so far.${redraw}pulumi-tencentcloud-member-email discover failed: `);
  });
});
