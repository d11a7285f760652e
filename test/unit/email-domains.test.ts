import { check, configure, useConfig } from "../../provider/resource/lifecycle";
import {
  emailDomainAllowed,
  parseEmailDomains,
  resolveAllowedEmailDomains,
} from "../../provider/resource/email-domains";
import { UNKNOWN_VALUE } from "../../provider/resource/validate";

const inputs = { memberUin: 100000000001, email: "alice@other.org", countryCode: "86", phone: "13800138000" };
const state = { ...inputs, bindId: 7, bindStatus: "Valid", applyTime: "", bindTime: "", description: "", phoneBind: 1 };
const ENV = "TENCENTCLOUD_ALLOWED_EMAIL_DOMAINS";

/** Runs `check` with the policy set in the environment, as CI passes it; answers the failing properties and warnings. */
async function checkWith(domains: string | undefined, olds: Record<string, unknown>, news: Record<string, unknown>) {
  const saved = process.env[ENV];
  const warn = jest.spyOn(console, "warn").mockImplementation(() => undefined);
  if (domains === undefined) delete process.env[ENV];
  else process.env[ENV] = domains;
  try {
    const result = await check(olds, news);
    // A failure without a property (which toEqual would take for no failure at all) shows as such.
    const failing = (result.failures ?? []).map((failure) => failure.property ?? "(no property)");
    return { failing, warnings: warn.mock.calls.length };
  } finally {
    warn.mockRestore();
    if (saved === undefined) delete process.env[ENV];
    else process.env[ENV] = saved;
  }
}

describe("the allowed email domains", () => {
  test("match the address's domain whatever its letter case, and subdomains only through *.", () => {
    const domains = parseEmailDomains(" Example.com, *.corp.example.org ", "--allowed-domains");
    expect(domains).toEqual(["example.com", "*.corp.example.org"]);
    expect(emailDomainAllowed("Alice@EXAMPLE.com", domains)).toBe(true);
    expect(emailDomainAllowed("alice@mail.example.com", domains)).toBe(false);
    expect(emailDomainAllowed("alice@eng.corp.example.org", domains)).toBe(true);
    expect(emailDomainAllowed("alice@corp.example.org", domains)).toBe(false);
    expect(emailDomainAllowed("alice@badcorp.example.org", domains)).toBe(false);
  });

  test("a one-letter subdomain is a subdomain, and the bare suffix after a dot is not", () => {
    const domains = parseEmailDomains("*.corp.example.org", "--allowed-domains");
    expect(emailDomainAllowed("alice@x.corp.example.org", domains)).toBe(true);
    expect(emailDomainAllowed("alice@.corp.example.org", domains)).toBe(false);
  });

  test("are read from a comma list whose empty entries (a trailing comma) are left out", () => {
    expect(parseEmailDomains("example.com,,x.example.org,", "--allowed-domains")).toEqual([
      "example.com",
      "x.example.org",
    ]);
  });

  test("are read from a JSON list of strings, as a provider's list input and pulumi config set --path give them", () => {
    expect(parseEmailDomains(' ["Example.com", "*.example.org"]', "--allowed-domains")).toEqual([
      "example.com",
      "*.example.org",
    ]);
  });

  test("a JSON list's entry is one entry, even with a comma in it; text that only starts like JSON is a comma list", () => {
    expect(() => parseEmailDomains('["example.com,example.org"]', "--allowed-domains")).toThrow(
      "entry 1 of the list is not a domain",
    );
    expect(() => parseEmailDomains("[1, 2]", "--allowed-domains")).toThrow("entry 1, 2 of the list is not a domain");
    expect(() => parseEmailDomains('["example.com", 1]', "--allowed-domains")).toThrow(
      "entry 1, 2 of the list is not a domain",
    );
    expect(() => parseEmailDomains("[example.com", "--allowed-domains")).toThrow("entry 1 of the list is not a domain");
  });

  test("an entry that is not a domain is refused by its position, never repeated, naming where the list came from", () => {
    expect(() => parseEmailDomains("example.com, alice@example.org, example.com/x", "--allowed-domains")).toThrow(
      "--allowed-domains must be a comma-separated list of email domains such as example.com,*.example.org; " +
        "entry 2, 3 of the list is not a domain.",
    );
  });

  test("a list without any domain is refused with no entry named", () => {
    expect(() => parseEmailDomains(" , ", "tencentcloud-member-email:allowedEmailDomains")).toThrow(
      /^tencentcloud-member-email:allowedEmailDomains must be a comma-separated list of email domains such as example\.com,\*\.example\.org\.$/,
    );
  });

  test("come from the provider config before the environment, and are absent when neither is set", () => {
    const config = {
      get: (key: string) => (key === "tencentcloud-member-email:allowedEmailDomains" ? "example.com" : undefined),
    };
    expect(resolveAllowedEmailDomains(config, { [ENV]: "example.org" })).toEqual(["example.com"]);
    expect(resolveAllowedEmailDomains(undefined, { [ENV]: "example.org" })).toEqual(["example.org"]);
    expect(resolveAllowedEmailDomains(undefined, { [ENV]: " " })).toBeUndefined();
    expect(resolveAllowedEmailDomains(undefined, {})).toBeUndefined();
  });
});

describe("check with an email-domain policy", () => {
  test("fails a new binding whose email is outside the allowed domains, on email", async () => {
    expect(await checkWith("example.com", {}, inputs)).toEqual({ failing: ["email"], warnings: 0 });
  });

  test("passes a new binding at an allowed domain, and any domain when no policy is set", async () => {
    expect(await checkWith("example.com,other.org", {}, inputs)).toEqual({ failing: [], warnings: 0 });
    expect(await checkWith(undefined, {}, inputs)).toEqual({ failing: [], warnings: 0 });
  });

  test("fails an allowEmailUpdate change to an email outside the allowed domains", async () => {
    const old = { ...state, email: "alice@example.com" };
    const news = { ...inputs, allowEmailUpdate: true };
    expect(await checkWith("example.com", old, news)).toEqual({ failing: ["email"], warnings: 0 });
  });

  test("warns, without failing, on the adoption of an existing binding declared without a phone", async () => {
    const { phone: _phone, ...withoutPhone } = inputs;
    expect(await checkWith("example.com", {}, withoutPhone)).toEqual({ failing: [], warnings: 1 });
  });

  test("names an email that is not an address once, for what it is, and not again for its domain", async () => {
    expect(await checkWith("example.com", {}, { ...inputs, email: "not-an-address" })).toEqual({
      failing: ["email"],
      warnings: 0,
    });
  });

  test("fails an email outside the allowed domains beside another property's failure", async () => {
    expect(await checkWith("example.com", {}, { ...inputs, memberUin: "x" })).toEqual({
      failing: ["memberUin", "email"],
      warnings: 0,
    });
  });

  test("fails a new binding for another member outside the allowed domains, even with the email in the stack", async () => {
    expect(await checkWith("example.com", state, { ...inputs, memberUin: 100000000002 })).toEqual({
      failing: ["email"],
      warnings: 0,
    });
  });

  test("fails a binding of a stack without a member yet, outside the allowed domains", async () => {
    const { memberUin: _memberUin, ...noMember } = state;
    const { memberUin: _newMember, ...noNewMember } = inputs;
    expect(await checkWith("example.com", noMember, noNewMember)).toEqual({
      failing: ["memberUin", "email"],
      warnings: 0,
    });
  });

  test("leaves an email not known yet at preview to the update, which checks it", async () => {
    expect(await checkWith("example.com", {}, { ...inputs, email: UNKNOWN_VALUE })).toEqual({
      failing: [],
      warnings: 0,
    });
  });

  test("fails an email outside the allowed domains for a member whose old inputs held no email", async () => {
    expect(await checkWith("example.com", { memberUin: inputs.memberUin }, inputs)).toEqual({
      failing: ["email"],
      warnings: 0,
    });
  });

  test("says nothing of an email already in the stack and unchanged", async () => {
    expect(await checkWith("example.com", state, inputs)).toEqual({ failing: [], warnings: 0 });
  });

  test("reads the policy from the provider config that configure hands over", async () => {
    const config = new Map([["tencentcloud-member-email:allowedEmailDomains", "example.com"]]);
    await configure({ config } as unknown as Parameters<typeof configure>[0]);
    try {
      expect(await checkWith(undefined, {}, inputs)).toEqual({ failing: ["email"], warnings: 0 });
    } finally {
      await configure({ config: new Map() } as unknown as Parameters<typeof configure>[0]);
    }
  });

  test("reads and names the native plugin's own key under its config namespace", async () => {
    const values: Record<string, string> = { "tencentcloud-member-email:allowedEmailDomains": "example.com" };
    useConfig({ namespace: "tencentcloud-member-email", get: (key) => values[key] });
    try {
      const result = await check({}, inputs);
      expect(result.failures?.map((failure) => failure.reason)).toEqual([
        expect.stringContaining("example.com (tencentcloud-member-email:allowedEmailDomains or TENCENTCLOUD_ALLOWED"),
      ]);
    } finally {
      useConfig(undefined);
    }
  });
});
