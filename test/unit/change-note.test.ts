import { changeNote } from "../../provider/resource/change-note";

describe("changeNote", () => {
  test("names each changing input of the member's binding, the replacing one as such, and no value", () => {
    expect(changeNote(100000000001, { phone: "update" })).toBe(
      "OrganizationMemberEmail for member 100000000001 changes: phone.",
    );
    expect(changeNote(100000000001, { memberUin: "replace", email: "update", countryCode: "update" })).toBe(
      "OrganizationMemberEmail for member 100000000001 changes: memberUin (replaces the binding), email, countryCode.",
    );
  });

  test("says nothing when nothing changes", () => {
    expect(changeNote(100000000001, {})).toBeUndefined();
  });
});
