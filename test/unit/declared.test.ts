import { declaredFromStackState, declaredFromTeamFile } from "../../provider/cli/declared";

const secret = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", ciphertext: "v1:abc" };
const outputs = (memberUin: unknown, bindId: number) => ({
  memberUin,
  email: secret,
  countryCode: "86",
  phone: secret,
  bindId,
  bindStatus: "Valid",
  __provider: "exports.handler = ...",
});

describe("the declared bindings of a stack export", () => {
  test("are the OrganizationMemberEmail resources of the dynamic provider and of the native plugin, with their BindIds", () => {
    const exported = {
      version: 3,
      deployment: {
        resources: [
          { type: "pulumi:pulumi:Stack", urn: "urn:stack" },
          {
            type: "pulumi-nodejs:dynamic/tencentcloud:OrganizationMemberEmail",
            id: "100000000001",
            outputs: outputs(100000000001, 7),
          },
          // A program that made memberUin secret: the id is the uin all the same.
          { type: "pulumi-nodejs:dynamic:Resource", id: "100000000002", outputs: outputs(secret, 8) },
          {
            type: "tencentcloud-member-email:index:OrganizationMemberEmail",
            id: "100000000003",
            outputs: { bindId: 9 },
          },
          // Another dynamic resource is not ours, nor one pending deletion.
          { type: "pulumi-nodejs:dynamic:Resource", id: "100000000004", outputs: { memberUin: 100000000004 } },
          {
            type: "pulumi-nodejs:dynamic:Resource",
            id: "100000000005",
            outputs: outputs(100000000005, 10),
            delete: true,
          },
        ],
      },
    };
    expect(declaredFromStackState(JSON.stringify(exported))).toEqual([
      { memberUin: 100000000001, bindId: 7 },
      { memberUin: 100000000002, bindId: 8 },
      { memberUin: 100000000003, bindId: 9 },
    ]);
  });

  test("carry the organization the state records each in, when it does (a stack with a provider per organization)", () => {
    const resource = (id: string, organizationId: unknown) => ({
      type: "tencentcloud-member-email:index:OrganizationMemberEmail",
      id,
      outputs: { bindId: 9, organizationId },
    });
    const exported = {
      deployment: {
        resources: [
          resource("100000000001", 45000001),
          resource("200000000001", 46000002),
          resource("100000000002", undefined),
          resource("100000000003", "not an id"),
        ],
      },
    };
    expect(declaredFromStackState(JSON.stringify(exported))).toEqual([
      { memberUin: 100000000001, bindId: 9, organizationId: 45000001 },
      { memberUin: 200000000001, bindId: 9, organizationId: 46000002 },
      { memberUin: 100000000002, bindId: 9 },
      { memberUin: 100000000003, bindId: 9 },
    ]);
  });

  test("of a stack never deployed are none", () => {
    expect(declaredFromStackState(JSON.stringify({ version: 3, deployment: {} }))).toEqual([]);
  });

  test("refuse what is not a stack export, saying what to give", () => {
    expect(() => declaredFromStackState("members: []")).toThrow(
      /The stack state is not JSON: give the output of `pulumi stack export`/,
    );
    expect(() => declaredFromStackState("[]")).toThrow(/has no "deployment" with a "resources" list/);
  });
});

describe("the declared bindings of a team file", () => {
  test("are its members' uins, with the BindIds `discover --out` wrote", () => {
    const text =
      'members:\n  - memberUin: 100000000011\n    email: "a@example.com"\n    bindId: 3\n  - memberUin: 100000000012\n';
    expect(declaredFromTeamFile(text)).toEqual([{ memberUin: 100000000011, bindId: 3 }, { memberUin: 100000000012 }]);
  });

  test("refuse a member without a uin, and a file that is not YAML, without repeating its content", () => {
    expect(() => declaredFromTeamFile("members:\n  - email: a@example.com\n")).toThrow(
      "Member 1 of the team file has no memberUin: each member needs one, such as memberUin: 100000000001.",
    );
    const notYaml = () => declaredFromTeamFile('members:\n  - email: "alice@example.com\n');
    expect(notYaml).toThrow(/^The team file is not YAML \(line \d+\): give the file examples\/from-file reads\.$/);
  });
});
