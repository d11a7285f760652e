import { importFile, resourceName } from "../../provider/cli/import-file";
import type { DiscoveredBinding } from "../../provider/cli/discover";

const binding = (memberUin: number, name: string): DiscoveredBinding => ({
  memberUin,
  name,
  email: `m${memberUin}@example.com`,
  countryCode: "86",
  bindStatus: "Valid",
  bindId: memberUin - 100000000000,
  memberType: "Create",
});

describe("resource names of the import file", () => {
  test.each([
    ["Alice Chen", 100000000001, "alice-chen-100000000001"],
    ["  R&D / Ops  ", 100000000002, "r-d-ops-100000000002"],
    ["Zoë", 100000000003, "zoe-100000000003"],
    ["张伟", 100000000004, "member-100000000004"],
    ["", 100000000005, "member-100000000005"],
    ["member-100000000006", 100000000006, "member-100000000006"],
    // The uin ends the name once, whatever the name ends with.
    ["Ops 100000000007", 100000000007, "ops-100000000007"],
    ["--Ops--", 100000000008, "ops-100000000008"],
    ["ＲＥＤ　Ｔｅａｍ", 100000000009, "red-team-100000000009"],
    // At most 40 characters of the name, without the hyphen a cut can leave.
    [`${"x".repeat(39)} tail`, 100000000010, `${"x".repeat(39)}-100000000010`],
    ["a".repeat(60), 100000000011, `${"a".repeat(40)}-100000000011`],
    ["!!!", 100000000012, "member-100000000012"],
  ])("%j with uin %d is %j", (name, memberUin, expected) => {
    expect(resourceName({ name, memberUin })).toBe(expected);
  });

  test("two members of the same name get two names", () => {
    expect(resourceName({ name: "Alice", memberUin: 100000000001 })).not.toBe(
      resourceName({ name: "Alice", memberUin: 100000000002 }),
    );
  });
});

describe("the import file", () => {
  test("lists one OrganizationMemberEmail of the native plugin per binding, by uin, whatever the order found", () => {
    const text = importFile([binding(100000000009, "Bob"), binding(100000000002, "Alice")]);
    expect(JSON.parse(text)).toEqual({
      resources: [
        {
          type: "tencentcloud-member-email:index:OrganizationMemberEmail",
          name: "alice-100000000002",
          id: "100000000002",
        },
        {
          type: "tencentcloud-member-email:index:OrganizationMemberEmail",
          name: "bob-100000000009",
          id: "100000000009",
        },
      ],
    });
    expect(importFile([binding(100000000002, "Alice"), binding(100000000009, "Bob")])).toBe(text);
  });

  test("is JSON with a final line break, and an empty organization is an empty list", () => {
    expect(importFile([])).toBe('{\n  "resources": []\n}\n');
    expect(importFile([binding(100000000002, "Alice")])).toMatch(/^\{\n {2}"resources": \[\n {4}\{\n/);
  });

  test("holds no email, phone or other personal data besides the member's name", () => {
    expect(importFile([binding(100000000002, "Alice")])).not.toContain("@");
  });
});
