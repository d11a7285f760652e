import {
  DEFAULT_EMULATOR_PORT,
  DEMO_MEMBERS,
  DEMO_SECRET_ID,
  DEMO_SECRET_KEY,
  startEmulator,
  type EmulatorOptions,
} from "tencentcloud-organization-emulator";
import { organizationClient } from "../support/organization-client";

describe("startEmulator", () => {
  it("listens on 127.0.0.1 on a free port when asked for port 0 and gives its url", async () => {
    const emulator = await startEmulator({ port: 0 });
    try {
      expect(emulator.port).toBeGreaterThan(0);
      expect(emulator.url).toBe(`http://127.0.0.1:${emulator.port}`);
    } finally {
      await emulator.stop();
    }
  });

  it("names the public defaults docs/emulator.md documents", () => {
    expect(DEFAULT_EMULATOR_PORT).toBe(9217);
    expect(DEMO_SECRET_ID).toBe("AKIDmemberEmailEmulatorDemo00000000");
    expect(DEMO_SECRET_KEY).toBe("memberEmailEmulatorDemoSecretKey");
    expect(DEMO_MEMBERS).toHaveLength(2000);
    expect(DEMO_MEMBERS[0]).toBe(100000000001);
    expect(DEMO_MEMBERS[DEMO_MEMBERS.length - 1]).toBe(100000002000);
  });

  it("serves the whole demo organization, from its first member to its last", async () => {
    const emulator = await startEmulator({ port: 0 });
    try {
      const client = organizationClient(emulator);
      for (const memberUin of [100000000001, 100000002000]) {
        await expect(client.DescribeOrganizationMemberEmailBind({ MemberUin: memberUin })).resolves.toEqual(
          expect.objectContaining({ BindStatus: "Unbound" }),
        );
      }
      await expect(client.DescribeOrganizationMemberEmailBind({ MemberUin: 100000002001 })).rejects.toEqual(
        expect.objectContaining({ code: "ResourceNotFound.OrganizationMemberNotExist" }),
      );
    } finally {
      await emulator.stop();
    }
  });

  it("stops twice without complaint and refuses admin calls once stopped", async () => {
    const emulator = await startEmulator({ port: 0 });
    await Promise.all([emulator.stop(), emulator.stop()]);
    await emulator.stop();
    expect(() => emulator.bindings()).toThrow(/stopped/);
    await expect(fetch(`${emulator.url}/emulator/bindings`)).rejects.toThrow();
  });

  it("fails to start on a port already in use, leaving nothing behind", async () => {
    const first = await startEmulator({ port: 0 });
    try {
      await expect(startEmulator({ port: first.port })).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await first.stop();
    }
  });

  it.each([
    ["an unknown option", { rateLimit: 5 }, /Unknown startEmulator option "rateLimit"/],
    ["a negative port", { port: -1 }, /port/],
    ["a rate limit below one a second", { rateLimitPerSecond: 0.5 }, /rateLimitPerSecond/],
    ["a fault rate above one", { faults: { dropResponseRate: 1.5 } }, /faults.dropResponseRate/],
    ["an unknown fault", { faults: { slowResponseRate: 0.5 } }, /slowResponseRate/],
    ["members that are not uins", { members: ["100000000001"] }, /members/],
    ["credentials without a secret key", { credentials: { secretId: "AKID" } }, /secretKey/],
    ["a phone limit of zero", { maxMembersPerPhone: 0 }, /maxMembersPerPhone/],
  ])("refuses %s, naming the option", async (_case, options, message) => {
    await expect(startEmulator(options as unknown as EmulatorOptions)).rejects.toThrow(message);
  });

  it("never echoes a refused secret key", async () => {
    const attempt = startEmulator({ credentials: { secretId: "", secretKey: "s3cr3t-value" } });
    await expect(attempt).rejects.toThrow();
    await attempt.catch((error: Error) => expect(error.message).not.toContain("s3cr3t-value"));
  });
});
