import { sts } from "tencentcloud-sdk-nodejs/tencentcloud/services/sts";
import { startEmulator, type Emulator } from "tencentcloud-organization-emulator";
import { organizationClient, sdkError } from "../support/organization-client";
import { sendRawRequest } from "./support/send-raw-request";

const alice = { MemberUin: 100000000001, Email: "alice@example.com", CountryCode: "86", Phone: "13912345678" };
const bob = { ...alice, MemberUin: 100000000002, Email: "bob@example.com" };

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.stop();
  emulator = undefined;
});

describe("the emulator's planned faults", () => {
  it("cuts the answer of exactly the third Update, after committing it", async () => {
    emulator = await startEmulator({
      faults: { planned: [{ action: "UpdateOrganizationMemberEmailBind", kind: "dropResponse", skip: 2 }] },
    });
    const client = organizationClient(emulator);
    const { BindId } = await client.AddOrganizationMemberEmail(alice);
    const update = (phone: string) =>
      client.UpdateOrganizationMemberEmailBind({ ...alice, BindId: BindId ?? 0, Phone: phone });
    await update("13912345671");
    await update("13912345672");
    await sdkError(update("13912345673"));

    const updates = emulator.requestLog().filter((entry) => entry.action === "UpdateOrganizationMemberEmailBind");
    expect(updates.map((entry) => entry.answeredAt === undefined)).toEqual([false, false, true]);
    expect(updates[2].committedAt).toEqual(expect.any(Number));
    expect(emulator.bindings()[0]).toMatchObject({ phone: "13912345673", modifications: 3 });
  });

  it("answers one member's Describe with the planned code, and only that member's", async () => {
    emulator = await startEmulator();
    const client = organizationClient(emulator);
    await client.AddOrganizationMemberEmail(alice);
    await client.AddOrganizationMemberEmail(bob);
    emulator.planFault({
      action: "DescribeOrganizationMemberEmailBind",
      kind: "error",
      code: "FailedOperation.BindEmailLinkExpired",
      memberUin: bob.MemberUin,
    });

    await expect(client.DescribeOrganizationMemberEmailBind({ MemberUin: alice.MemberUin })).resolves.toMatchObject({
      BindStatus: "Valid",
    });
    const error = await sdkError(client.DescribeOrganizationMemberEmailBind({ MemberUin: bob.MemberUin }));
    expect(error.code).toBe("FailedOperation.BindEmailLinkExpired");
    // Used up: the next Describe of the same member is answered.
    await expect(client.DescribeOrganizationMemberEmailBind({ MemberUin: bob.MemberUin })).resolves.toMatchObject({
      BindStatus: "Valid",
    });
  });

  it("fails STS actions as planned, out of process through POST /emulator/faults", async () => {
    emulator = await startEmulator();
    const planned = await sendRawRequest({
      port: emulator.port,
      path: "/emulator/faults",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ Action: "GetCallerIdentity", Kind: "error", Code: "RequestLimitExceeded", Times: 2 }),
    });
    expect(planned.status).toBe(200);
    const client = new sts.v20180813.Client({
      credential: emulator,
      region: "ap-guangzhou",
      profile: { httpProfile: { protocol: "http://", endpoint: `127.0.0.1:${emulator.port}`, reqTimeout: 10 } },
    });
    expect((await sdkError(client.GetCallerIdentity())).code).toBe("RequestLimitExceeded");
    expect((await sdkError(client.GetCallerIdentity())).code).toBe("RequestLimitExceeded");
    await expect(client.GetCallerIdentity()).resolves.toMatchObject({ AccountId: String(emulator.hostUin) });
    expect(emulator.requestLog().map((entry) => entry.errorCode)).toEqual([
      "RequestLimitExceeded",
      "RequestLimitExceeded",
      undefined,
    ]);
  });

  it("is not used up by a request the signature check refuses", async () => {
    emulator = await startEmulator({ faults: { planned: [{ action: "DescribeOrganization", kind: "error" }] } });
    const wrongKey = organizationClient(emulator, { secretId: emulator.secretId, secretKey: "wrong" });
    expect((await sdkError(wrongKey.DescribeOrganization({}))).code).toBe("AuthFailure.SignatureFailure");
    expect((await sdkError(organizationClient(emulator).DescribeOrganization({}))).code).toBe("InternalError");
  });

  it("refuses a malformed plan, naming the field", async () => {
    await expect(
      startEmulator({ faults: { planned: [{ action: "AssumeRole", kind: "slow" as "error" }] } }),
    ).rejects.toThrow(/kind must be dropResponse or error/);
    emulator = await startEmulator();
    expect(() => emulator?.planFault({ action: "AssumeRole", kind: "error", times: 0 })).toThrow(/times/);
    const answer = await sendRawRequest({
      port: emulator.port,
      path: "/emulator/faults",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ Action: "AssumeRole", Kind: "dropResponse", Code: "InternalError" }),
    });
    expect(answer.status).toBe(400);
    expect(answer.text).toMatch(/takes no code/);
  });
});
