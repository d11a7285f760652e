import { readFileSync } from "node:fs";
import type { SettingName } from "../../provider/api/setting-table";
import {
  adviceFor,
  camActionJobs,
  camJobs,
  type CamJob,
  EmailChangeRefusedError,
  errorAdvice,
  settingAsRead,
  FailedEmailError,
  MemberEmailApiError,
  MemberHasOtherEmailError,
  NothingToImportError,
  OrganizationMismatchError,
  redact,
  UnrecordedOrganizationError,
} from "../../provider/api/errors";

/** Every code api-notes.md lists for the member-email actions. */
const documentedCodes = [
  "AuthFailure.SignatureFailure",
  "AuthFailure.SecretIdNotFound",
  "AuthFailure.SignatureExpire",
  "AuthFailure.TokenFailure",
  "AuthFailure.UnauthorizedOperation",
  "InvalidAction",
  "MissingParameter",
  "UnknownParameter",
  "InvalidParameter",
  "InvalidParameterValue",
  "RequestLimitExceeded",
  "InternalError",
  "UnsupportedOperation",
  "RequestSizeLimitExceeded",
  "FailedOperation.CheckAccountPhoneBindLimit",
  "FailedOperation.CheckMailAccount",
  "FailedOperation.EmailAlreadyUsed",
  "FailedOperation.MemberEmailExist",
  "LimitExceeded.EmailBindOverLimit",
  "LimitExceeded.PhoneNumBound",
  "ResourceNotFound.OrganizationMemberNotExist",
  "ResourceNotFound.OrganizationNotExist",
];

describe("the error table", () => {
  test.each(documentedCodes)("has advice for %s", (code) => {
    expect(errorAdvice[code]).toMatch(/\w+.*\./);
  });

  test("an API error names the action, the member, the code, what to do and the RequestId", () => {
    const error = new MemberEmailApiError({
      action: "AddOrganizationMemberEmail",
      memberUin: 100000000001,
      code: "FailedOperation.EmailAlreadyUsed",
      apiMessage: "The email has been used",
      requestId: "b46d2afe-6893-4529-bc96-2c82d9214957",
      attempts: 1,
    });
    expect(error.message).toBe(
      "AddOrganizationMemberEmail for member 100000000001 failed with FailedOperation.EmailAlreadyUsed: The email has been used. " +
        `${errorAdvice["FailedOperation.EmailAlreadyUsed"]} (RequestId: b46d2afe-6893-4529-bc96-2c82d9214957)`,
    );
  });

  test("the advice names config keys under the package's namespace, which both doors read", () => {
    const failure = {
      action: "AddOrganizationMemberEmail",
      memberUin: 100000000001,
      code: "AuthFailure.SecretIdNotFound",
      apiMessage: "The SecretId is not found",
      requestId: "r",
      attempts: 1,
    };
    const message = new MemberEmailApiError(failure, "tencentcloud-member-email").message;
    expect(message).toContain("check tencentcloud-member-email:secretId (or TENCENTCLOUD_SECRET_ID)");
    expect(message).not.toContain("tencentcloud:");
    const network = new MemberEmailApiError({ ...failure, code: undefined }, "tencentcloud-member-email").message;
    expect(network).toContain("check tencentcloud-member-email:organizationEndpoint");
    const mismatch = new OrganizationMismatchError(
      { memberUin: 1, recorded: 2, current: 3 },
      "tencentcloud-member-email",
    );
    expect(mismatch.message).toContain("(tencentcloud-member-email:secretId and tencentcloud-member-email:secretKey)");
    expect(new OrganizationMismatchError({ memberUin: 1, recorded: 2, current: 3 }).message).toContain(
      "(tencentcloud-member-email:secretId and tencentcloud-member-email:secretKey)",
    );
  });

  test("a call that never got an answer says so and how many attempts it made", () => {
    const error = new MemberEmailApiError({
      action: "DescribeOrganizationMemberEmailBind",
      memberUin: 5,
      apiMessage: "socket hang up",
      attempts: 8,
    });
    expect(error.message).toMatch(
      /failed with NetworkError after 8 attempts: socket hang up\. .*TENCENTCLOUD_ORGANIZATION_ENDPOINT.*RequestId: none/,
    );
  });

  test("an unknown code still gets a sentence on what to do", () => {
    const error = new MemberEmailApiError({
      action: "A",
      memberUin: 1,
      code: "FailedOperation.Brand.New",
      apiMessage: "x",
      attempts: 1,
    });
    expect(error.message).toMatch(/error codes for this action/);
  });

  test.each([
    ["a full stop", "The uin is not in the organization."],
    ["a full stop and spaces", "The uin is not in the organization.  "],
    ["no full stop", "The uin is not in the organization"],
  ])("an API message that ends with %s is followed by exactly one full stop", (_name, apiMessage) => {
    const error = new MemberEmailApiError({
      action: "AddOrganizationMemberEmail",
      memberUin: 1,
      code: "ResourceNotFound.OrganizationMemberNotExist",
      apiMessage,
      requestId: "r",
      attempts: 1,
    });
    expect(error.message).toContain("The uin is not in the organization. This uin is not a member");
    expect(error.message).not.toContain("..");
  });

  test("redact removes an echoed email and phone whatever their letter case", () => {
    expect(redact("bad Email ALICE@Example.com, Phone 13800138000", ["alice@example.com", "13800138000"])).toBe(
      "bad Email ***, Phone ***",
    );
  });

  test("redact takes a secret's characters literally", () => {
    expect(redact("a.b+c@x.io and aXb+c@x.io", ["a.b+c@x.io"])).toBe("*** and aXb+c@x.io");
  });

  test("redact removes every credential from a text", () => {
    expect(redact("key AKIDabc and secret s3cr3t and s3cr3t", ["s3cr3t", "AKIDabc", undefined])).toBe(
      "key *** and secret *** and ***",
    );
  });
});

describe("the errors a user reads", () => {
  test("a failed call about the whole organization names no member", () => {
    const error = new MemberEmailApiError({
      action: "ListOrganizationMembers",
      code: "InternalError",
      apiMessage: "Busy",
      requestId: "r-1",
      attempts: 1,
    });
    expect(error.message).toBe(
      `ListOrganizationMembers failed with InternalError: Busy. ${errorAdvice.InternalError} (RequestId: r-1)`,
    );
  });

  test("a refused email change says why, and how to allow it", () => {
    expect(new EmailChangeRefusedError(100000000001).message).toBe(
      "The email of member 100000000001 would change, and changing a bound email is refused by default: Tencent " +
        "Cloud sends the member a new activation email and the binding waits until they activate it. To apply the " +
        "new email in place through UpdateOrganizationMemberEmailBind, set `allowEmailUpdate: true` on this " +
        "OrganizationMemberEmail; otherwise keep the current email.",
    );
  });

  test("a member bound to another email shows that email masked, and how to adopt the binding", () => {
    const failure = { memberUin: 100000000001, bindId: 7, maskedEmail: "b***@example.com" };
    expect(new MemberHasOtherEmailError({ ...failure, requestId: "r-2" }).message).toBe(
      "Member 100000000001 already has another email bound (b***@example.com, BindId 7), so this binding cannot be " +
        "created. To manage that binding, declare this resource with its current email (it is then adopted into " +
        "the stack), and change the email afterwards with `allowEmailUpdate: true`. (RequestId of the refusal: r-2)",
    );
    expect(new MemberHasOtherEmailError(failure).message).toMatch(/\(RequestId of the refusal: none\)$/);
  });

  test("a binding of another organization says both organizations and whose credentials to use", () => {
    expect(new OrganizationMismatchError({ memberUin: 100000000001, recorded: 2, current: 3 }).message).toBe(
      "The binding of member 100000000001 belongs to organization 2, but the configured credentials reach " +
        "organization 3: nothing was read or changed, and the binding stays in the stack. Use the credentials " +
        "(tencentcloud-member-email:secretId and tencentcloud-member-email:secretKey) of organization 2's management account for this stack.",
    );
  });

  test("a binding whose state records no organization and missing under these credentials is kept, and the message says what to do", () => {
    const facts = { memberUin: 100000000001, bindId: 7, current: 3 };
    expect(new UnrecordedOrganizationError(facts).message).toBe(
      "The stack's state of the binding of member 100000000001 (BindId 7) records no organization (no " +
        "organizationId: state written by 0.1.0 has none), and the configured credentials reach organization 3, " +
        "where member 100000000001 has no email binding: nothing was changed, and the binding stays in the stack. " +
        "Run `pulumi refresh` with the credentials (tencentcloud-member-email:secretId and tencentcloud-member-email:secretKey) of the " +
        "management account of the organization the binding was made in: it records that organization. If the " +
        "binding is really gone from it, remove it from the stack with `pulumi state delete <urn>`.",
    );
    expect(new UnrecordedOrganizationError(facts, "tencentcloud-member-email").message).toContain(
      "(tencentcloud-member-email:secretId and tencentcloud-member-email:secretKey)",
    );
  });

  test("a failed binding declared with its email asks for a new one, with the API's reason and no trailing dot", () => {
    const facts = { memberUin: 100000000001, bindId: 7, reason: "The activation link expired. " };
    expect(new FailedEmailError(facts).message).toBe(
      "Member 100000000001's binding (BindId 7) has failed (The activation link expired), and an email that failed " +
        "activation can never be bound again: declare a new email for this member, with its phone. " +
        "`allowEmailUpdate` is not needed, since nothing active is replaced.",
    );
    expect(new FailedEmailError({ ...facts, reason: "" }).message).toMatch(
      /^Member 100000000001's binding \(BindId 7\) has failed, and/,
    );
  });

  test("an import of a member without a binding says how to find one or make one", () => {
    expect(new NothingToImportError(100000000001).message).toBe(
      "Member 100000000001 has no email binding to import. Check the uin (`pulumi-tencentcloud-member-email " +
        "discover` lists the members that have one), or bind an email by declaring an OrganizationMemberEmail with " +
        "memberUin, email, countryCode and phone, and run `pulumi up`.",
    );
  });

  test("each error is named after its class, as a program catching it and Pulumi's output show it", () => {
    const failure = { action: "A", code: "InternalError", apiMessage: "x", attempts: 1 };
    expect(
      [
        new MemberEmailApiError(failure),
        new EmailChangeRefusedError(1),
        new MemberHasOtherEmailError({ memberUin: 1, bindId: 2, maskedEmail: "a***@b.c" }),
        new OrganizationMismatchError({ memberUin: 1, recorded: 2, current: 3 }),
        new UnrecordedOrganizationError({ memberUin: 1, bindId: 2, current: 3 }),
        new FailedEmailError({ memberUin: 1, bindId: 2, reason: "" }),
        new NothingToImportError(1),
      ].map((error) => error.name),
    ).toEqual([
      "MemberEmailApiError",
      "EmailChangeRefusedError",
      "MemberHasOtherEmailError",
      "OrganizationMismatchError",
      "UnrecordedOrganizationError",
      "FailedEmailError",
      "NothingToImportError",
    ]);
  });
});

describe("the advice names each setting as the door that failed reads it", () => {
  /** The advice of the error table that names a setting, with the settings each names. */
  const namingSettings: readonly (readonly [string | undefined, readonly string[]])[] = [
    ["AuthFailure.SignatureFailure", ["secretKey"]],
    ["AuthFailure.SecretIdNotFound", ["secretId"]],
    ["AuthFailure.TokenFailure", ["securityToken"]],
    ["UnsupportedProtocol", ["organizationEndpoint"]],
    ["NoSuchVersion", ["organizationEndpoint"]],
    ["InvalidAction", ["organizationEndpoint"]],
    ["RequestLimitExceeded", ["organizationRetryBudget", "organizationRateLimit"]],
    [undefined, ["organizationEndpoint"]],
  ];

  test("the error table names no reader's key itself: every setting is named through the reader", () => {
    for (const advice of Object.values(errorAdvice)) {
      expect(advice).not.toMatch(/tencentcloud[-\w]*:|TENCENTCLOUD_/);
    }
    const named = Object.entries(errorAdvice).filter(([, advice]) => /\{\w+\}/.test(advice));
    expect(named.map(([code]) => code).sort()).toEqual(
      namingSettings.flatMap(([code]) => (code === undefined ? [] : [code])).sort(),
    );
  });

  test.each(namingSettings)(
    "%s: the commands, given no config, name the environment variables alone",
    (code, names) => {
      const advice = adviceFor(code, undefined);
      for (const name of names) expect(advice).toContain(settingAsRead(name as SettingName, undefined));
      expect(advice).toMatch(/TENCENTCLOUD_[A-Z_]+/);
      expect(advice).not.toMatch(/tencentcloud[-\w]*:|\{/);
    },
  );

  test.each(namingSettings)(
    "%s: both doors name tencentcloud-member-email: keys, then their variables",
    (code, names) => {
      const advice = adviceFor(code, "tencentcloud-member-email");
      for (const name of names) expect(advice).toContain(`tencentcloud-member-email:${name} (or TENCENTCLOUD_`);
      expect(advice).not.toMatch(/tencentcloud:|\{/);
    },
  );

  test("each setting is named as its reader reads it", () => {
    expect(settingAsRead("secretKey", undefined)).toBe("TENCENTCLOUD_SECRET_KEY");
    expect(settingAsRead("secretKey", "tencentcloud-member-email")).toBe(
      "tencentcloud-member-email:secretKey (or TENCENTCLOUD_SECRET_KEY)",
    );
    expect(settingAsRead("organizationRetryBudget", "tencentcloud-member-email")).toBe(
      "tencentcloud-member-email:organizationRetryBudget (or TENCENTCLOUD_ORGANIZATION_RETRY_BUDGET)",
    );
    // A setting without a variable (config only) is named by its key whatever the reader.
    expect(settingAsRead("assumeRole", "tencentcloud-member-email")).toBe("tencentcloud-member-email:assumeRole");
    expect(settingAsRead("assumeRole", undefined)).toBe("tencentcloud-member-email:assumeRole");
  });
});

describe("the CAM refusal table", () => {
  test("names, for each action, exactly the jobs whose policy files (examples/cam) allow it", () => {
    const fromFiles: Record<string, CamJob[]> = {};
    for (const job of ["preview", "apply", "sweep"] as const) {
      const policy = JSON.parse(readFileSync(camJobs[job].policyFile, "utf8")) as {
        statement: { effect: string; action: string | string[] }[];
      };
      for (const statement of policy.statement.filter((each) => each.effect === "allow")) {
        for (const action of [statement.action].flat())
          (fromFiles[action.replace(/^organization:/, "")] ??= []).push(job);
      }
    }
    expect(camActionJobs).toEqual(fromFiles);
  });
});
