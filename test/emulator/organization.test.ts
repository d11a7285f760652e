import { DEMO_HOST_UIN, DEMO_ORGANIZATION_ID, startEmulator, type Emulator } from "tencentcloud-organization-emulator";
import { maskPhone } from "../../emulator/src/organization";
import { organizationClient, sdkError, type OrganizationClient } from "../support/organization-client";

// Uins of the demo organization (100000000001 through 100000002000); each test takes its own.
const firstDemoUin = 100000000001;
const outsideUin = 100000009999;

describe("the emulated member-email actions, driven through the official SDK", () => {
  let emulator: Emulator;
  let client: OrganizationClient;
  let nextUin = firstDemoUin;
  const takeUin = (): number => nextUin++;

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, rateLimitPerSecond: Infinity });
    client = organizationClient(emulator);
  });

  afterAll(async () => {
    await emulator.stop();
  });

  const add = (
    memberUin: number,
    email = `member-${memberUin}@example.com`,
    phone = `1380000${memberUin % 10000}`.padEnd(11, "0"),
  ) => client.AddOrganizationMemberEmail({ MemberUin: memberUin, Email: email, CountryCode: "86", Phone: phone });

  describe("AddOrganizationMemberEmail", () => {
    it("binds a member's email and answers a new BindId with a RequestId", async () => {
      const memberUin = takeUin();
      const answer = await add(memberUin, "alice@example.com", "13812345678");
      expect(answer.BindId).toEqual(expect.any(Number));
      expect(answer.RequestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(emulator.bindings()).toContainEqual(
        expect.objectContaining({
          memberUin,
          bindId: answer.BindId,
          email: "alice@example.com",
          countryCode: "86",
          phone: "13812345678",
          status: "Valid",
        }),
      );
    });

    it("gives each new binding a larger BindId than the one before", async () => {
      const first = await add(takeUin());
      const second = await add(takeUin());
      expect(second.BindId).toBeGreaterThan(first.BindId ?? Infinity);
    });

    it("refuses a uin outside the organization with ResourceNotFound.OrganizationMemberNotExist", async () => {
      const error = await sdkError(add(outsideUin));
      expect(error.code).toBe("ResourceNotFound.OrganizationMemberNotExist");
      expect(error.message).toContain(String(outsideUin));
      expect(error.requestId).toMatch(/^[0-9a-f-]{36}$/);
    });

    it("refuses a second mailbox for the same member with FailedOperation.MemberEmailExist", async () => {
      const memberUin = takeUin();
      await add(memberUin);
      const error = await sdkError(add(memberUin, "another@example.com"));
      expect(error.code).toBe("FailedOperation.MemberEmailExist");
    });

    it("refuses an email already bound to another member, whatever its letter case, with FailedOperation.EmailAlreadyUsed", async () => {
      await add(takeUin(), "Shared.Box@Example.com");
      const error = await sdkError(add(takeUin(), "shared.box@example.COM"));
      expect(error.code).toBe("FailedOperation.EmailAlreadyUsed");
    });

    it("leaves nothing stored when it refuses", async () => {
      const before = emulator.bindings().length;
      await sdkError(add(outsideUin));
      expect(emulator.bindings()).toHaveLength(before);
    });
  });

  describe("DescribeOrganizationMemberEmailBind", () => {
    it("answers the binding with the phone masked as documented (first two digits, ***, last two)", async () => {
      const memberUin = takeUin();
      const { BindId } = await add(memberUin, "masked@example.com", "18912345632");
      const answer = await client.DescribeOrganizationMemberEmailBind({ MemberUin: memberUin });
      expect(answer).toEqual({
        BindId,
        ApplyTime: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/),
        Email: "masked@example.com",
        Phone: "18***32",
        BindStatus: "Valid",
        BindTime: "",
        Description: "",
        PhoneBind: 1,
        CountryCode: "86",
        RequestId: expect.any(String),
      });
    });

    it("answers Unbound with BindId null and empty fields for a member without a binding", async () => {
      const answer = await client.DescribeOrganizationMemberEmailBind({ MemberUin: takeUin() });
      expect(answer).toEqual({
        BindId: null,
        ApplyTime: "",
        Email: "",
        Phone: "",
        BindStatus: "Unbound",
        BindTime: "",
        Description: "",
        PhoneBind: 0,
        CountryCode: "",
        RequestId: expect.any(String),
      });
    });

    it("refuses a uin outside the organization with ResourceNotFound.OrganizationMemberNotExist", async () => {
      const error = await sdkError(client.DescribeOrganizationMemberEmailBind({ MemberUin: outsideUin }));
      expect(error.code).toBe("ResourceNotFound.OrganizationMemberNotExist");
    });
  });

  describe("activation and removal outside the API", () => {
    it("turns a binding to Success with a BindTime once the member activates it", async () => {
      const memberUin = takeUin();
      await add(memberUin);
      const activated = emulator.activate(memberUin);
      expect(activated.status).toBe("Success");
      const answer = await client.DescribeOrganizationMemberEmailBind({ MemberUin: memberUin });
      expect(answer.BindStatus).toBe("Success");
      expect(answer.BindTime).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
      expect(answer.BindTime).toBe(activated.bindTime);
    });

    it("refuses to activate a member that has no binding", () => {
      expect(() => emulator.activate(takeUin())).toThrow(/no email binding/);
    });

    it("makes Describe answer Unbound after the binding is removed outside the API", async () => {
      const memberUin = takeUin();
      await add(memberUin);
      expect(emulator.unbind(memberUin)).toBe(true);
      expect(emulator.unbind(memberUin)).toBe(false);
      const answer = await client.DescribeOrganizationMemberEmailBind({ MemberUin: memberUin });
      expect(answer.BindStatus).toBe("Unbound");
    });

    it("never reuses a removed binding's BindId", async () => {
      const memberUin = takeUin();
      const first = await add(memberUin);
      emulator.unbind(memberUin);
      const second = await add(memberUin);
      expect(second.BindId).toBeGreaterThan(first.BindId ?? Infinity);
    });
  });

  describe("UpdateOrganizationMemberEmailBind", () => {
    it("changes the email and sends an activated binding back to Valid, to be activated again", async () => {
      const memberUin = takeUin();
      const { BindId } = await add(memberUin, "before@example.com");
      emulator.activate(memberUin);
      await client.UpdateOrganizationMemberEmailBind({
        MemberUin: memberUin,
        BindId: BindId ?? 0,
        Email: "after@example.com",
        CountryCode: "86",
        Phone: "13700000001",
      });
      const answer = await client.DescribeOrganizationMemberEmailBind({ MemberUin: memberUin });
      expect(answer).toEqual(
        expect.objectContaining({
          BindId,
          Email: "after@example.com",
          Phone: "13***01",
          BindStatus: "Valid",
          BindTime: "",
        }),
      );
    });

    it("keeps an activated binding active when only the phone changes", async () => {
      const memberUin = takeUin();
      const { BindId } = await add(memberUin, "phone-only@example.com", "13700000002");
      emulator.activate(memberUin);
      await client.UpdateOrganizationMemberEmailBind({
        MemberUin: memberUin,
        BindId: BindId ?? 0,
        Email: "phone-only@example.com",
        CountryCode: "852",
        Phone: "61234567",
      });
      const answer = await client.DescribeOrganizationMemberEmailBind({ MemberUin: memberUin });
      expect(answer).toEqual(expect.objectContaining({ BindStatus: "Success", CountryCode: "852", Phone: "61***67" }));
    });

    it("refuses a BindId that is not the member's current one with ResourceNotFound.EmailBindRecordNotExist", async () => {
      const memberUin = takeUin();
      const { BindId } = await add(memberUin);
      const error = await sdkError(
        client.UpdateOrganizationMemberEmailBind({
          MemberUin: memberUin,
          BindId: (BindId ?? 0) + 1000,
          Email: "x@example.com",
          CountryCode: "86",
          Phone: "13700000003",
        }),
      );
      expect(error.code).toBe("ResourceNotFound.EmailBindRecordNotExist");
    });

    it("refuses a member without a binding (a vanished one) with ResourceNotFound.EmailBindRecordNotExist", async () => {
      const memberUin = takeUin();
      const { BindId } = await add(memberUin);
      emulator.unbind(memberUin);
      const error = await sdkError(
        client.UpdateOrganizationMemberEmailBind({
          MemberUin: memberUin,
          BindId: BindId ?? 0,
          Email: "x@example.com",
          CountryCode: "86",
          Phone: "13700000004",
        }),
      );
      expect(error.code).toBe("ResourceNotFound.EmailBindRecordNotExist");
    });

    it("refuses an email bound to another member with FailedOperation.EmailAlreadyUsed", async () => {
      await add(takeUin(), "taken@example.com");
      const memberUin = takeUin();
      const { BindId } = await add(memberUin);
      const error = await sdkError(
        client.UpdateOrganizationMemberEmailBind({
          MemberUin: memberUin,
          BindId: BindId ?? 0,
          Email: "TAKEN@example.com",
          CountryCode: "86",
          Phone: "13700000005",
        }),
      );
      expect(error.code).toBe("FailedOperation.EmailAlreadyUsed");
    });

    it("refuses a uin outside the organization with ResourceNotFound.OrganizationMemberNotExist", async () => {
      const error = await sdkError(
        client.UpdateOrganizationMemberEmailBind({
          MemberUin: outsideUin,
          BindId: 1,
          Email: "x@example.com",
          CountryCode: "86",
          Phone: "13700000006",
        }),
      );
      expect(error.code).toBe("ResourceNotFound.OrganizationMemberNotExist");
    });
  });

  describe("SendOrgMemberAccountBindEmail", () => {
    it("accepts a binding that waits for activation", async () => {
      const memberUin = takeUin();
      const { BindId } = await add(memberUin);
      const answer = await client.SendOrgMemberAccountBindEmail({ MemberUin: memberUin, BindId: BindId ?? 0 });
      expect(answer.RequestId).toEqual(expect.any(String));
    });

    it("refuses an activated binding with FailedOperation.EmailBindRecordInvalid", async () => {
      const memberUin = takeUin();
      const { BindId } = await add(memberUin);
      emulator.activate(memberUin);
      const error = await sdkError(client.SendOrgMemberAccountBindEmail({ MemberUin: memberUin, BindId: BindId ?? 0 }));
      expect(error.code).toBe("FailedOperation.EmailBindRecordInvalid");
    });

    it("refuses a wrong BindId with ResourceNotFound.EmailBindRecordNotExist", async () => {
      const memberUin = takeUin();
      const { BindId } = await add(memberUin);
      const error = await sdkError(
        client.SendOrgMemberAccountBindEmail({ MemberUin: memberUin, BindId: (BindId ?? 0) + 1000 }),
      );
      expect(error.code).toBe("ResourceNotFound.EmailBindRecordNotExist");
    });

    it("refuses a uin outside the organization with ResourceNotFound.OrganizationMemberNotExist", async () => {
      const error = await sdkError(client.SendOrgMemberAccountBindEmail({ MemberUin: outsideUin, BindId: 1 }));
      expect(error.code).toBe("ResourceNotFound.OrganizationMemberNotExist");
    });

    it("refuses a failed binding with FailedOperation.EmailBindRecordInvalid", async () => {
      const memberUin = takeUin();
      const { BindId } = await add(memberUin);
      emulator.fail(memberUin, "The mailbox refused the email.");
      const error = await sdkError(client.SendOrgMemberAccountBindEmail({ MemberUin: memberUin, BindId: BindId ?? 0 }));
      expect(error.code).toBe("FailedOperation.EmailBindRecordInvalid");
    });

    it("is counted like every other action", async () => {
      const memberUin = takeUin();
      const { BindId } = await add(memberUin);
      const before = emulator.requestCount("SendOrgMemberAccountBindEmail");
      await client.SendOrgMemberAccountBindEmail({ MemberUin: memberUin, BindId: BindId ?? 0 });
      await sdkError(client.SendOrgMemberAccountBindEmail({ MemberUin: memberUin, BindId: (BindId ?? 0) + 1000 }));
      expect(emulator.requestCount("SendOrgMemberAccountBindEmail")).toBe(before + 2);
    });
  });

  describe("a failed binding", () => {
    it("is answered by Describe as Failed with its Description, and no BindTime", async () => {
      const memberUin = takeUin();
      await add(memberUin);
      emulator.activate(memberUin);
      const failed = emulator.fail(memberUin, "The member did not confirm the email in time.");
      expect(failed).toMatchObject({
        status: "Failed",
        bindTime: "",
        description: "The member did not confirm the email in time.",
      });
      await expect(client.DescribeOrganizationMemberEmailBind({ MemberUin: memberUin })).resolves.toMatchObject({
        BindStatus: "Failed",
        Description: "The member did not confirm the email in time.",
        BindTime: "",
      });
    });

    it("starts over as Valid, without its Description, when Update changes its email", async () => {
      const memberUin = takeUin();
      const { BindId } = await add(memberUin);
      emulator.fail(memberUin);
      await client.UpdateOrganizationMemberEmailBind({
        MemberUin: memberUin,
        BindId: BindId ?? 0,
        Email: `again-${memberUin}@example.com`,
        CountryCode: "86",
        Phone: "13800000000",
      });
      await expect(client.DescribeOrganizationMemberEmailBind({ MemberUin: memberUin })).resolves.toMatchObject({
        BindStatus: "Valid",
        Description: "",
      });
    });

    it("cannot be made for a member without a binding", () => {
      expect(() => emulator.fail(outsideUin)).toThrow(/no email binding to fail/);
    });
  });

  describe("parameter checks", () => {
    const addWith = (parameters: Record<string, unknown>) =>
      client.request("AddOrganizationMemberEmail", {
        MemberUin: takeUin(),
        Email: "params@example.com",
        CountryCode: "86",
        Phone: "13800000000",
        ...parameters,
      });

    it.each([
      ["MemberUin as a string", "InvalidParameter", "MemberUin", { MemberUin: "100000000001" }],
      ["MemberUin with a fraction", "InvalidParameter", "MemberUin", { MemberUin: 1.5 }],
      ["MemberUin of zero", "InvalidParameterValue", "MemberUin", { MemberUin: 0 }],
      ["a negative MemberUin", "InvalidParameterValue", "MemberUin", { MemberUin: -5 }],
      ["Email as a number", "InvalidParameter", "Email", { Email: 42 }],
      ["an Email without @", "InvalidParameterValue", "Email", { Email: "not-an-email" }],
      ["an Email without a domain dot", "InvalidParameterValue", "Email", { Email: "a@localhost" }],
      ["a CountryCode of four digits", "InvalidParameterValue", "CountryCode", { CountryCode: "8600" }],
      ["a CountryCode with a plus sign", "InvalidParameterValue", "CountryCode", { CountryCode: "+86" }],
      ["a Phone with letters", "InvalidParameterValue", "Phone", { Phone: "138abc" }],
      ["a Phone of three digits", "InvalidParameterValue", "Phone", { Phone: "123" }],
      ["a Phone of sixteen digits", "InvalidParameterValue", "Phone", { Phone: "1234567890123456" }],
      ["a Phone given as a number", "InvalidParameter", "Phone", { Phone: 13800000000 }],
      ["an Email with a control character", "InvalidParameterValue", "Email", { Email: "ali\u0007ce@example.com" }],
      [
        "an Email with a bidirectional override",
        "InvalidParameterValue",
        "Email",
        { Email: "al\u202eice@example.com" },
      ],
      ["an Email with a zero-width space", "InvalidParameterValue", "Email", { Email: "ali\u200bce@example.com" }],
      ["an Email with markup", "InvalidParameterValue", "Email", { Email: "<b>alice</b>@example.com" }],
      ["an Email with a lone surrogate", "InvalidParameterValue", "Email", { Email: "ali\ud800ce@example.com" }],
      [
        "an Email with 65 characters before the @",
        "InvalidParameterValue",
        "Email",
        { Email: `${"a".repeat(65)}@x.io` },
      ],
      ["an Email of 255 characters", "InvalidParameterValue", "Email", { Email: `a@${"b".repeat(249)}.com` }],
      [
        "a Phone past E.164 with its CountryCode",
        "InvalidParameterValue",
        "Phone",
        { CountryCode: "49", Phone: "301234567890123" },
      ],
      ["an extra field", "UnknownParameter", "Nickname", { Nickname: "bob" }],
      ["a Beijing landline for 86", "InvalidParameterValue", "Phone", { CountryCode: "86", Phone: "2012345678" }],
      ["a 400 service number for 86", "InvalidParameterValue", "Phone", { CountryCode: "86", Phone: "4001234567" }],
      ["seven digits for 86", "InvalidParameterValue", "Phone", { CountryCode: "86", Phone: "1234567" }],
      [
        "a German number written with its calling code",
        "InvalidParameterValue",
        "Phone",
        { CountryCode: "49", Phone: "4915112345678" },
      ],
      ["an Email with two dots in a row", "InvalidParameterValue", "Email", { Email: "al..ice@example.com" }],
      ["an Email starting with a dot", "InvalidParameterValue", "Email", { Email: ".alice@example.com" }],
      ["an Email with a non-ASCII letter", "InvalidParameterValue", "Email", { Email: "álice@example.com" }],
      ["an Email whose domain label ends with -", "InvalidParameterValue", "Email", { Email: "alice@example-.com" }],
      ["an Email with a numeric top-level domain", "InvalidParameterValue", "Email", { Email: "alice@example.123" }],
      ["an Email with a space", "InvalidParameterValue", "Email", { Email: "ali ce@example.com" }],
    ] as const)("refuses %s with %s naming %s", async (_case, code, parameter, parameters) => {
      const error = await sdkError(addWith(parameters));
      expect(error.code).toBe(code);
      expect(error.message).toContain(parameter);
    });

    it("refuses a missing parameter with MissingParameter naming it", async () => {
      const error = await sdkError(
        client.request("AddOrganizationMemberEmail", {
          MemberUin: takeUin(),
          Email: "m@example.com",
          CountryCode: "86",
        }),
      );
      expect(error.code).toBe("MissingParameter");
      expect(error.message).toContain("Phone");
    });

    it("refuses a missing BindId on Update with MissingParameter", async () => {
      const error = await sdkError(
        client.request("UpdateOrganizationMemberEmailBind", {
          MemberUin: takeUin(),
          Email: "m@example.com",
          CountryCode: "86",
          Phone: "13800000000",
        }),
      );
      expect(error.code).toBe("MissingParameter");
      expect(error.message).toContain("BindId");
    });

    // The SDK writes a lone surrogate into its UTF-8 body as U+FFFD, the replacement character.
    it("stores nothing for an Email with a lone surrogate, which would arrive as another address", async () => {
      const before = emulator.bindings().length;
      const error = await sdkError(addWith({ Email: "lone\udc00@example.com", Phone: "13800007001" }));
      expect(error.code).toBe("InvalidParameterValue");
      expect(emulator.bindings()).toHaveLength(before);
    });

    it("accepts an Email at the limits: 64 characters before the @ and 254 in all", async () => {
      const email = `${"a".repeat(64)}@${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(57)}.com`;
      expect(email).toHaveLength(254);
      await expect(addWith({ Email: email, Phone: "13800009254" })).resolves.toEqual(
        expect.objectContaining({ BindId: expect.any(Number) }),
      );
    });

    it("says what a mobile number of the CountryCode looks like, without echoing the phone", async () => {
      const error = await sdkError(addWith({ CountryCode: "86", Phone: "2012345678" }));
      expect(error.message).toBe(
        "Phone must be a mobile number of the CountryCode 86, without the area code: 11 digits starting with 13 " +
          "to 19, such as 13912345678. The security phone receives verification codes.",
      );
    });

    it.each([
      ["86", "13912345678"],
      ["49", "15112345678"],
    ])("accepts the mobile number %s %s", async (countryCode, phone) => {
      await expect(
        addWith({ CountryCode: countryCode, Phone: phone, Email: `m${phone}@example.com` }),
      ).resolves.toEqual(expect.objectContaining({ BindId: expect.any(Number) }));
    });

    it("accepts an Email with the characters RFC 5322 allows before the @ and a dotted domain", async () => {
      await expect(
        addWith({ Email: "o'brien+tag_1.x!#$%&*/=?^`{|}~-@mail.example-host.co.uk", Phone: "13800009255" }),
      ).resolves.toEqual(expect.objectContaining({ BindId: expect.any(Number) }));
    });

    it("checks the Phone of Update as a mobile number too", async () => {
      const memberUin = takeUin();
      const { BindId } = await add(memberUin);
      const error = await sdkError(
        client.UpdateOrganizationMemberEmailBind({
          MemberUin: memberUin,
          BindId: BindId ?? 0,
          Email: `member-${memberUin}@example.com`,
          CountryCode: "86",
          Phone: "4001234567",
        }),
      );
      expect(error.code).toBe("InvalidParameterValue");
      expect(error.message).toContain("Phone must be a mobile number");
    });

    it("never echoes the refused email or phone in the message", async () => {
      const error = await sdkError(addWith({ Email: "secret-person@@example.com" }));
      expect(error.message).not.toContain("secret-person");
    });
  });
});

describe("DescribeOrganizationMembers", () => {
  const members = Array.from({ length: 23 }, (_, index) => 200000000001 + index);
  let emulator: Emulator;
  let client: OrganizationClient;

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, members: [...members].reverse(), rateLimitPerSecond: Infinity });
    client = organizationClient(emulator);
    for (const [index, name] of [
      [1, "one"],
      [2, "two"],
      [3, "three"],
    ] as const) {
      await client.AddOrganizationMemberEmail({
        MemberUin: members[index],
        Email: `${name}@example.com`,
        CountryCode: "86",
        Phone: `1380000000${index}`,
      });
    }
    emulator.activate(members[2]);
    emulator.fail(members[3]);
  });

  afterAll(async () => {
    await emulator.stop();
  });

  it("pages the members in order of uin, each with a name and its binding's status, and the Total", async () => {
    const first = await client.DescribeOrganizationMembers({ Offset: 0, Limit: 5 });
    expect(first.Total).toBe(23);
    expect(first.Items).toEqual([
      { MemberUin: members[0], Name: `member-${members[0]}`, MemberType: "Create", BindStatus: "Unbound" },
      { MemberUin: members[1], Name: `member-${members[1]}`, MemberType: "Create", BindStatus: "Valid" },
      { MemberUin: members[2], Name: `member-${members[2]}`, MemberType: "Create", BindStatus: "Success" },
      { MemberUin: members[3], Name: `member-${members[3]}`, MemberType: "Create", BindStatus: "Failed" },
      { MemberUin: members[4], Name: `member-${members[4]}`, MemberType: "Create", BindStatus: "Unbound" },
    ]);
    const last = await client.DescribeOrganizationMembers({ Offset: 20, Limit: 5 });
    expect(last.Items?.map((item) => item.MemberUin)).toEqual(members.slice(20));
    expect((await client.DescribeOrganizationMembers({ Offset: 50, Limit: 25 })).Items).toEqual([]);
  });

  it("answers 10 members when Limit is absent, and 50 at most", async () => {
    const answer = await client.request("DescribeOrganizationMembers", { Offset: 0 });
    expect((answer as { Items: unknown[] }).Items).toHaveLength(10);
    expect((await client.DescribeOrganizationMembers({ Offset: 0, Limit: 50 })).Items).toHaveLength(23);
  });

  it("keeps the members whose name or uin contains SearchKey", async () => {
    const answer = await client.DescribeOrganizationMembers({ Offset: 0, Limit: 50, SearchKey: String(members[22]) });
    expect(answer).toMatchObject({ Total: 1, Items: [{ MemberUin: members[22] }] });
  });

  it.each([
    ["an Offset that is not a multiple of Limit", "InvalidParameterValue", "Offset", { Offset: 3, Limit: 5 }],
    ["an Offset not a multiple of the default Limit of 10", "InvalidParameterValue", "Offset", { Offset: 5 }],
    ["a negative Offset", "InvalidParameterValue", "Offset", { Offset: -10, Limit: 10 }],
    ["an Offset as a string", "InvalidParameter", "Offset", { Offset: "0", Limit: 10 }],
    ["a Limit of 0", "InvalidParameterValue", "Limit", { Offset: 0, Limit: 0 }],
    ["a Limit of 51", "InvalidParameterValue", "Limit", { Offset: 0, Limit: 51 }],
    ["a Limit with a fraction", "InvalidParameter", "Limit", { Offset: 0, Limit: 2.5 }],
    ["no Offset", "MissingParameter", "Offset", { Limit: 10 }],
    [
      "a filter the emulator does not implement",
      "UnsupportedOperation",
      "Product",
      { Offset: 0, Limit: 10, Product: "x" },
    ],
    ["an extra field", "UnknownParameter", "PageToken", { Offset: 0, Limit: 10, PageToken: "x" }],
  ] as const)("refuses %s with %s naming %s", async (_case, code, parameter, parameters) => {
    const error = await sdkError(client.request("DescribeOrganizationMembers", parameters));
    expect(error.code).toBe(code);
    expect(error.message).toContain(parameter);
  });

  it("is rate limited per action like the others", async () => {
    const limited = await startEmulator({ port: 0, members, rateLimitPerSecond: 2 });
    try {
      const limitedClient = organizationClient(limited);
      const answers = await Promise.allSettled(
        [0, 10, 20].map((offset) => limitedClient.DescribeOrganizationMembers({ Offset: offset, Limit: 10 })),
      );
      const refusals = answers.filter((answer): answer is PromiseRejectedResult => answer.status === "rejected");
      expect(refusals.map((refusal) => (refusal.reason as { code?: string }).code)).toEqual(["RequestLimitExceeded"]);
      await expect(limitedClient.DescribeOrganizationMemberEmailBind({ MemberUin: members[0] })).resolves.toBeDefined();
    } finally {
      await limited.stop();
    }
  });
});

describe("the organization's limits", () => {
  it("refuses a security phone already bound to the most members allowed with LimitExceeded.PhoneNumBound", async () => {
    const emulator = await startEmulator({ port: 0, maxMembersPerPhone: 2 });
    try {
      const client = organizationClient(emulator);
      const bind = (memberUin: number, countryCode: string) =>
        client.AddOrganizationMemberEmail({
          MemberUin: memberUin,
          Email: `${memberUin}@example.com`,
          CountryCode: countryCode,
          Phone: "13900000000",
        });
      await bind(firstDemoUin, "86");
      await bind(firstDemoUin + 1, "86");
      const error = await sdkError(bind(firstDemoUin + 2, "86"));
      expect(error.code).toBe("LimitExceeded.PhoneNumBound");
      // The phone's identity includes its country code: the same digits elsewhere (a Brazilian mobile
      // number, area code 13) are another phone.
      await expect(bind(firstDemoUin + 3, "55")).resolves.toEqual(
        expect.objectContaining({ BindId: expect.any(Number) }),
      );
    } finally {
      await emulator.stop();
    }
  });

  it("applies the phone limit to Update as well, not counting the member's own binding", async () => {
    const emulator = await startEmulator({ port: 0, maxMembersPerPhone: 1 });
    try {
      const client = organizationClient(emulator);
      await client.AddOrganizationMemberEmail({
        MemberUin: firstDemoUin,
        Email: "a@example.com",
        CountryCode: "86",
        Phone: "13900000001",
      });
      const { BindId } = await client.AddOrganizationMemberEmail({
        MemberUin: firstDemoUin + 1,
        Email: "b@example.com",
        CountryCode: "86",
        Phone: "13900000002",
      });
      const update = (phone: string) =>
        client.UpdateOrganizationMemberEmailBind({
          MemberUin: firstDemoUin + 1,
          BindId: BindId ?? 0,
          Email: "b2@example.com",
          CountryCode: "86",
          Phone: phone,
        });
      expect((await sdkError(update("13900000001"))).code).toBe("LimitExceeded.PhoneNumBound");
      await expect(update("13900000002")).resolves.toEqual(expect.objectContaining({ RequestId: expect.any(String) }));
    } finally {
      await emulator.stop();
    }
  });

  it("refuses bindings past the daily quota with LimitExceeded.EmailBindOverLimit, even after some were removed", async () => {
    const emulator = await startEmulator({ port: 0, dailyBindQuota: 2 });
    try {
      const client = organizationClient(emulator);
      const bind = (memberUin: number) =>
        client.AddOrganizationMemberEmail({
          MemberUin: memberUin,
          Email: `${memberUin}@example.com`,
          CountryCode: "86",
          Phone: `1390000${memberUin % 10000}`.padEnd(11, "0"),
        });
      await bind(firstDemoUin);
      await bind(firstDemoUin + 1);
      emulator.unbind(firstDemoUin);
      const error = await sdkError(bind(firstDemoUin + 2));
      expect(error.code).toBe("LimitExceeded.EmailBindOverLimit");
      expect(emulator.bindings()).toHaveLength(1);
    } finally {
      await emulator.stop();
    }
  });

  it("uses the members it is given instead of the demo organization", async () => {
    const emulator = await startEmulator({ port: 0, members: [42] });
    try {
      const client = organizationClient(emulator);
      await expect(client.DescribeOrganizationMemberEmailBind({ MemberUin: 42 })).resolves.toEqual(
        expect.objectContaining({ BindStatus: "Unbound" }),
      );
      expect((await sdkError(client.DescribeOrganizationMemberEmailBind({ MemberUin: firstDemoUin }))).code).toBe(
        "ResourceNotFound.OrganizationMemberNotExist",
      );
    } finally {
      await emulator.stop();
    }
  });
});

describe("member types", () => {
  const created = 300000000001;
  const invited = 300000000002;
  let emulator: Emulator;
  let client: OrganizationClient;

  beforeAll(async () => {
    emulator = await startEmulator({
      port: 0,
      members: [created, { uin: invited, name: "Contractor", type: "Invite" }, { uin: 300000000003, type: "Create" }],
      rateLimitPerSecond: Infinity,
    });
    client = organizationClient(emulator);
  });

  afterAll(async () => {
    await emulator.stop();
  });

  it("lists each member's MemberType and name: plain uins are created members named member-<uin>", async () => {
    const answer = await client.DescribeOrganizationMembers({ Offset: 0, Limit: 10 });
    expect(answer.Items).toEqual([
      { MemberUin: created, Name: `member-${created}`, MemberType: "Create", BindStatus: "Unbound" },
      { MemberUin: invited, Name: "Contractor", MemberType: "Invite", BindStatus: "Unbound" },
      { MemberUin: 300000000003, Name: "member-300000000003", MemberType: "Create", BindStatus: "Unbound" },
    ]);
    const searched = await client.DescribeOrganizationMembers({ Offset: 0, Limit: 10, SearchKey: "Contr" });
    expect(searched.Items?.map((item) => item.MemberUin)).toEqual([invited]);
  });

  it("refuses Add for an invited member with UnsupportedOperation, saying invited members cannot have security information bound", async () => {
    const error = await sdkError(
      client.AddOrganizationMemberEmail({
        MemberUin: invited,
        Email: "invited@example.com",
        CountryCode: "86",
        Phone: "13912345678",
      }),
    );
    expect(error.code).toBe("UnsupportedOperation");
    expect(error.message).toBe(
      `Member ${invited} was invited to the organization: invited members cannot have security information ` +
        "(email and phone) bound, only members the organization created.",
    );
    expect(emulator.bindings()).toEqual([]);
  });

  it("refuses Update for an invited member with UnsupportedOperation", async () => {
    const error = await sdkError(
      client.UpdateOrganizationMemberEmailBind({
        MemberUin: invited,
        BindId: 1,
        Email: "invited@example.com",
        CountryCode: "86",
        Phone: "13912345678",
      }),
    );
    expect(error.code).toBe("UnsupportedOperation");
    expect(error.message).toContain("invited members cannot have security information");
  });

  it("answers Describe of an invited member as Unbound", async () => {
    await expect(client.DescribeOrganizationMemberEmailBind({ MemberUin: invited })).resolves.toMatchObject({
      BindStatus: "Unbound",
    });
  });

  it.each([
    [[{ uin: 1, type: "Guest" }], /"Create" or "Invite"/],
    [[{ uin: 1, name: "" }], /name of member 1/],
    [[{ uin: 1, role: "admin" }], /Unknown members field "role"/],
    [[{ uin: -1 }], /positive integer uins/],
  ])("refuses a members option %j", async (members, message) => {
    await expect(startEmulator({ port: 0, members: members as never })).rejects.toThrow(message);
  });
});

describe("DescribeOrganization", () => {
  it("answers the demo organization's OrgId and HostUin by default, with a RequestId", async () => {
    const emulator = await startEmulator({ port: 0 });
    try {
      const answer = await organizationClient(emulator).DescribeOrganization({});
      expect(answer).toEqual({
        OrgId: DEMO_ORGANIZATION_ID,
        HostUin: DEMO_HOST_UIN,
        NickName: `org-${DEMO_ORGANIZATION_ID}`,
        IsManager: true,
        OrgType: 1,
        CreateTime: "2021-03-31 00:00:00",
        RequestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      });
      expect(emulator.organizationId).toBe(45000001);
      expect(emulator.hostUin).toBe(100000000000);
      expect(emulator.requestCount("DescribeOrganization")).toBe(1);
    } finally {
      await emulator.stop();
    }
  });

  it("answers the organizationId and hostUin it was started with", async () => {
    const emulator = await startEmulator({ port: 0, organizationId: 46000002, hostUin: 200000000000 });
    try {
      await expect(organizationClient(emulator).DescribeOrganization({ Lang: "en" })).resolves.toMatchObject({
        OrgId: 46000002,
        HostUin: 200000000000,
      });
      const filtered = await sdkError(organizationClient(emulator).request("DescribeOrganization", { Product: "x" }));
      expect(filtered.code).toBe("UnsupportedOperation");
    } finally {
      await emulator.stop();
    }
  });

  it("is signed and rate limited like the other actions", async () => {
    const emulator = await startEmulator({ port: 0, rateLimitPerSecond: 2 });
    try {
      const wrongKey = organizationClient(emulator, { secretId: emulator.secretId, secretKey: "wrong" });
      expect((await sdkError(wrongKey.DescribeOrganization({}))).code).toBe("AuthFailure.SignatureFailure");
      const client = organizationClient(emulator);
      const answers = await Promise.allSettled([1, 2, 3].map(() => client.DescribeOrganization({})));
      expect(
        answers
          .filter((answer) => answer.status === "rejected")
          .map((answer) => (answer.reason as { code?: string }).code),
      ).toEqual(["RequestLimitExceeded"]);
    } finally {
      await emulator.stop();
    }
  });
});

describe("maskPhone", () => {
  it("keeps the first two and last two digits around three stars, as the documented 18***32", () => {
    expect(maskPhone("18812345632")).toBe("18***32");
  });

  it("hides the middle of every length the API accepts the same way", () => {
    expect(maskPhone("61234567")).toBe("61***67");
    expect(maskPhone("123456789012345")).toBe("12***45");
    expect(maskPhone("1234")).toBe("12***34");
  });

  it("leaves an empty phone empty", () => {
    expect(maskPhone("")).toBe("");
  });
});
