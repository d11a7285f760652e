import { errorAdvice, MemberEmailApiError, OrganizationMismatchError, redact } from "../../provider/api/errors";

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

  test("the advice names config keys under the namespace the settings were read from (the plugin's own)", () => {
    const failure = {
      action: "AddOrganizationMemberEmail",
      memberUin: 100000000001,
      code: "AuthFailure.SecretIdNotFound",
      apiMessage: "The SecretId is not found",
      requestId: "r",
      attempts: 1,
    };
    expect(new MemberEmailApiError(failure).message).toContain(
      "check tencentcloud:secretId (or TENCENTCLOUD_SECRET_ID)",
    );
    const plugin = new MemberEmailApiError(failure, "tencentcloud-member-email").message;
    expect(plugin).toContain("check tencentcloud-member-email:secretId (or TENCENTCLOUD_SECRET_ID)");
    expect(plugin).not.toContain("tencentcloud:");
    const network = new MemberEmailApiError({ ...failure, code: undefined }, "tencentcloud-member-email").message;
    expect(network).toContain("check tencentcloud-member-email:organizationEndpoint");
    const mismatch = new OrganizationMismatchError(
      { memberUin: 1, recorded: 2, current: 3 },
      "tencentcloud-member-email",
    );
    expect(mismatch.message).toContain("(tencentcloud-member-email:secretId and tencentcloud-member-email:secretKey)");
    expect(new OrganizationMismatchError({ memberUin: 1, recorded: 2, current: 3 }).message).toContain(
      "(tencentcloud:secretId and tencentcloud:secretKey)",
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
      /failed with NetworkError after 8 attempts: socket hang up\. .*organizationEndpoint.*RequestId: none/,
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
