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

describe("what a stack export's resource must be to be declared", () => {
  const declared = (...resources: unknown[]) => declaredFromStackState(JSON.stringify({ deployment: { resources } }));
  const shape = { memberUin: 100000000001, email: "x", countryCode: "86", bindId: 7, bindStatus: "Valid" };

  test("the dynamic provider's own type needs no outputs beyond an id; another dynamic type needs the outputs", () => {
    expect(
      declared({ type: "pulumi-nodejs:dynamic/tencentcloud:OrganizationMemberEmail", id: "100000000001" }),
    ).toEqual([{ memberUin: 100000000001 }]);
    expect(declared({ type: "pulumi-nodejs:dynamic:Resource", id: "100000000001", outputs: { bindId: 7 } })).toEqual(
      [],
    );
    // Outputs of the same shape on a resource of another provider are not ours.
    expect(declared({ type: "example:index:Contact", id: "100000000001", outputs: shape })).toEqual([]);
    expect(declared({ type: 5, id: "100000000001", outputs: shape }, { id: "100000000002" }, "text", null)).toEqual([]);
  });

  test("the uin comes from the outputs, else the inputs, else the id, and only as a positive whole number", () => {
    const secret = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", ciphertext: "v1:x" };
    const resource = (memberUin: unknown, inputs: unknown, id: unknown) => ({
      type: "tencentcloud-member-email:index:OrganizationMemberEmail",
      id,
      inputs: { memberUin: inputs },
      outputs: { memberUin },
    });
    expect(declared(resource(secret, 100000000002, "100000000003"))).toEqual([{ memberUin: 100000000002 }]);
    expect(declared(resource(secret, secret, "100000000003"))).toEqual([{ memberUin: 100000000003 }]);
    for (const wrong of [
      0,
      -1,
      1.5,
      2 ** 53,
      "0",
      "01",
      "1e3",
      " 1",
      "x100000000001",
      "100000000001x",
      "12345678901234567",
    ]) {
      expect(declared(resource(wrong, wrong, wrong))).toEqual([]);
    }
    expect(declared(resource(undefined, undefined, "1234567890123456"))).toEqual([{ memberUin: 1234567890123456 }]);
  });

  test("a member has only the keys the state gives it", () => {
    const [member] = declared({ type: "tencentcloud-member-email:index:OrganizationMemberEmail", id: "100000000001" });
    expect(Object.keys(member)).toEqual(["memberUin"]);
    const [fromTeam] = declaredFromTeamFile("members:\n  - memberUin: 100000000001\n");
    expect(Object.keys(fromTeam)).toEqual(["memberUin"]);
  });

  test("resources that are not a list are refused; an error says what it is", () => {
    let error: unknown;
    try {
      declaredFromStackState(JSON.stringify({ deployment: { resources: {} } }));
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toMatchObject({ name: "DeclaredInputError", message: expect.stringMatching(/"resources" list/) });
  });
});

test("a team file without a members list is refused, and a YAML error names its line", () => {
  expect(() => declaredFromTeamFile("people: []\n")).toThrow(
    'The team file has no "members" list: give the file examples/from-file reads.',
  );
  expect(() => declaredFromTeamFile('members:\n  - email: "alice@example.com\n')).toThrow(
    "The team file is not YAML (line 3): give the file examples/from-file reads.",
  );
});

describe("a file saved with a UTF-8 byte-order mark (Notepad, PowerShell's Out-File)", () => {
  test("is the same stack export", () => {
    const exported = {
      deployment: {
        resources: [
          {
            type: "tencentcloud-member-email:index:OrganizationMemberEmail",
            id: "100000000003",
            outputs: { bindId: 9 },
          },
        ],
      },
    };
    expect(declaredFromStackState(`\uFEFF${JSON.stringify(exported)}`)).toEqual([
      { memberUin: 100000000003, bindId: 9 },
    ]);
  });

  test("is the same team file", () => {
    expect(declaredFromTeamFile("\uFEFFmembers:\n  - memberUin: 100000000001\n    bindId: 7\n")).toEqual([
      { memberUin: 100000000001, bindId: 7 },
    ]);
  });
});
