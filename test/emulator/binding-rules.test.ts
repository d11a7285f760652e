import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  LINK_EXPIRED_DESCRIPTION,
  startEmulator,
  type Emulator,
  type EmulatorOptions,
} from "tencentcloud-organization-emulator";
import { organizationClient, sdkError, type OrganizationClient } from "../support/organization-client";
import { sendRawRequest } from "./support/send-raw-request";

const HOUR = 3600;
const DAY = 24 * HOUR;

/**
 * Tencent's documented rules for a member's security information ("Binding Security Information for
 * Members"): three modifications before activation, a 15-day activation link, an email that failed
 * activation never bound again, and resend limits; each driven through the official SDK.
 */
describe("the documented rules of a member's email binding", () => {
  let emulator: Emulator;
  let client: OrganizationClient;
  let nextUin = 100000000001;

  const start = async (options: EmulatorOptions = {}): Promise<void> => {
    emulator = await startEmulator({ port: 0, rateLimitPerSecond: Infinity, ...options });
    client = organizationClient(emulator);
  };

  afterEach(async () => {
    await emulator.stop();
  });

  const bind = async (email: string, memberUin = nextUin++) => {
    const { BindId } = await client.AddOrganizationMemberEmail({
      MemberUin: memberUin,
      Email: email,
      CountryCode: "86",
      Phone: "13912345678",
    });
    return { memberUin, bindId: BindId ?? 0 };
  };
  const update = (binding: { memberUin: number; bindId: number }, email: string, phone = "13912345678") =>
    client.UpdateOrganizationMemberEmailBind({
      MemberUin: binding.memberUin,
      BindId: binding.bindId,
      Email: email,
      CountryCode: "86",
      Phone: phone,
    });
  const resend = (binding: { memberUin: number; bindId: number }) =>
    client.SendOrgMemberAccountBindEmail({ MemberUin: binding.memberUin, BindId: binding.bindId });
  const describeBinding = (binding: { memberUin: number }) =>
    client.DescribeOrganizationMemberEmailBind({ MemberUin: binding.memberUin });

  describe("modifications before activation", () => {
    it("takes three Updates of a Valid binding and refuses the fourth with LimitExceeded.UpdateEmailBindOverLimit", async () => {
      await start();
      const binding = await bind("first@example.com");
      await update(binding, "second@example.com");
      await update(binding, "second@example.com", "13912345679");
      await update(binding, "third@example.com");
      const error = await sdkError(update(binding, "fourth@example.com"));
      expect(error.code).toBe("LimitExceeded.UpdateEmailBindOverLimit");
      expect(error.message).toBe(
        `Binding ${binding.bindId} of member ${binding.memberUin} was already modified 3 times before activation, ` +
          "the most allowed: the member must activate it from the email first.",
      );
      await expect(describeBinding(binding)).resolves.toMatchObject({ Email: "third@example.com" });
      expect(emulator.bindings()[0]).toMatchObject({ modifications: 3 });
    });

    it("does not reset the count on activation: after a new email, the binding waits again with the count it had", async () => {
      await start();
      const binding = await bind("a@example.com");
      for (const email of ["b@example.com", "c@example.com", "d@example.com"]) await update(binding, email);
      emulator.activate(binding.memberUin);
      // Changes of an active binding are not modifications before activation.
      await update(binding, "d@example.com", "13912345670");
      await update(binding, "e@example.com");
      await expect(describeBinding(binding)).resolves.toMatchObject({ BindStatus: "Valid" });
      expect((await sdkError(update(binding, "f@example.com"))).code).toBe("LimitExceeded.UpdateEmailBindOverLimit");
    });
  });

  describe("the 15-day activation link", () => {
    it("fails a Valid binding 15 days after its link was sent: Describe answers Failed with the reason", async () => {
      await start();
      const binding = await bind("late@example.com");
      emulator.advanceClock(15 * DAY - 60);
      await expect(describeBinding(binding)).resolves.toMatchObject({ BindStatus: "Valid" });
      emulator.advanceClock(60);
      await expect(describeBinding(binding)).resolves.toMatchObject({
        BindStatus: "Failed",
        Description: LINK_EXPIRED_DESCRIPTION,
        BindTime: "",
      });
      expect(LINK_EXPIRED_DESCRIPTION).toBe(
        "The activation link expired: it was not used within 15 days of being sent. " +
          "This email can never be bound again; submit a new one.",
      );
      const members = await client.DescribeOrganizationMembers({
        Offset: 0,
        Limit: 1,
        SearchKey: String(binding.memberUin),
      });
      expect(members.Items?.[0]).toMatchObject({ MemberUin: binding.memberUin, BindStatus: "Failed" });
    });

    it("starts the 15 days over when the link is sent again, by a resend or an Update", async () => {
      await start();
      const resent = await bind("resent@example.com");
      const updated = await bind("updated@example.com");
      emulator.advanceClock(10 * DAY);
      await resend(resent);
      await update(updated, "updated@example.com", "13912345670");
      emulator.advanceClock(10 * DAY);
      await expect(describeBinding(resent)).resolves.toMatchObject({ BindStatus: "Valid" });
      await expect(describeBinding(updated)).resolves.toMatchObject({ BindStatus: "Valid" });
      emulator.advanceClock(5 * DAY);
      await expect(describeBinding(resent)).resolves.toMatchObject({ BindStatus: "Failed" });
      await expect(describeBinding(updated)).resolves.toMatchObject({ BindStatus: "Failed" });
    });

    it("cannot be activated once expired, from code or from the admin route", async () => {
      await start();
      const binding = await bind("too-late@example.com");
      emulator.advanceClock(16 * DAY);
      expect(() => emulator.activate(binding.memberUin)).toThrow(
        `Member ${binding.memberUin}'s binding has failed: its activation link can no longer be used. ` +
          "Submit a new email with UpdateOrganizationMemberEmailBind first.",
      );
      const response = await sendRawRequest({
        port: emulator.port,
        path: "/emulator/activate",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ MemberUin: binding.memberUin }),
      });
      expect(response.status).toBe(409);
      await expect(describeBinding(binding)).resolves.toMatchObject({ BindStatus: "Failed" });
    });

    it("never expires an activated binding", async () => {
      await start();
      const binding = await bind("active@example.com");
      emulator.activate(binding.memberUin);
      emulator.advanceClock(400 * DAY);
      await expect(describeBinding(binding)).resolves.toMatchObject({ BindStatus: "Success" });
    });

    it("refuses the resend and an Update to the same email of an expired binding with FailedOperation.EmailBindRecordInvalid", async () => {
      await start();
      const binding = await bind("expired@example.com");
      emulator.advanceClock(16 * DAY);
      const resent = await sdkError(resend(binding));
      expect(resent.code).toBe("FailedOperation.EmailBindRecordInvalid");
      expect(resent.message).toBe(
        `Binding ${binding.bindId} of member ${binding.memberUin} has failed: its activation email cannot be sent again; submit a new email.`,
      );
      const updated = await sdkError(update(binding, "EXPIRED@example.com", "13912345670"));
      expect(updated.code).toBe("FailedOperation.EmailBindRecordInvalid");
      expect(updated.message).toBe(
        `Binding ${binding.bindId} of member ${binding.memberUin} has failed and its email can never be bound again: submit a new email.`,
      );
    });

    it("refuses the email that failed activation everywhere afterwards with FailedOperation.EmailAlreadyUsed", async () => {
      await start();
      const binding = await bind("burnt@example.com");
      const other = await bind("other@example.com");
      emulator.advanceClock(16 * DAY);
      const message =
        "The email failed activation once and can never be bound again, to any member: use another email.";
      const added = await sdkError(bind("Burnt@Example.com"));
      expect(added).toMatchObject({ code: "FailedOperation.EmailAlreadyUsed", message });
      await update(binding, "fresh@example.com");
      // Even once its binding has moved to another email, the failed one stays barred, here as well.
      const moved = await sdkError(update(other, "burnt@example.com"));
      expect(moved).toMatchObject({ code: "FailedOperation.EmailAlreadyUsed", message });
      const back = await sdkError(update(binding, "burnt@example.com"));
      expect(back).toMatchObject({ code: "FailedOperation.EmailAlreadyUsed", message });
    });

    it("submits an expired binding again when Update gives it a new email: Valid, a fresh link, no modification counted", async () => {
      await start();
      const binding = await bind("old@example.com");
      emulator.advanceClock(16 * DAY);
      await update(binding, "new@example.com");
      const answer = await describeBinding(binding);
      expect(answer).toMatchObject({
        BindId: binding.bindId,
        BindStatus: "Valid",
        Description: "",
        Email: "new@example.com",
      });
      expect(answer.ApplyTime).toBe(emulator.now().toISOString().slice(0, 19).replace("T", " "));
      expect(emulator.bindings()[0]).toMatchObject({ modifications: 0, linkSentAt: answer.ApplyTime });
      await expect(resend(binding)).resolves.toMatchObject({ RequestId: expect.any(String) });
      for (const email of ["n1@example.com", "n2@example.com", "n3@example.com"]) await update(binding, email);
      expect((await sdkError(update(binding, "n4@example.com"))).code).toBe("LimitExceeded.UpdateEmailBindOverLimit");
    });

    it("bars the email of a binding failed through the admin route too", async () => {
      await start();
      const binding = await bind("refused@example.com");
      emulator.fail(binding.memberUin, "The mailbox refused the email.");
      // The failed binding moves to a new email, so nothing holds the refused one any more but its failure.
      await update(binding, "accepted@example.com");
      expect(await sdkError(bind("refused@example.com"))).toMatchObject({
        code: "FailedOperation.EmailAlreadyUsed",
        message: "The email failed activation once and can never be bound again, to any member: use another email.",
      });
    });

    it("keeps the clock, an expired binding and its barred email across a restart on the same data file", async () => {
      const folder = mkdtempSync(join(tmpdir(), "emulator-rules-test-"));
      try {
        const dataFile = join(folder, "organization.sqlite");
        await start({ dataFile });
        const binding = await bind("kept@example.com");
        emulator.advanceClock(16 * DAY);
        await emulator.stop();
        await start({ dataFile });
        await expect(describeBinding(binding)).resolves.toMatchObject({ BindStatus: "Failed" });
        expect((await sdkError(bind("kept@example.com"))).code).toBe("FailedOperation.EmailAlreadyUsed");
      } finally {
        await emulator.stop();
        rmSync(folder, { recursive: true, force: true });
      }
    });
  });

  describe("resending the activation email", () => {
    it("allows 3 resends an hour and refuses the next with LimitExceeded.SendEmailWithinOneHourLimit", async () => {
      await start();
      const binding = await bind("hourly@example.com");
      for (let i = 0; i < 3; i++) await resend(binding);
      const error = await sdkError(resend(binding));
      expect(error.code).toBe("LimitExceeded.SendEmailWithinOneHourLimit");
      expect(error.message).toBe(
        `The activation email of binding ${binding.bindId} was already sent again 3 times in the last hour, the most allowed: try again later.`,
      );
      emulator.advanceClock(HOUR + 1);
      await expect(resend(binding)).resolves.toMatchObject({ RequestId: expect.any(String) });
    });

    it("allows 10 resends a day and refuses the next with LimitExceeded.SendEmailLimit, even in a new hour", async () => {
      await start();
      const binding = await bind("daily@example.com");
      for (let sent = 0; sent < 10; sent++) {
        if (sent > 0 && sent % 3 === 0) emulator.advanceClock(HOUR + 1);
        await resend(binding);
      }
      emulator.advanceClock(HOUR + 1);
      const error = await sdkError(resend(binding));
      expect(error.code).toBe("LimitExceeded.SendEmailLimit");
      expect(error.message).toBe(
        `The activation email of binding ${binding.bindId} was already sent again 10 times in the last 24 hours, the most allowed: try again tomorrow.`,
      );
      emulator.advanceClock(DAY);
      await expect(resend(binding)).resolves.toMatchObject({ RequestId: expect.any(String) });
    });

    it("takes its limits from sendEmailLimitPerHour and sendEmailLimitPerDay", async () => {
      await start({ sendEmailLimitPerHour: 1, sendEmailLimitPerDay: 2 });
      const binding = await bind("tight@example.com");
      await resend(binding);
      expect((await sdkError(resend(binding))).code).toBe("LimitExceeded.SendEmailWithinOneHourLimit");
      emulator.advanceClock(HOUR + 1);
      await resend(binding);
      emulator.advanceClock(HOUR + 1);
      expect((await sdkError(resend(binding))).code).toBe("LimitExceeded.SendEmailLimit");
    });

    it("counts per binding: another member's resends are not limited by this one's", async () => {
      await start({ sendEmailLimitPerHour: 1 });
      const first = await bind("one@example.com");
      const second = await bind("two@example.com");
      await resend(first);
      await expect(resend(second)).resolves.toMatchObject({ RequestId: expect.any(String) });
    });
  });

  describe("maskEmails", () => {
    it("answers the email in full by default, and masked like 12***@qq.com when on", async () => {
      await start();
      const plain = await bind("123456@qq.com");
      await expect(describeBinding(plain)).resolves.toMatchObject({ Email: "123456@qq.com" });
      await emulator.stop();
      await start({ maskEmails: true });
      const masked = await bind("123456@qq.com");
      const short = await bind("a@example.com");
      await expect(describeBinding(masked)).resolves.toMatchObject({ Email: "12***@qq.com", Phone: "13***78" });
      await expect(describeBinding(short)).resolves.toMatchObject({ Email: "a***@example.com" });
      // The store and the admin routes keep the email in full.
      expect(emulator.bindings().map((binding) => binding.email)).toEqual(["123456@qq.com", "a@example.com"]);
    });
  });
});
