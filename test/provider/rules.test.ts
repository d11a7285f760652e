import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Emulator } from "tencentcloud-organization-emulator";
import { memberEmailProvider } from "../../provider";
import { OrganizationApi } from "../../provider/api/client";
import { resolveSettings } from "../../provider/api/settings";
import { main } from "../../provider/cli/cli";
import { discoverBindings } from "../../provider/cli/discover";
import { emulatorForProvider } from "../support/emulator";
import { organizationClient } from "../support/organization-client";

const provider = memberEmailProvider as Required<typeof memberEmailProvider>;
const alice = { memberUin: 100000000001, email: "alice@example.com", countryCode: "86", phone: "13800138001" };

describe("the organization a binding belongs to", () => {
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), "member-email-organization-"));
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  test("is recorded at create, and a read with another organization's credentials fails naming both ids", async () => {
    const dataFile = join(folder, "bindings.db");
    const first = await emulatorForProvider({ dataFile, organizationId: 45000001 });
    const created = await provider.create(alice);
    await first.stop();
    expect(created.outs).toMatchObject({ organizationId: 45000001 });

    const other = await emulatorForProvider({ dataFile, organizationId: 45000002 });
    try {
      const refusal = provider.read(created.id, created.outs as Record<string, unknown>);
      await expect(refusal).rejects.toThrowErrorMatchingInlineSnapshot(
        `"The binding of member 100000000001 belongs to organization 45000001, but the configured credentials reach organization 45000002: nothing was read or changed, and the binding stays in the stack. Use the credentials (tencentcloud-member-email:secretId and tencentcloud-member-email:secretKey) of organization 45000001's management account for this stack."`,
      );
      const update = provider.update(created.id, created.outs as Record<string, unknown>, {
        ...alice,
        phone: "13800138002",
      });
      await expect(update).rejects.toThrow(/belongs to organization 45000001.*reach organization 45000002/);
      // Refused before any call about the member: nothing was described or changed.
      expect(other.requestCount("DescribeOrganizationMemberEmailBind")).toBe(0);
      expect(other.requestCount("UpdateOrganizationMemberEmailBind")).toBe(0);
    } finally {
      await other.stop();
    }
  });

  test("a state written before it was recorded is never forgotten by a read under another organization", async () => {
    const dataFile = join(folder, "bindings.db");
    const first = await emulatorForProvider({ dataFile, organizationId: 45000001 });
    const created = await provider.create(alice);
    await first.stop();
    // State as 0.1.0 wrote it: no organizationId.
    const { organizationId: _organizationId, ...older } = created.outs as Record<string, unknown>;

    const other = await emulatorForProvider({ organizationId: 45000002 });
    try {
      await expect(provider.read(created.id, older)).rejects.toThrowErrorMatchingInlineSnapshot(
        `"The stack's state of the binding of member 100000000001 (BindId 1) records no organization (no organizationId: state written by 0.1.0 has none), and the configured credentials reach organization 45000002, where member 100000000001 has no email binding: nothing was changed, and the binding stays in the stack. Run \`pulumi refresh\` with the credentials (tencentcloud-member-email:secretId and tencentcloud-member-email:secretKey) of the management account of the organization the binding was made in: it records that organization. If the binding is really gone from it, remove it from the stack with \`pulumi state delete <urn>\`."`,
      );
      // The other organization was only asked, never changed.
      expect(other.requestCount("DescribeOrganizationMemberEmailBind")).toBe(1);
      expect(other.bindings()).toEqual([]);
    } finally {
      await other.stop();
    }

    const again = await emulatorForProvider({ dataFile, organizationId: 45000001 });
    try {
      const read = await provider.read(created.id, older);
      expect(read.props).toMatchObject({ organizationId: 45000001, bindId: older.bindId });
    } finally {
      await again.stop();
    }
  });

  test("is filled in on the next read of a state written before it was recorded", async () => {
    const emulator = await emulatorForProvider({ organizationId: 45000003 });
    try {
      const created = await provider.create(alice);
      const { organizationId: _organizationId, ...older } = created.outs as Record<string, unknown>;
      const read = await provider.read(created.id, older);
      expect(read.props).toMatchObject({ organizationId: 45000003, bindId: older.bindId });
      expect(emulator.requestCount("DescribeOrganization")).toBe(1);
    } finally {
      await emulator.stop();
    }
  });
});

describe("when the API answers emails masked", () => {
  let emulator: Emulator;
  beforeEach(async () => {
    emulator = await emulatorForProvider({ maskEmails: true });
  });
  afterEach(async () => {
    await emulator.stop();
  });

  test("create, refresh and preview keep the declared email and see no change", async () => {
    const created = await provider.create(alice);
    expect(created.outs).toMatchObject({ email: alice.email });
    const read = await provider.read(created.id, created.outs as Record<string, unknown>);
    expect(read.props).toMatchObject({ email: alice.email });
    expect(read.inputs).toMatchObject({ email: alice.email });
    const preview = await provider.diff(created.id, read.props as Record<string, unknown>, alice);
    expect(preview.changes).toBe(false);
  });

  test("a binding made outside the stack is adopted, with or without the phone", async () => {
    await organizationClient(emulator).AddOrganizationMemberEmail({
      MemberUin: alice.memberUin,
      Email: alice.email,
      CountryCode: "86",
      Phone: alice.phone,
    });
    const { phone: _phone, ...withoutPhone } = alice;
    const adopted = await provider.create(withoutPhone);
    expect(adopted.outs).toMatchObject({ email: alice.email });
    const again = await provider.create(alice);
    expect(again.outs).toMatchObject({ email: alice.email, bindId: adopted.outs.bindId });
    expect(emulator.bindings()).toHaveLength(1);
  });

  test("an import of a binding read with its email masked warns to declare the member's full email", async () => {
    await organizationClient(emulator).AddOrganizationMemberEmail({
      MemberUin: alice.memberUin,
      Email: alice.email,
      CountryCode: "86",
      Phone: alice.phone,
    });
    const warnings: string[] = [];
    const warn = jest.spyOn(console, "warn").mockImplementation((message: string) => void warnings.push(message));
    try {
      const read = await provider.read(String(alice.memberUin), {});
      const masked = (read.inputs as { email: string }).email;
      expect(masked).not.toBe(alice.email);
      expect(masked).toContain("*");
      expect(warnings.join("\n")).toContain(
        `Tencent Cloud answered member ${alice.memberUin}'s email masked (${masked}): declare the member's full email in the program; it is compared with the masked one.`,
      );
    } finally {
      warn.mockRestore();
    }
  });

  test("a refresh that finds another address under the mask shows the drift", async () => {
    const created = await provider.create(alice);
    emulator.unbind(alice.memberUin);
    await organizationClient(emulator).AddOrganizationMemberEmail({
      MemberUin: alice.memberUin,
      Email: "carol@example.org",
      CountryCode: "86",
      Phone: alice.phone,
    });
    const read = await provider.read(created.id, created.outs as Record<string, unknown>);
    expect(read.props).toMatchObject({ email: "ca***@example.org" });
  });

  test("discover says the API hid the emails", async () => {
    await provider.create(alice);
    const api = new OrganizationApi(resolveSettings(undefined), { retrying: () => undefined });
    const discovery = await discoverBindings(api);
    expect(discovery.emailsHidden).toBe(true);
    expect(discovery.bindings.map((binding) => binding.email)).toEqual(["al***@example.com"]);
  });
});

test("discover lists each member's type and names the invited members, which cannot be bound", async () => {
  const emulator = await emulatorForProvider({
    members: [
      { uin: 100000000001, type: "Create" },
      { uin: 100000000002, name: "guest", type: "Invite" },
    ],
  });
  try {
    await provider.create(alice);
    const api = new OrganizationApi(resolveSettings(undefined), { retrying: () => undefined });
    const discovery = await discoverBindings(api);
    expect(discovery.bindings).toMatchObject([{ memberUin: alice.memberUin, memberType: "Create" }]);
    expect(discovery.invited).toEqual([{ memberUin: 100000000002, name: "guest" }]);
  } finally {
    await emulator.stop();
  }
});

test("discover's summary names the invited members, which cannot be bound, says failed bindings need new emails and when the API hid the emails", async () => {
  const emulator = await emulatorForProvider({
    maskEmails: true,
    members: [
      { uin: 100000000001, type: "Create" },
      { uin: 100000000002, name: "guest", type: "Invite" },
      { uin: 100000000003, name: "partner", type: "Invite" },
      { uin: 100000000004, type: "Create" },
    ],
  });
  try {
    await provider.create(alice);
    await provider.create({ ...alice, memberUin: 100000000004, email: "dan@example.com", phone: "13800138004" });
    emulator.fail(100000000004, "The member did not confirm the email in time.");
    let stdout = "";
    let stderr = "";
    const status = await main(["discover"], {
      stdout: (text) => void (stdout += text),
      stderr: (text) => void (stderr += text),
    });
    expect(status).toBe(0);
    // Masked on the terminal, as every email discover prints without --show-emails (the API's own mask, al***, too).
    expect(stdout.split("\t")).toEqual(expect.arrayContaining(["a***@example.com", "Create\n"]));
    const summary = stderr.slice(stderr.indexOf("4 members, ")).replace(/in \d+\.\d s/, "in <n> s");
    expect(summary).toMatchInlineSnapshot(`
"4 members, 2 bound: 1 waiting for activation, 0 active, 1 failed (in <n> s).
2 members were invited into the organization (MemberType Invite) and cannot have an email bound: Tencent Cloud binds security information to created members only. Invited: 100000000002, 100000000003.
1 bindings have failed, and an email that failed activation can never be bound again: give each of those members a new email, with its phone, in the program (or the --out file); a program that declares the failed email fails its preview.
Tencent Cloud answered the emails masked (such as 12***@qq.com), so the list holds them masked: replace each with the member's full email before a program adopts it; the provider compares it with the mask.
To remind the 1 waiting for activation: give each OrganizationMemberEmail \`activationReminder: config.get("activationReminder")\` and change that token every week, for example to the ISO week (\`pulumi config set activationReminder "$(date +%G-W%V)"\`, such as 2026-W49); \`pulumi up\` then sends the activation email again to those still waiting, and to no one else. An activation link expires 15 days after it was last sent: a monthly token lets links expire between reminders, and an expired binding needs a new email.
"
`);
  } finally {
    await emulator.stop();
  }
});

describe("the count of modifications before activation, the emulator's", () => {
  let emulator: Emulator;
  beforeEach(async () => {
    emulator = await emulatorForProvider();
  });
  afterEach(async () => {
    await emulator.stop();
  });

  /** The warnings the provider logged while `work` ran. */
  async function warnings(work: () => Promise<unknown>): Promise<string[]> {
    const lines: string[] = [];
    const warn = jest.spyOn(console, "warn").mockImplementation((message: unknown) => void lines.push(String(message)));
    const log = jest.spyOn(console, "log").mockImplementation(() => undefined);
    try {
      await work();
    } finally {
      warn.mockRestore();
      log.mockRestore();
    }
    return lines;
  }

  /** The state's count beside the emulator's, which is Tencent's rule as the emulator reads it. */
  function counts(outs: Record<string, unknown>): [unknown, number] {
    return [outs.modificationsBeforeActivation, emulator.bindings()[0].modifications];
  }

  async function updated(
    outs: Record<string, unknown>,
    news: Record<string, unknown>,
  ): Promise<Record<string, unknown>> {
    return (await provider.update(String(alice.memberUin), outs, news)).outs as Record<string, unknown>;
  }

  test("activation resets nothing: a refresh of an active binding keeps the count, and a new email waits with it", async () => {
    let outs = (await provider.create(alice)).outs as Record<string, unknown>;
    outs = await updated(outs, { ...alice, phone: "13800138002" });
    outs = await updated(outs, { ...alice, phone: "13800138003" });
    expect(counts(outs)).toEqual([2, 2]);
    emulator.activate(alice.memberUin);
    outs = (await provider.read(String(alice.memberUin), outs)).props as Record<string, unknown>;
    expect(outs.bindStatus).toBe("Success");
    expect(counts(outs)).toEqual([2, 2]);
    // An Update of an active binding counts nothing, a new email included; it puts the binding back to waiting.
    const renewed = { ...alice, phone: "13800138003", email: "alice.new@example.com", allowEmailUpdate: true };
    outs = await updated(outs, renewed);
    expect(outs.bindStatus).toBe("Valid");
    expect(counts(outs)).toEqual([2, 2]);
    // So the next change is the last one Tencent allows, and the preview says so.
    const last = { ...renewed, phone: "13800138004" };
    expect(await warnings(() => provider.diff(String(alice.memberUin), outs, last))).toEqual([
      expect.stringMatching(/is the last of the 3 modifications Tencent Cloud allows/),
    ]);
    outs = await updated(outs, last);
    expect(counts(outs)).toEqual([3, 3]);
    await expect(updated(outs, { ...renewed, phone: "13800138005" })).rejects.toThrow(
      /LimitExceeded\.UpdateEmailBindOverLimit/,
    );
  });

  test("the Update that brings an adopted binding waiting for activation to the declared phone is counted", async () => {
    await organizationClient(emulator).AddOrganizationMemberEmail({
      MemberUin: alice.memberUin,
      Email: alice.email,
      CountryCode: "86",
      Phone: "13900139000",
    });
    const outs = (await provider.create(alice)).outs as Record<string, unknown>;
    expect(emulator.requestCount("UpdateOrganizationMemberEmailBind")).toBe(1);
    expect(counts(outs)).toEqual([1, 1]);
  });

  test("a failed binding given a new email gets no warning of the limit, and starts again from zero", async () => {
    let outs = (await provider.create(alice)).outs as Record<string, unknown>;
    for (const phone of ["13800138002", "13800138003", "13800138004"]) outs = await updated(outs, { ...alice, phone });
    expect(counts(outs)).toEqual([3, 3]);
    emulator.fail(alice.memberUin, "The member did not confirm the email in time.");
    outs = (await provider.read(String(alice.memberUin), outs)).props as Record<string, unknown>;
    const renewed = { ...alice, phone: "13800138004", email: "alice.new@example.com" };
    expect(await warnings(() => provider.diff(String(alice.memberUin), outs, renewed))).toEqual([]);
    outs = await updated(outs, renewed);
    expect(outs.bindStatus).toBe("Valid");
    expect(counts(outs)).toEqual([0, 0]);
  });
});
