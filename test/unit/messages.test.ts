/**
 * Every message a user reads, pinned in full: the wording is part of the product, so a change to it shows
 * in review as a change to this file. RequestIds are fixed placeholders here; the suites against the
 * emulator pin the messages that carry live ones with the ids replaced.
 */
import {
  errorAdvice,
  EmailChangeRefusedError,
  MemberEmailApiError,
  MemberHasOtherEmailError,
  NothingToImportError,
} from "../../provider/api/errors";
import { check, delete as deleteBinding, diff, read } from "../../provider/resource/lifecycle";
import { resolveSettings } from "../../provider/api/settings";

const memberUin = 100000000001;
const inputs = { memberUin, email: "alice@example.com", countryCode: "86", phone: "13800138000" };
const state = { ...inputs, bindId: 7, bindStatus: "Valid", applyTime: "", bindTime: "", description: "", phoneBind: 1 };

function apiError(code: string | undefined, attempts = 1): string {
  // Through the dynamic resource's door, which reads `tencentcloud-member-email:` config, then the environment.
  return new MemberEmailApiError(
    {
      action: "AddOrganizationMemberEmail",
      memberUin,
      code,
      apiMessage: code ? "Tencent Cloud's own message" : "connect ECONNREFUSED 127.0.0.1:443",
      requestId: code ? "<RequestId>" : undefined,
      attempts,
    },
    "tencentcloud-member-email",
  ).message;
}

/** The failures `check` answers for these inputs, as `property: reason` lines. */
async function failures(news: Record<string, unknown>): Promise<string[]> {
  const result = await check({}, news);
  return (result.failures ?? []).map((failure) => `${failure.property}: ${failure.reason}`);
}

describe("the messages of API failures", () => {
  test("name the action, the member, the code, the advice of the error table and the RequestId, for every code", () => {
    const messages = Object.fromEntries(Object.keys(errorAdvice).map((code) => [code, apiError(code)]));
    expect(messages).toMatchInlineSnapshot(`
{
  "AuthFailure.InvalidAuthorization": "AddOrganizationMemberEmail for member 100000000001 failed with AuthFailure.InvalidAuthorization: Tencent Cloud's own message. The Authorization header was refused: check the configured credentials and that the endpoint is a Tencent Cloud API 3.0 endpoint. (RequestId: <RequestId>)",
  "AuthFailure.SecretIdNotFound": "AddOrganizationMemberEmail for member 100000000001 failed with AuthFailure.SecretIdNotFound: Tencent Cloud's own message. Tencent Cloud does not know this secretId: check tencentcloud-member-email:secretId (or TENCENTCLOUD_SECRET_ID), or create a new API key in the CAM console. (RequestId: <RequestId>)",
  "AuthFailure.SignatureExpire": "AddOrganizationMemberEmail for member 100000000001 failed with AuthFailure.SignatureExpire: Tencent Cloud's own message. The request timestamp is more than 5 minutes away from Tencent Cloud's clock: synchronise this machine's clock and retry. (RequestId: <RequestId>)",
  "AuthFailure.SignatureFailure": "AddOrganizationMemberEmail for member 100000000001 failed with AuthFailure.SignatureFailure: Tencent Cloud's own message. The request signature did not match: check that tencentcloud-member-email:secretKey (or TENCENTCLOUD_SECRET_KEY) belongs to the configured secretId. (RequestId: <RequestId>)",
  "AuthFailure.TokenFailure": "AddOrganizationMemberEmail for member 100000000001 failed with AuthFailure.TokenFailure: Tencent Cloud's own message. The temporary security token is invalid or expired: refresh tencentcloud-member-email:securityToken (or TENCENTCLOUD_SECURITY_TOKEN), or remove it when using a permanent key. (RequestId: <RequestId>)",
  "AuthFailure.UnauthorizedOperation": "AddOrganizationMemberEmail for member 100000000001 failed with AuthFailure.UnauthorizedOperation: Tencent Cloud's own message. organization:AddOrganizationMemberEmail was refused: the CAM policies of these credentials do not allow it, and a role that runs \`pulumi up\`, \`refresh\`, \`import\` or \`destroy\` needs it: examples/cam/apply.json (docs/credentials.md). (RequestId: <RequestId>)",
  "FailedOperation.CheckAccountPhoneBindLimit": "AddOrganizationMemberEmail for member 100000000001 failed with FailedOperation.CheckAccountPhoneBindLimit: Tencent Cloud's own message. Tencent Cloud could not check how many members use this phone: run the command again later. (RequestId: <RequestId>)",
  "FailedOperation.CheckMailAccount": "AddOrganizationMemberEmail for member 100000000001 failed with FailedOperation.CheckMailAccount: Tencent Cloud's own message. Tencent Cloud could not check this mailbox: run the command again later. (RequestId: <RequestId>)",
  "FailedOperation.EmailAlreadyUsed": "AddOrganizationMemberEmail for member 100000000001 failed with FailedOperation.EmailAlreadyUsed: Tencent Cloud's own message. This email is already bound to another member of the organization, or it failed activation before (an email whose activation link expired can never be bound again): use a different email for this member. (RequestId: <RequestId>)",
  "FailedOperation.EmailBindRecordInvalid": "AddOrganizationMemberEmail for member 100000000001 failed with FailedOperation.EmailBindRecordInvalid: Tencent Cloud's own message. The binding is no longer waiting for activation: an active binding needs no activation email, and a failed one (its link expired after 15 days) cannot be sent again nor keep its email; declare a new email for this member, with its phone. (RequestId: <RequestId>)",
  "FailedOperation.MemberEmailExist": "AddOrganizationMemberEmail for member 100000000001 failed with FailedOperation.MemberEmailExist: Tencent Cloud's own message. This member already has a bound mailbox: declare this resource with that binding's current email, and it is adopted into the stack. (RequestId: <RequestId>)",
  "InternalError": "AddOrganizationMemberEmail for member 100000000001 failed with InternalError: Tencent Cloud's own message. Tencent Cloud had an internal error that persisted through every retry: run the command again later. (RequestId: <RequestId>)",
  "InvalidAction": "AddOrganizationMemberEmail for member 100000000001 failed with InvalidAction: Tencent Cloud's own message. The endpoint does not offer this action: check tencentcloud-member-email:organizationEndpoint (or TENCENTCLOUD_ORGANIZATION_ENDPOINT). (RequestId: <RequestId>)",
  "InvalidParameter": "AddOrganizationMemberEmail for member 100000000001 failed with InvalidParameter: Tencent Cloud's own message. Tencent Cloud refused one of the values: check memberUin, email, countryCode and phone. (RequestId: <RequestId>)",
  "InvalidParameterValue": "AddOrganizationMemberEmail for member 100000000001 failed with InvalidParameterValue: Tencent Cloud's own message. Tencent Cloud refused one of the values: check memberUin, email, countryCode and phone. (RequestId: <RequestId>)",
  "LimitExceeded.EmailBindOverLimit": "AddOrganizationMemberEmail for member 100000000001 failed with LimitExceeded.EmailBindOverLimit: Tencent Cloud's own message. The organization reached Tencent Cloud's daily quota of email bindings: run the command again tomorrow. (RequestId: <RequestId>)",
  "LimitExceeded.PhoneNumBound": "AddOrganizationMemberEmail for member 100000000001 failed with LimitExceeded.PhoneNumBound: Tencent Cloud's own message. This phone is already the security phone of as many members as Tencent Cloud allows: use another phone for this member. (RequestId: <RequestId>)",
  "LimitExceeded.SendEmailLimit": "AddOrganizationMemberEmail for member 100000000001 failed with LimitExceeded.SendEmailLimit: Tencent Cloud's own message. Tencent Cloud limits how often the activation email is sent in a day: try the reminder again tomorrow. (RequestId: <RequestId>)",
  "LimitExceeded.SendEmailWithinOneHourLimit": "AddOrganizationMemberEmail for member 100000000001 failed with LimitExceeded.SendEmailWithinOneHourLimit: Tencent Cloud's own message. Tencent Cloud limits how often the activation email is sent within an hour: try the reminder again in an hour. (RequestId: <RequestId>)",
  "LimitExceeded.UpdateEmailBindOverLimit": "AddOrganizationMemberEmail for member 100000000001 failed with LimitExceeded.UpdateEmailBindOverLimit: Tencent Cloud's own message. Tencent Cloud allows 3 modifications of a member's security information before the member activates it, and this binding has had them: ask the member to activate the binding from the email already sent, then run \`pulumi refresh\` and apply the change again. (RequestId: <RequestId>)",
  "MissingParameter": "AddOrganizationMemberEmail for member 100000000001 failed with MissingParameter: Tencent Cloud's own message. A required parameter was missing: this is a bug in the provider, please report it. (RequestId: <RequestId>)",
  "NoSuchVersion": "AddOrganizationMemberEmail for member 100000000001 failed with NoSuchVersion: Tencent Cloud's own message. The endpoint does not offer API version 2021-03-31 of Tencent Cloud Organization: check tencentcloud-member-email:organizationEndpoint (or TENCENTCLOUD_ORGANIZATION_ENDPOINT). (RequestId: <RequestId>)",
  "RequestLimitExceeded": "AddOrganizationMemberEmail for member 100000000001 failed with RequestLimitExceeded: Tencent Cloud's own message. Tencent Cloud allows 20 requests a second for this action, shared by every process using these credentials, and kept refusing for the whole retry budget: something else spends that budget without slowing down; give calls more time with tencentcloud-member-email:organizationRetryBudget (or TENCENTCLOUD_ORGANIZATION_RETRY_BUDGET), or lower tencentcloud-member-email:organizationRateLimit (or TENCENTCLOUD_ORGANIZATION_RATE_LIMIT). (RequestId: <RequestId>)",
  "RequestSizeLimitExceeded": "AddOrganizationMemberEmail for member 100000000001 failed with RequestSizeLimitExceeded: Tencent Cloud's own message. The request was too large: this is a bug in the provider, please report it. (RequestId: <RequestId>)",
  "ResourceNotFound.EmailBindRecordNotExist": "AddOrganizationMemberEmail for member 100000000001 failed with ResourceNotFound.EmailBindRecordNotExist: Tencent Cloud's own message. The binding no longer exists: run \`pulumi refresh\` so the stack forgets it, then \`pulumi up\` to bind it again. (RequestId: <RequestId>)",
  "ResourceNotFound.MemberEmailNotExist": "AddOrganizationMemberEmail for member 100000000001 failed with ResourceNotFound.MemberEmailNotExist: Tencent Cloud's own message. The member has no email binding any more: run \`pulumi refresh\` so the stack forgets it, then \`pulumi up\` to bind it again. (RequestId: <RequestId>)",
  "ResourceNotFound.OrganizationMemberNotExist": "AddOrganizationMemberEmail for member 100000000001 failed with ResourceNotFound.OrganizationMemberNotExist: Tencent Cloud's own message. This uin is not a member of the organization: check memberUin, or invite the account into the organization first. (RequestId: <RequestId>)",
  "ResourceNotFound.OrganizationNotExist": "AddOrganizationMemberEmail for member 100000000001 failed with ResourceNotFound.OrganizationNotExist: Tencent Cloud's own message. The API key's account has no organization: use the key of the organization's management account. (RequestId: <RequestId>)",
  "UnknownParameter": "AddOrganizationMemberEmail for member 100000000001 failed with UnknownParameter: Tencent Cloud's own message. The API refused a parameter: this is a bug in the provider, please report it. (RequestId: <RequestId>)",
  "UnsupportedOperation": "AddOrganizationMemberEmail for member 100000000001 failed with UnsupportedOperation: Tencent Cloud's own message. Tencent Cloud does not support this operation for this member or organization. An invited member cannot have security information (email and phone) bound: only members created in the organization can (\`discover\` lists each member's type); remove this member's OrganizationMemberEmail. (RequestId: <RequestId>)",
  "UnsupportedProtocol": "AddOrganizationMemberEmail for member 100000000001 failed with UnsupportedProtocol: Tencent Cloud's own message. The endpoint refused the request's protocol: check that tencentcloud-member-email:organizationEndpoint (or TENCENTCLOUD_ORGANIZATION_ENDPOINT) is a Tencent Cloud API 3.0 endpoint. (RequestId: <RequestId>)",
}
`);
  });

  test("for a code outside the table, point to Tencent's list of codes", () => {
    expect(apiError("FailedOperation.SomethingNew")).toMatchInlineSnapshot(
      `"AddOrganizationMemberEmail for member 100000000001 failed with FailedOperation.SomethingNew: Tencent Cloud's own message. See the Tencent Cloud Organization API error codes for this action. (RequestId: <RequestId>)"`,
    );
  });

  test("for a CAM refusal, name the action and the policy file of every job that needs it", () => {
    const refusal = (action: string) =>
      new MemberEmailApiError({
        action,
        code: "AuthFailure.UnauthorizedOperation",
        apiMessage: "Tencent Cloud's own message",
        requestId: "<RequestId>",
        attempts: 1,
      }).message;
    expect(refusal("DescribeOrganizationMemberEmailBind")).toMatchInlineSnapshot(
      `"DescribeOrganizationMemberEmailBind failed with AuthFailure.UnauthorizedOperation: Tencent Cloud's own message. organization:DescribeOrganizationMemberEmailBind was refused: the CAM policies of these credentials do not allow it, and a role that runs \`pulumi preview --refresh\` or \`audit\` on a pull request needs it: examples/cam/preview.json; a role that runs \`pulumi up\`, \`refresh\`, \`import\` or \`destroy\` needs it: examples/cam/apply.json; a role that runs the daily sweep (\`remind\` and \`audit\`) needs it: examples/cam/sweep.json (docs/credentials.md). (RequestId: <RequestId>)"`,
    );
    expect(refusal("DescribeOrganizationMembers")).toMatchInlineSnapshot(
      `"DescribeOrganizationMembers failed with AuthFailure.UnauthorizedOperation: Tencent Cloud's own message. organization:DescribeOrganizationMembers was refused: the CAM policies of these credentials do not allow it, and a role that runs \`pulumi preview --refresh\` or \`audit\` on a pull request needs it: examples/cam/preview.json; a role that runs the daily sweep (\`remind\` and \`audit\`) needs it: examples/cam/sweep.json (docs/credentials.md). (RequestId: <RequestId>)"`,
    );
    // An action no job's policy grants (the package never calls one) gets the table's general advice.
    expect(refusal("QuitOrganization")).toMatchInlineSnapshot(
      `"QuitOrganization failed with AuthFailure.UnauthorizedOperation: Tencent Cloud's own message. The CAM policies of these credentials do not allow this action: grant it to their user or role (docs/credentials.md gives each job's least-privilege policy). (RequestId: <RequestId>)"`,
    );
  });

  test("for a call that never got an answer, say so and how many attempts were made", () => {
    expect(apiError(undefined, 8)).toMatchInlineSnapshot(
      `"AddOrganizationMemberEmail for member 100000000001 failed with NetworkError after 8 attempts: connect ECONNREFUSED 127.0.0.1:443. The request did not get an answer: check tencentcloud-member-email:organizationEndpoint (or TENCENTCLOUD_ORGANIZATION_ENDPOINT) and the network, then run the command again. (RequestId: none (no answer from the API))"`,
    );
  });
});

describe("the refusals", () => {
  test("of an email change without allowEmailUpdate", async () => {
    const refusal = await diff(String(memberUin), state, { ...inputs, email: "new@example.com" }).catch(
      (error: unknown) => error,
    );
    expect(refusal).toBeInstanceOf(EmailChangeRefusedError);
    expect((refusal as Error).message).toMatchInlineSnapshot(
      `"The email of member 100000000001 would change, and changing a bound email is refused by default: Tencent Cloud sends the member a new activation email and the binding waits until they activate it. To apply the new email in place through UpdateOrganizationMemberEmailBind, set \`allowEmailUpdate: true\` on this OrganizationMemberEmail; otherwise keep the current email."`,
    );
  });

  test("of a create for a member bound to another email", () => {
    const conflict = new MemberHasOtherEmailError({
      memberUin,
      bindId: 7,
      maskedEmail: "c***@example.org",
      requestId: "<RequestId>",
    });
    expect(conflict.message).toMatchInlineSnapshot(
      `"Member 100000000001 already has another email bound (c***@example.org, BindId 7), so this binding cannot be created. To manage that binding, declare this resource with its current email (it is then adopted into the stack), and change the email afterwards with \`allowEmailUpdate: true\`. (RequestId of the refusal: <RequestId>)"`,
    );
  });
});

describe("the validation failures", () => {
  test("of memberUin", async () => {
    expect([
      ...(await failures({ ...inputs, memberUin: "100000000001" })),
      ...(await failures({ ...inputs, memberUin: 1.5 })),
      ...(await failures({ ...inputs, memberUin: -1 })),
      ...(await failures({ ...inputs, memberUin: undefined })),
    ]).toMatchInlineSnapshot(`
[
  "memberUin: memberUin must be a number, the member's account uin such as 100000000001",
  "memberUin: memberUin must be a whole number no larger than 9007199254740991, such as 100000000001",
  "memberUin: memberUin must be positive, such as 100000000001",
  "memberUin: memberUin is required",
]
`);
  });

  test("of email", async () => {
    expect([
      ...(await failures({ ...inputs, email: 42 })),
      ...(await failures({ ...inputs, email: "alice @example.com" })),
      ...(await failures({ ...inputs, email: "alice@@example.com" })),
      ...(await failures({ ...inputs, email: "alice@localhost" })),
      ...(await failures({ ...inputs, email: `${"a".repeat(65)}@example.com` })),
      ...(await failures({ ...inputs, email: `alice@${"a".repeat(250)}.com` })),
      ...(await failures({ ...inputs, email: "ali\u202ece@example.com" })),
    ]).toMatchInlineSnapshot(`
[
  "email: email must be a string, an address such as alice@example.com",
  "email: email must not contain spaces; use an address such as alice@example.com",
  "email: email must contain exactly one @; use an address such as alice@example.com",
  "email: email must have a name before the @ and a dotted domain after it, such as alice@example.com",
  "email: email must have at most 64 characters before the @, the standard limit",
  "email: email must be at most 254 characters, the standard limit of an address",
  "email: email is not a valid address; use one such as alice@example.com",
]
`);
  });

  test("of countryCode", async () => {
    expect([
      ...(await failures({ ...inputs, countryCode: 86 })),
      ...(await failures({ ...inputs, countryCode: "+86" })),
      ...(await failures({ ...inputs, countryCode: "999" })),
    ]).toMatchInlineSnapshot(`
[
  "countryCode: countryCode must be a string of 1 to 3 digits, the international calling code such as "86" or "1"",
  "countryCode: countryCode must be 1 to 3 digits without "+", the international calling code such as "86" or "1"",
  "countryCode: countryCode is not an international calling code; use one such as "86" or "1"",
]
`);
  });

  test("of phone", async () => {
    expect([
      ...(await failures({ ...inputs, phone: 13800138000 })),
      ...(await failures({ ...inputs, phone: "138-0013-8000" })),
      ...(await failures({ ...inputs, phone: "12" })),
      ...(await failures({ ...inputs, phone: "1380013800012" })),
      ...(await failures({ ...inputs, phone: "8613912345678" })),
      ...(await failures({ ...inputs, phone: "013912345678" })),
      ...(await failures({ ...inputs, phone: "1380013800012345" })),
      ...(await failures({ ...inputs, countryCode: "44", phone: "07400123456" })),
    ]).toMatchInlineSnapshot(`
[
  "phone: phone must be a string of digits, the mobile number without the country code, such as "13800138000"",
  "phone: phone must contain digits only, without "+", spaces or the country code, such as "13800138000"",
  "phone: phone is too short for its countryCode; give the national number alone, like "13123456789"",
  "phone: phone is too long for its countryCode; give the national number alone, like "13123456789"",
  "phone: phone must be exactly the national number, without the calling code or a trunk prefix (0 in many countries), like "13123456789"",
  "phone: phone must be exactly the national number, without the calling code or a trunk prefix (0 in many countries), like "13123456789"",
  "phone: phone is too long: with its countryCode a phone number has at most 15 digits (E.164); give the national number alone, like "13123456789"",
  "phone: phone must be exactly the national number, without the calling code or a trunk prefix (0 in many countries), like "7400123456"",
]
`);
  });

  test("of allowEmailUpdate and of an input the resource does not have", async () => {
    expect(await failures({ ...inputs, allowEmailUpdate: "yes", mail: "x" })).toMatchInlineSnapshot(`
[
  "allowEmailUpdate: allowEmailUpdate must be true or false",
  "mail: mail is not an input of OrganizationMemberEmail; the inputs are memberUin, email, countryCode, phone, allowEmailUpdate and activationReminder",
]
`);
  });

  test("of activationReminder, and of a change that needs the phone the program does not declare", async () => {
    const { phone: _phone, ...withoutPhone } = inputs;
    const changed = async (news: Record<string, unknown>): Promise<string[]> =>
      ((await check(withoutPhone, news)).failures ?? []).map((failure) => `${failure.property}: ${failure.reason}`);
    expect([
      ...(await failures({ ...inputs, activationReminder: 202611 })),
      ...(await changed({ ...withoutPhone, email: "new@example.com", allowEmailUpdate: true })),
      ...(await changed({ ...withoutPhone, email: "new@example.com", countryCode: "1" })),
    ]).toMatchInlineSnapshot(`
[
  "activationReminder: activationReminder must be a string, a token such as "2026-11" that you change to remind the member",
  "phone: phone is required to change the email of member 100000000001: UpdateOrganizationMemberEmailBind takes the email, countryCode and phone together, and Tencent Cloud only shows the current phone masked. Declare the member's security phone (digits only, such as "13800138000").",
  "phone: phone is required to change the email and countryCode of member 100000000001: UpdateOrganizationMemberEmailBind takes the email, countryCode and phone together, and Tencent Cloud only shows the current phone masked. Declare the member's security phone (digits only, such as "13800138000"), and set \`allowEmailUpdate: true\`.",
]
`);
  });
});

describe("the email-domain policy's messages", () => {
  const ENV = "TENCENTCLOUD_ALLOWED_EMAIL_DOMAINS";
  beforeEach(() => void (process.env[ENV] = "example.com, *.corp.example.org"));
  afterEach(() => void delete process.env[ENV]);

  test("the failure of a new binding outside the allowed domains names email and the domains, not the address", async () => {
    expect(await failures({ ...inputs, email: "alice@other.org" })).toMatchInlineSnapshot(`
[
  "email: email must be an address at one of the allowed domains, example.com, *.corp.example.org (tencentcloud-member-email:allowedEmailDomains or TENCENTCLOUD_ALLOWED_EMAIL_DOMAINS); declare an address at one of them, or add its domain to the list",
]
`);
  });

  test("the warning of an adoption outside the allowed domains", async () => {
    const warn = jest.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      const { phone: _phone, ...withoutPhone } = inputs;
      await check({}, { ...withoutPhone, email: "alice@other.org" });
      expect(warn.mock.calls).toMatchInlineSnapshot(`
[
  [
    "warning: [runtime] Member 100000000001's existing binding has an email outside the allowed domains, example.com, *.corp.example.org (tencentcloud-member-email:allowedEmailDomains): it is adopted as it is, so the organization can be brought under management first; bind an address at an allowed domain afterwards (declare the phone and set \`allowEmailUpdate: true\`).",
  ],
]
`);
    } finally {
      warn.mockRestore();
    }
  });

  test("a policy that is not a list of domains", async () => {
    process.env[ENV] = "example.com, alice@example.org";
    await expect(check({}, inputs)).rejects.toThrowErrorMatchingInlineSnapshot(
      `"tencentcloud-member-email:allowedEmailDomains (or TENCENTCLOUD_ALLOWED_EMAIL_DOMAINS) must be a comma-separated list of email domains such as example.com,*.example.org; entry 2 of the list is not a domain."`,
    );
  });
});

describe("the lifecycle's other messages", () => {
  test("the warning of delete, which leaves the binding in the organization", async () => {
    const warn = jest.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      await deleteBinding(String(memberUin), state);
      expect(warn.mock.calls).toMatchInlineSnapshot(`
[
  [
    "warning: [runtime] OrganizationMemberEmail for member 100000000001 was removed from the stack only: Tencent Cloud has no API to unbind a member's email, so the binding (BindId 7) stays in the organization.",
  ],
]
`);
    } finally {
      warn.mockRestore();
    }
  });

  test("an id that is not a member uin", async () => {
    await expect(read("alice", {})).rejects.toThrowErrorMatchingInlineSnapshot(
      `"The id of an OrganizationMemberEmail is the member's uin in decimal digits without sign, leading zero or spaces, at most 9007199254740991, such as 100000000001; got "alice"."`,
    );
  });

  test("a state without its BindId", async () => {
    const { bindId: _bindId, ...incomplete } = state;
    await expect(diff(String(memberUin), incomplete, inputs)).rejects.toThrowErrorMatchingInlineSnapshot(
      `"The stack's state of this OrganizationMemberEmail is incomplete (bindId); run \`pulumi refresh\` to read it again."`,
    );
  });
});

describe("import", () => {
  test("of a member without a binding", () => {
    expect(new NothingToImportError(memberUin).message).toMatchInlineSnapshot(
      `"Member 100000000001 has no email binding to import. Check the uin (\`pulumi-tencentcloud-member-email discover\` lists the members that have one), or bind an email by declaring an OrganizationMemberEmail with memberUin, email, countryCode and phone, and run \`pulumi up\`."`,
    );
  });
});

describe("the configuration messages", () => {
  const config = (values: Record<string, string>) => ({ get: (key: string) => values[key] });

  test("missing credentials", () => {
    expect(() => resolveSettings(config({}), {})).toThrowErrorMatchingInlineSnapshot(
      `"Tencent Cloud credentials are missing: set them with \`pulumi config set tencentcloud-member-email:secretId <id>\` and \`pulumi config set --secret tencentcloud-member-email:secretKey <key>\`, or with the environment variables TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY; or assume a role from an OIDC token (TENCENTCLOUD_ASSUME_ROLE_ARN and TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN_FILE), name a profile (TENCENTCLOUD_PROFILE), or an instance's CAM role (TENCENTCLOUD_CAM_ROLE_NAME)."`,
    );
  });

  test("missing credentials of the native plugin name its own config keys", () => {
    expect(() =>
      resolveSettings({ ...config({}), namespace: "tencentcloud-member-email" }, {}),
    ).toThrowErrorMatchingInlineSnapshot(
      `"Tencent Cloud credentials are missing: set them with \`pulumi config set tencentcloud-member-email:secretId <id>\` and \`pulumi config set --secret tencentcloud-member-email:secretKey <key>\`, or with the environment variables TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY; or assume a role from an OIDC token (TENCENTCLOUD_ASSUME_ROLE_ARN and TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN_FILE), name a profile (TENCENTCLOUD_PROFILE), or an instance's CAM role (TENCENTCLOUD_CAM_ROLE_NAME)."`,
    );
  });

  test("an endpoint that is not a URL, or has a path", () => {
    const credentials = { "tencentcloud-member-email:secretId": "AKIDx", "tencentcloud-member-email:secretKey": "k" };
    expect(() =>
      resolveSettings(config({ ...credentials, "tencentcloud-member-email:organizationEndpoint": "http://[" }), {}),
    ).toThrowErrorMatchingInlineSnapshot(
      `"tencentcloud-member-email:organizationEndpoint must be a URL such as https://organization.intl.tencentcloudapi.com or http://127.0.0.1:9217; got "http://["."`,
    );
    expect(() =>
      resolveSettings(
        config({ ...credentials, "tencentcloud-member-email:organizationEndpoint": "https://example.com/api" }),
        {},
      ),
    ).toThrowErrorMatchingInlineSnapshot(
      `"tencentcloud-member-email:organizationEndpoint must be an http or https URL without a path, such as https://organization.intl.tencentcloudapi.com; got "https://example.com/api"."`,
    );
  });

  test("a rate limit that is not a positive number", () => {
    const values = { "tencentcloud-member-email:secretId": "AKIDx", "tencentcloud-member-email:secretKey": "k" };
    expect(() =>
      resolveSettings(config({ ...values, "tencentcloud-member-email:organizationRateLimit": "fast" }), {}),
    ).toThrowErrorMatchingInlineSnapshot(
      `"tencentcloud-member-email:organizationRateLimit must be a positive number of requests a second, such as 20; got "fast"."`,
    );
  });

  test("a retry budget that is not a positive number of seconds", () => {
    const values = { "tencentcloud-member-email:secretId": "AKIDx", "tencentcloud-member-email:secretKey": "k" };
    expect(() =>
      resolveSettings(config({ ...values, "tencentcloud-member-email:organizationRetryBudget": "-5" }), {}),
    ).toThrowErrorMatchingInlineSnapshot(
      `"tencentcloud-member-email:organizationRetryBudget must be a positive number of seconds, such as 60; got "-5"."`,
    );
  });
});

describe("the credential configuration messages", () => {
  const none = { get: () => undefined };

  test("an OIDC token without the role to assume", () => {
    expect(() =>
      resolveSettings(none, { TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN_FILE: "/run/token" }),
    ).toThrowErrorMatchingInlineSnapshot(
      `"AssumeRoleWithWebIdentity needs the role to assume: set tencentcloud-member-email:assumeRoleWithWebIdentity.roleArn or TENCENTCLOUD_ASSUME_ROLE_ARN."`,
    );
  });

  test("a named profile whose file is missing", () => {
    expect(() =>
      resolveSettings(none, { TENCENTCLOUD_PROFILE: "ci", TENCENTCLOUD_SHARED_CREDENTIALS_DIR: "/nonexistent/tccli" }),
    ).toThrowErrorMatchingInlineSnapshot(
      `"The profile "ci" names the file /nonexistent/tccli/ci.credential, which does not exist: write it with \`tccli configure --profile ci\`, or set TENCENTCLOUD_SHARED_CREDENTIALS_DIR to the folder that holds it."`,
    );
  });

  test("account lists that are not account ids", () => {
    expect(() =>
      resolveSettings(none, { TENCENTCLOUD_CAM_ROLE_NAME: "r", TENCENTCLOUD_ALLOWED_ACCOUNT_IDS: "prod" }),
    ).toThrowErrorMatchingInlineSnapshot(
      `"tencentcloud-member-email:allowedAccountIds (or TENCENTCLOUD_ALLOWED_ACCOUNT_IDS) must be a comma list of one or more account ids such as 100000000000,200000000000; got "prod". Leave it unset to allow any account."`,
    );
  });

  test("a session duration out of STS's range", () => {
    expect(() =>
      resolveSettings(none, {
        TENCENTCLOUD_SECRET_ID: "AKIDx",
        TENCENTCLOUD_SECRET_KEY: "k",
        TENCENTCLOUD_ASSUME_ROLE_ARN: "qcs::cam::uin/1:roleName/r",
        TENCENTCLOUD_ASSUME_ROLE_SESSION_DURATION: "86400",
      }),
    ).toThrowErrorMatchingInlineSnapshot(
      `"tencentcloud-member-email:assumeRole.sessionDuration (or TENCENTCLOUD_ASSUME_ROLE_SESSION_DURATION) must be a whole number of seconds from 1 to 43200; got "86400"."`,
    );
  });

  test("an assumeRole config that is not an object", () => {
    expect(() =>
      resolveSettings(
        { get: (key) => (key === "tencentcloud-member-email:assumeRole" ? "qcs::cam::uin/1:roleName/r" : undefined) },
        {},
      ),
    ).toThrowErrorMatchingInlineSnapshot(
      `"tencentcloud-member-email:assumeRole must be an object with the fields roleArn, sessionName, sessionDuration, externalId, policy; set one with \`pulumi config set --path tencentcloud-member-email:assumeRole.roleArn <arn>\`."`,
    );
  });
});
