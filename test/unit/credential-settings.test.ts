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

  test("a key pair with a role assumes it, from the tencentcloud-member-email:assumeRole object", () => {
    const config = {
      "tencentcloud-member-email:assumeRole": JSON.stringify({
        roleArn,
        sessionName: "ci",
        sessionDuration: 900,
        externalId: "x1",
      }),
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
      "tencentcloud-member-email:assumeRoleWithWebIdentity": JSON.stringify({
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
        { "tencentcloud-member-email:allowedAccountIds": '["100000000000", 200000000000]' },
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
        `tencentcloud-member-email:${key} (or ${env}) must be a comma list of one or more account ids such as ` +
          `100000000000,200000000000; got "${value}". Leave it unset to ${unset}.`,
      );
    },
  );

  test("a bad list is reported even where no credential is set", () => {
    expect(() =>
      resolveCredentialSettings(reader({ "tencentcloud-member-email:allowedAccountIds": "[]" }), home),
    ).toThrow(/tencentcloud-member-email:allowedAccountIds .* got "\[\]"/);
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

describe("which source is picked, and from what", () => {
  test("an inline web identity token alone, from the environment, needs no token file", () => {
    const env = { TENCENTCLOUD_ASSUME_ROLE_ARN: roleArn, TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN: "oidc" };
    expect(resolveCredentialSettings(reader({}, env), home).source).toEqual({
      kind: "webIdentity",
      providerId: "OIDC",
      token: "oidc",
      role: { roleArn, sessionName: "pulumi-tencentcloud-member-email", durationSeconds: 7200 },
    });
  });

  test("a web identity's session duration may be given as text in its object", () => {
    const config = {
      "tencentcloud-member-email:assumeRoleWithWebIdentity": JSON.stringify({
        roleArn,
        webIdentityToken: "t",
        sessionDuration: "900",
      }),
    };
    expect(resolveCredentialSettings(reader(config), home).source).toMatchObject({ role: { durationSeconds: 900 } });
  });

  test.each<Record<string, string>>([{ TENCENTCLOUD_SECRET_ID: "AKIDalone" }, { TENCENTCLOUD_SECRET_KEY: "keyAlone" }])(
    "half a key pair (%j) is no key pair: the credentials are missing",
    (env) => {
      expect(() => resolveCredentialSettings(reader({}, env), home)).toThrow(MissingCredentialsError);
    },
  );

  test("a configured key pair says where it came from, with or without a role on top", () => {
    expect(resolveCredentialSettings(reader({}, keys), home).source).toMatchObject({
      origin: "the configured key pair",
    });
    const withRole = { ...keys, TENCENTCLOUD_ASSUME_ROLE_ARN: roleArn };
    expect(resolveCredentialSettings(reader({}, withRole), home).source).toMatchObject({
      kind: "assumeRole",
      origin: "the configured key pair",
    });
  });

  test("STS's endpoint keeps https, and is https when given without a scheme", () => {
    for (const endpoint of ["https://sts.example.com", "sts.example.com"]) {
      expect(
        resolveCredentialSettings(reader({}, { ...keys, TENCENTCLOUD_STS_ENDPOINT: endpoint }), home),
      ).toMatchObject({ stsProtocol: "https://", stsHost: "sts.example.com" });
    }
  });
});

describe("a tccli profile", () => {
  /** Writes `<dir>/<name>.credential` under the home folder and answers its path. */
  function profileFile(content: string, dir = join(home, ".tccli"), name = "default"): string {
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${name}.credential`);
    writeFileSync(file, content);
    return file;
  }

  test("gives its key pair and token, and says which file it came from", () => {
    const file = profileFile(JSON.stringify({ secretId: "AKIDp", secretKey: "pk", token: "tok" }));
    expect(resolveCredentialSettings(reader({}), home).source).toEqual({
      kind: "keyPair",
      keyPair: { secretId: "AKIDp", secretKey: "pk", token: "tok" },
      origin: `the profile file ${file}`,
    });
  });

  test("assumes its role-arn with its role-session-name, and the external id of the environment", () => {
    profileFile(
      JSON.stringify({ secretId: "AKIDp", secretKey: "pk", "role-arn": roleArn, "role-session-name": "from-profile" }),
    );
    const env = { TENCENTCLOUD_CAM_ROLE_NAME: "r", TENCENTCLOUD_ASSUME_ROLE_EXTERNAL_ID: "ext" };
    expect(resolveCredentialSettings(reader({}, env), home).source).toMatchObject({
      kind: "assumeRole",
      role: { roleArn, sessionName: "from-profile" },
      externalId: "ext",
    });
  });

  test("a session name configured in tencentcloud-member-email:assumeRole wins over the profile's", () => {
    profileFile(
      JSON.stringify({ secretId: "AKIDp", secretKey: "pk", "role-arn": roleArn, "role-session-name": "from-profile" }),
    );
    const config = { "tencentcloud-member-email:assumeRole": JSON.stringify({ sessionName: "configured" }) };
    expect(resolveCredentialSettings(reader(config), home).source).toMatchObject({
      role: { sessionName: "configured" },
    });
  });

  test("a bad session duration for the profile's role names tencentcloud-member-email:assumeRole", () => {
    profileFile(JSON.stringify({ secretId: "AKIDp", secretKey: "pk", "role-arn": roleArn }));
    expect(() =>
      resolveCredentialSettings(reader({}, { TENCENTCLOUD_ASSUME_ROLE_SESSION_DURATION: "0" }), home),
    ).toThrow(
      'tencentcloud-member-email:assumeRole.sessionDuration (or TENCENTCLOUD_ASSUME_ROLE_SESSION_DURATION) must be a whole number of seconds from 1 to 43200; got "0".',
    );
  });

  test("is read from the folder TENCENTCLOUD_SHARED_CREDENTIALS_DIR names, ~ being the home folder", () => {
    profileFile(JSON.stringify({ secretId: "AKIDhome", secretKey: "hk" }), home);
    profileFile(JSON.stringify({ secretId: "AKIDsub", secretKey: "sk" }), join(home, "creds"));
    const from = (dir: string) =>
      resolveCredentialSettings(reader({}, { TENCENTCLOUD_SHARED_CREDENTIALS_DIR: dir }), home).source;
    expect(from("~")).toMatchObject({ keyPair: { secretId: "AKIDhome" } });
    expect(from("~/creds")).toMatchObject({ keyPair: { secretId: "AKIDsub" } });
    expect(from(join(home, "creds"))).toMatchObject({ keyPair: { secretId: "AKIDsub" } });
  });

  test("named, whose file cannot be read, says so and names the file", () => {
    mkdirSync(join(home, ".tccli", "ci.credential"), { recursive: true });
    const file = join(home, ".tccli", "ci.credential");
    expect(() => resolveCredentialSettings(reader({}, { TENCENTCLOUD_PROFILE: "ci" }), home)).toThrow(
      `The profile "ci" names the file ${file}, which cannot be read: write it with \`tccli configure --profile ci\`, ` +
        "or set TENCENTCLOUD_SHARED_CREDENTIALS_DIR to the folder that holds it.",
    );
  });

  test("that is not JSON is refused without repeating its text, which holds a secret key", () => {
    const file = profileFile("secretKey = hunter2");
    const read = () => resolveCredentialSettings(reader({}), home);
    expect(read).not.toThrow(/hunter2/);
    expect(read).toThrow(
      `The profile file ${file} is not JSON with string fields secretId, secretKey and optionally token, role-arn, role-session-name.`,
    );
  });

  test("without its secretKey is refused", () => {
    const file = profileFile(JSON.stringify({ secretId: "AKIDp" }));
    expect(() => resolveCredentialSettings(reader({}), home)).toThrow(
      `The profile file ${file} lacks secretId or secretKey.`,
    );
  });
});

describe("the refusals of a bad setting", () => {
  test("a web identity object that is not JSON names its key and fields", () => {
    const config = { "tencentcloud-member-email:assumeRoleWithWebIdentity": "{roleArn" };
    expect(() => resolveCredentialSettings(reader(config), home)).toThrow(
      "tencentcloud-member-email:assumeRoleWithWebIdentity must be an object with the fields roleArn, sessionName, sessionDuration, " +
        "providerId, webIdentityToken, webIdentityTokenFile; set one with " +
        "`pulumi config set --path tencentcloud-member-email:assumeRoleWithWebIdentity.roleArn <arn>`.",
    );
  });

  test.each(["a", "/ci", "ci/", "ci session", "x".repeat(129)])(
    "a session name %j is refused, naming the web identity's key",
    (name) => {
      const env = {
        TENCENTCLOUD_ASSUME_ROLE_ARN: roleArn,
        TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN: "t",
        TENCENTCLOUD_ASSUME_ROLE_SESSION_NAME: name,
      };
      expect(() => resolveCredentialSettings(reader({}, env), home)).toThrow(
        "tencentcloud-member-email:assumeRoleWithWebIdentity.sessionName (or TENCENTCLOUD_ASSUME_ROLE_SESSION_NAME) must be 2 to " +
          `128 characters of letters, digits and +=,.@_-; got "${name}".`,
      );
    },
  );

  test("session durations from 1 to 43200 seconds are accepted, and none outside", () => {
    const duration = (seconds: string) =>
      resolveCredentialSettings(
        reader(
          {},
          { ...keys, TENCENTCLOUD_ASSUME_ROLE_ARN: roleArn, TENCENTCLOUD_ASSUME_ROLE_SESSION_DURATION: seconds },
        ),
        home,
      ).source;
    expect(duration("1")).toMatchObject({ role: { durationSeconds: 1 } });
    expect(duration("43200")).toMatchObject({ role: { durationSeconds: 43200 } });
    expect(() => duration("43201")).toThrow(/must be a whole number of seconds from 1 to 43200; got "43201"/);
  });

  test.each(["ftp://metadata.example", "http://127.0.0.1:9/latest", "http://["])(
    "a metadata endpoint %j is refused, naming its key",
    (endpoint) => {
      const env = { TENCENTCLOUD_CAM_ROLE_NAME: "r", TENCENTCLOUD_METADATA_ENDPOINT: endpoint };
      expect(() => resolveCredentialSettings(reader({}, env), home)).toThrow(
        `tencentcloud-member-email:metadataEndpoint must be an http or https URL without a path, such as http://127.0.0.1:9217; got "${endpoint}".`,
      );
    },
  );

  test("account ids are read around spaces from a JSON list, and empty entries of a comma list are left out", () => {
    const settings = resolveCredentialSettings(
      reader(
        {},
        { ...keys, TENCENTCLOUD_ALLOWED_ACCOUNT_IDS: ' ["100000000000"]', TENCENTCLOUD_FORBIDDEN_ACCOUNT_IDS: "3,,4," },
      ),
      home,
    );
    expect(settings).toMatchObject({ allowedAccountIds: ["100000000000"], forbiddenAccountIds: ["3", "4"] });
  });

  test.each(["100000000000,abc", "x100000000000", "[1,", '{"id": 1}'])(
    "an account list %j with anything but account ids is refused",
    (value) => {
      expect(() =>
        resolveCredentialSettings(reader({}, { ...keys, TENCENTCLOUD_ALLOWED_ACCOUNT_IDS: value }), home),
      ).toThrow(
        `tencentcloud-member-email:allowedAccountIds (or TENCENTCLOUD_ALLOWED_ACCOUNT_IDS) must be a comma list`,
      );
    },
  );

  test("an error that is no configuration problem is passed on as it is", () => {
    const failing: SettingReader = () => {
      throw new RangeError("the reader failed");
    };
    expect(() => resolveCredentialSettings(failing, home)).toThrow(RangeError);
  });

  test("the errors are named after their class, and missing credentials guard no account unless told", () => {
    expect(new ConfigurationError("x").name).toBe("ConfigurationError");
    expect(new MissingCredentialsError("x")).toMatchObject({ name: "MissingCredentialsError", accountGuard: false });
  });
});
