import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  ConfigurationError,
  MissingCredentialsError,
  resolveCredentialSettings,
  type SettingReader,
} from "../../provider/api/credential-settings";

const roleArn = "qcs::cam::uin/100000000000:roleName/member-email";
let home: string;

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), "member-email-home-"));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

/** A reader over Pulumi config and environment, config first, as the provider reads them. */
function reader(config: Record<string, string>, env: Record<string, string> = {}): SettingReader {
  return (source) => (source.config ? config[source.config] : undefined) ?? (source.env ? env[source.env] : undefined);
}

const keys = { TENCENTCLOUD_SECRET_ID: "AKIDpair", TENCENTCLOUD_SECRET_KEY: "pairKey" };

describe("the order of precedence of the credential sources", () => {
  test("a key pair alone is used as it is", () => {
    expect(resolveCredentialSettings(reader({}, keys), home).source).toMatchObject({
      kind: "keyPair",
      keyPair: { secretId: "AKIDpair", secretKey: "pairKey" },
    });
  });

  test("a key pair with a role assumes it, from the tencentcloud:assumeRole object", () => {
    const config = {
      "tencentcloud:assumeRole": JSON.stringify({ roleArn, sessionName: "ci", sessionDuration: 900, externalId: "x1" }),
    };
    expect(resolveCredentialSettings(reader(config, keys), home).source).toMatchObject({
      kind: "assumeRole",
      role: { roleArn, sessionName: "ci", durationSeconds: 900 },
      externalId: "x1",
    });
  });

  test("a key pair wins over a web identity token, which then assumes nothing", () => {
    const env = { ...keys, TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN: "oidc" };
    expect(resolveCredentialSettings(reader({}, env), home).source.kind).toBe("keyPair");
  });

  test("a web identity token file with a role needs no key pair; the provider id defaults to OIDC", () => {
    const env = { TENCENTCLOUD_ASSUME_ROLE_ARN: roleArn, TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN_FILE: "/run/t" };
    expect(resolveCredentialSettings(reader({}, env), home).source).toEqual({
      kind: "webIdentity",
      providerId: "OIDC",
      tokenFile: "/run/t",
      role: { roleArn, sessionName: "pulumi-tencentcloud-member-email", durationSeconds: 7200 },
    });
  });

  test("an inline web identity token wins over a token file", () => {
    const config = {
      "tencentcloud:assumeRoleWithWebIdentity": JSON.stringify({
        roleArn,
        providerId: "github",
        webIdentityToken: "inline",
        webIdentityTokenFile: "/run/t",
      }),
    };
    expect(resolveCredentialSettings(reader(config), home).source).toMatchObject({
      kind: "webIdentity",
      providerId: "github",
      token: "inline",
    });
  });

  test("the default profile is used when its file exists and nothing comes before it", () => {
    mkdirSync(join(home, ".tccli"));
    writeFileSync(join(home, ".tccli", "default.credential"), JSON.stringify({ secretId: "AKIDp", secretKey: "pk" }));
    expect(resolveCredentialSettings(reader({}, { TENCENTCLOUD_CAM_ROLE_NAME: "r" }), home).source).toMatchObject({
      kind: "keyPair",
      keyPair: { secretId: "AKIDp", secretKey: "pk" },
    });
  });

  test("an instance's CAM role comes last, with the metadata service's default address", () => {
    expect(resolveCredentialSettings(reader({}, { TENCENTCLOUD_CAM_ROLE_NAME: "r" }), home).source).toEqual({
      kind: "camRole",
      roleName: "r",
      metadataEndpoint: "http://metadata.tencentyun.com",
    });
  });

  test("account lists come from comma lists or JSON lists, and STS's endpoint from its setting", () => {
    const settings = resolveCredentialSettings(
      reader(
        { "tencentcloud:allowedAccountIds": '["100000000000", 200000000000]' },
        { ...keys, TENCENTCLOUD_FORBIDDEN_ACCOUNT_IDS: "3, 4", TENCENTCLOUD_STS_ENDPOINT: "http://127.0.0.1:9300" },
      ),
      home,
    );
    expect(settings).toMatchObject({
      allowedAccountIds: ["100000000000", "200000000000"],
      forbiddenAccountIds: ["3", "4"],
      stsProtocol: "http://",
      stsHost: "127.0.0.1:9300",
    });
  });
});

describe("the account guard's lists", () => {
  test.each([
    ["TENCENTCLOUD_ALLOWED_ACCOUNT_IDS", ",", "allowedAccountIds", "allow any account"],
    ["TENCENTCLOUD_ALLOWED_ACCOUNT_IDS", " , ,", "allowedAccountIds", "allow any account"],
    ["TENCENTCLOUD_FORBIDDEN_ACCOUNT_IDS", "[]", "forbiddenAccountIds", "forbid none"],
  ])(
    "%s=%j, a list of no id, is a configuration error naming the key, not a guard turned off",
    (env, value, key, unset) => {
      const read = (): unknown => resolveCredentialSettings(reader({}, { ...keys, [env]: value }), home);
      expect(read).toThrow(ConfigurationError);
      expect(read).toThrow(
        `tencentcloud:${key} (or ${env}) must be a comma list of one or more account ids such as ` +
          `100000000000,200000000000; got "${value}". Leave it unset to ${unset}.`,
      );
    },
  );

  test("a bad list is reported even where no credential is set", () => {
    expect(() => resolveCredentialSettings(reader({ "tencentcloud:allowedAccountIds": "[]" }), home)).toThrow(
      /tencentcloud:allowedAccountIds .* got "\[\]"/,
    );
  });

  test("missing credentials say whether an account list is set, which only credentials can check", () => {
    const missing = (env: Record<string, string>): unknown => {
      try {
        resolveCredentialSettings(reader({}, env), home);
      } catch (error) {
        return error;
      }
      throw new Error("resolved");
    };
    expect(missing({})).toMatchObject({ name: "MissingCredentialsError", accountGuard: false });
    expect(missing({ TENCENTCLOUD_FORBIDDEN_ACCOUNT_IDS: "1" })).toMatchObject({ accountGuard: true });
    expect(missing({ TENCENTCLOUD_ALLOWED_ACCOUNT_IDS: "1" })).toBeInstanceOf(MissingCredentialsError);
    expect(missing({ TENCENTCLOUD_ALLOWED_ACCOUNT_IDS: "1" })).toMatchObject({ accountGuard: true });
  });
});
