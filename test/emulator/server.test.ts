import { startEmulator, type Emulator } from "tencentcloud-organization-emulator";
import { organizationClient } from "../support/organization-client";
import { sendRawRequest } from "./support/send-raw-request";

describe("the emulator's admin routes under /emulator/", () => {
  let emulator: Emulator;
  const memberUin = 100000000001;

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0 });
    await organizationClient(emulator).AddOrganizationMemberEmail({
      MemberUin: memberUin,
      Email: "admin-route@example.com",
      CountryCode: "86",
      Phone: "13800000000",
    });
  });

  afterAll(async () => {
    await emulator.stop();
  });

  const post = (path: string, body: string) =>
    sendRawRequest({ port: emulator.port, path, headers: { "Content-Type": "application/json" }, body });

  it("lists the stored bindings, phone unmasked, without a signature", async () => {
    const response = await sendRawRequest({ port: emulator.port, method: "GET", path: "/emulator/bindings" });
    expect(response.status).toBe(200);
    expect(response.json).toEqual({
      Bindings: [
        expect.objectContaining({
          MemberUin: memberUin,
          Email: "admin-route@example.com",
          Phone: "13800000000",
          BindStatus: "Valid",
        }),
      ],
    });
  });

  it("activates a binding without a signature, after which Describe answers Success with a BindTime", async () => {
    const response = await post("/emulator/activate", JSON.stringify({ MemberUin: memberUin }));
    expect(response.status).toBe(200);
    expect(response.json).toEqual(
      expect.objectContaining({
        MemberUin: memberUin,
        BindStatus: "Success",
        BindTime: expect.stringMatching(/^\d{4}-/),
      }),
    );
    const answer = await organizationClient(emulator).DescribeOrganizationMemberEmailBind({ MemberUin: memberUin });
    expect(answer).toEqual(
      expect.objectContaining({ BindStatus: "Success", BindTime: expect.stringMatching(/^\d{4}-\d{2}-\d{2} /) }),
    );
  });

  it("fails a binding without a signature, after which Describe answers Failed with the Description", async () => {
    const description = "Mailbox full.";
    const response = await post("/emulator/fail", JSON.stringify({ MemberUin: memberUin, Description: description }));
    expect(response.status).toBe(200);
    expect(response.json).toEqual(
      expect.objectContaining({ MemberUin: memberUin, BindStatus: "Failed", Description: description }),
    );
    const answer = await organizationClient(emulator).DescribeOrganizationMemberEmailBind({ MemberUin: memberUin });
    expect(answer).toEqual(expect.objectContaining({ BindStatus: "Failed", Description: description, BindTime: "" }));
    expect((await post("/emulator/fail", JSON.stringify({ MemberUin: memberUin, Description: 7 }))).status).toBe(400);
    expect((await post("/emulator/fail", JSON.stringify({ MemberUin: 100000000002 }))).status).toBe(404);
    // A failed binding's link can no longer be used: only a new email, by Update, starts it over.
    const activated = await post("/emulator/activate", JSON.stringify({ MemberUin: memberUin }));
    expect(activated.status).toBe(409);
    expect(activated.json).toEqual({ Error: expect.stringContaining("its activation link can no longer be used") });
  });

  it("answers 404 when activating a member without a binding", async () => {
    const response = await post("/emulator/activate", JSON.stringify({ MemberUin: 100000000002 }));
    expect(response.status).toBe(404);
    expect(response.json).toEqual({ Error: expect.stringContaining("100000000002") });
  });

  it("answers 400 for a body without a positive integer MemberUin", async () => {
    for (const body of [
      "not json",
      "{}",
      JSON.stringify({ MemberUin: "100000000001" }),
      JSON.stringify({ MemberUin: -1 }),
    ]) {
      expect((await post("/emulator/activate", body)).status).toBe(400);
    }
  });

  it("answers 405 for the wrong method and 404 for an unknown admin route", async () => {
    expect((await sendRawRequest({ port: emulator.port, method: "GET", path: "/emulator/activate" })).status).toBe(405);
    expect((await post("/emulator/bindings", "{}")).status).toBe(405);
    expect((await post("/emulator/reset", "{}")).status).toBe(404);
  });

  it("removes a binding outside the API, after which Describe answers Unbound", async () => {
    const response = await post("/emulator/unbind", JSON.stringify({ MemberUin: memberUin }));
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ MemberUin: memberUin, Removed: true });
    const answer = await organizationClient(emulator).DescribeOrganizationMemberEmailBind({ MemberUin: memberUin });
    expect(answer.BindStatus).toBe("Unbound");
    expect((await post("/emulator/unbind", JSON.stringify({ MemberUin: memberUin }))).status).toBe(404);
  });

  it("does not count admin requests as API requests", () => {
    expect(emulator.requestCount()).toBe(
      emulator.requestCount("AddOrganizationMemberEmail") +
        emulator.requestCount("DescribeOrganizationMemberEmailBind"),
    );
  });
});
