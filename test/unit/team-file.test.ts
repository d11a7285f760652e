import { parse } from "yaml";
import type { DiscoveredBinding } from "../../provider/cli/discover";
import { teamFile } from "../../provider/cli/team-file";

const bindings: DiscoveredBinding[] = [
  {
    memberUin: 100000000011,
    name: "Ana",
    email: "ana@example.com",
    countryCode: "86",
    bindStatus: "Valid",
    bindId: 3,
    memberType: "Create",
  },
  {
    memberUin: 100000000012,
    name: 'Bo: "ops" # on-call\nteam',
    email: "Bo+tc@example.co.uk",
    countryCode: "1",
    bindStatus: "Failed",
    bindId: 14,
    memberType: "Create",
  },
];

describe("teamFile", () => {
  test("lists every binding as a member without a phone, and YAML reads back the same values", () => {
    const document = parse(teamFile(bindings, new Date("2026-11-26T15:00:00Z"))) as { members: unknown[] };
    expect(document.members).toEqual(
      bindings.map(({ memberUin, name, email, countryCode, bindId, bindStatus, memberType }) => ({
        memberUin,
        name,
        email,
        countryCode,
        bindId,
        bindStatus,
        memberType,
      })),
    );
  });

  test("keeps country codes as strings, as the provider's input wants them", () => {
    const document = parse(teamFile(bindings, new Date())) as { members: { countryCode: unknown }[] };
    expect(document.members.map((member) => typeof member.countryCode)).toEqual(["string", "string"]);
  });

  test("writes an empty list when the organization has no binding", () => {
    expect(parse(teamFile([], new Date()))).toEqual({ members: [] });
  });

  test("says where it came from and that the phone is left out on purpose", () => {
    expect(teamFile(bindings, new Date("2026-11-26T15:00:00Z"))).toMatch(
      /^# Written by `pulumi-tencentcloud-member-email discover` at 2026-11-26T15:00:00\.000Z.*\n#.*no phone/s,
    );
  });

  test("is written as a comment that says what each field is for, then one entry a binding, every value as JSON", () => {
    expect(teamFile(bindings.slice(0, 1), new Date("2026-11-26T15:00:00Z"))).toMatchInlineSnapshot(`
"# Written by \`pulumi-tencentcloud-member-email discover\` at 2026-11-26T15:00:00.000Z: every member of the
# organization with an email binding. Each entry becomes an OrganizationMemberEmail that adopts the binding
# as it is; no phone is listed because Tencent Cloud only shows it masked. Add \`phone\` (digits only) to a
# member to manage its phone or change its email. \`name\`, \`bindId\`, \`bindStatus\` and \`memberType\` (Create or
# Invite) are for reading only.
members:
  - memberUin: 100000000011
    name: "Ana"
    email: "ana@example.com"
    countryCode: "86"
    bindId: 3
    bindStatus: "Valid"
    memberType: "Create"
"
`);
  });
});
