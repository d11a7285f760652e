import type { Emulator } from "tencentcloud-organization-emulator";
import { memberEmailProvider } from "../../provider";
import { emulatorForProvider } from "../support/emulator";
import { organizationClient } from "../support/organization-client";

const provider = memberEmailProvider as Required<typeof memberEmailProvider>;
const member = { memberUin: 100000000001, email: "alice@elsewhere.net", countryCode: "86", phone: "13800138001" };
const ENV = "TENCENTCLOUD_ALLOWED_EMAIL_DOMAINS";

let emulator: Emulator;
beforeEach(async () => {
  emulator = await emulatorForProvider();
  process.env[ENV] = "example.com";
});
afterEach(async () => {
  delete process.env[ENV];
  await emulator.stop();
});

describe("create, called without check, under an email-domain policy", () => {
  test("never binds an email outside the allowed domains, and warns of no adoption", async () => {
    const warn = jest.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      await expect(provider.create(member)).rejects.toThrow(
        "Invalid OrganizationMemberEmail inputs: email must be an address at one of the allowed domains, example.com",
      );
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
    expect(emulator.requestCount("AddOrganizationMemberEmail")).toBe(0);
    expect(emulator.bindings()).toHaveLength(0);
  });

  test("never adopts the member's binding of another email outside the allowed domains", async () => {
    await organizationClient(emulator).AddOrganizationMemberEmail({
      MemberUin: member.memberUin,
      Email: "carol@elsewhere.net",
      CountryCode: member.countryCode,
      Phone: member.phone,
    });
    const warn = jest.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      await expect(provider.create(member)).rejects.toThrow(
        "Invalid OrganizationMemberEmail inputs: email must be an address at one of the allowed domains, example.com",
      );
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
    expect(emulator.requestCount("UpdateOrganizationMemberEmailBind")).toBe(0);
  });

  test("adopts, with a warning, the member's existing binding of that very email", async () => {
    const { BindId } = await organizationClient(emulator).AddOrganizationMemberEmail({
      MemberUin: member.memberUin,
      Email: member.email,
      CountryCode: member.countryCode,
      Phone: member.phone,
    });
    const warn = jest.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      const result = await provider.create(member);
      expect(result.outs).toMatchObject({ bindId: BindId, bindStatus: "Valid" });
      expect(warn.mock.calls.join("\n")).toMatch(/Member 100000000001's existing binding has an email outside/);
    } finally {
      warn.mockRestore();
    }
    expect(emulator.requestCount("AddOrganizationMemberEmail")).toBe(1);
  });
});

describe("update, called without check, under an email-domain policy", () => {
  test("never changes an email to one outside the allowed domains", async () => {
    delete process.env[ENV];
    const outs = (await provider.create({ ...member, email: "alice@example.com" })).outs as Record<string, unknown>;
    process.env[ENV] = "example.com";
    await expect(
      provider.update(String(member.memberUin), outs, { ...member, allowEmailUpdate: true }),
    ).rejects.toThrow("Invalid OrganizationMemberEmail inputs: email must be an address at one of the allowed domains");
    expect(emulator.requestCount("UpdateOrganizationMemberEmailBind")).toBe(0);
  });
});
