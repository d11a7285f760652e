import { spawnSync } from "node:child_process";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { memberEmailProvider, serializedProvider } from "../../provider/resource/provider";

describe("memberEmailProvider as the engine stores it", () => {
  const credentials = {
    TENCENTCLOUD_SECRET_ID: "AKIDserializeTest0000",
    TENCENTCLOUD_SECRET_KEY: "serializeTestSecretKey",
  };
  let text: string;

  beforeAll(async () => {
    Object.assign(process.env, credentials);
    text = (await pulumi.runtime.serializeFunction(() => memberEmailProvider, { allowSecrets: true })).text;
  });

  afterAll(() => {
    for (const name of Object.keys(credentials)) delete process.env[name];
  });

  test("loads its implementation by package name when a method runs", () => {
    expect(text).toContain('require("pulumi-tencentcloud-member-email/internal/lifecycle")');
    for (const method of ["configure", "check", "diff", "create", "read", "update", "delete"]) {
      expect(text).toMatch(new RegExp(`\\b${method}: __f\\d+`));
    }
  });

  test("captures no credential, no machine path and no SDK client, and stays small", () => {
    expect(text).not.toContain(credentials.TENCENTCLOUD_SECRET_ID);
    expect(text).not.toContain(credentials.TENCENTCLOUD_SECRET_KEY);
    expect(text).not.toContain(process.cwd());
    expect(text).not.toMatch(/tencentcloud-sdk-nodejs|bottleneck|AbstractClient/);
    expect(text.length).toBeLessThan(4000);
  });
});

describe("the provider text every binding carries", () => {
  const methods = ["configure", "check", "diff", "create", "read", "update", "delete"] as const;

  test("evaluated as the engine's host does, it answers the lifecycle's methods, loaded by package name", () => {
    // In a Node.js process of its own, as the host is (jest keeps a module registry of its own): the methods the text
    // answers are those of the module memberEmailProvider's methods load, the build through the package's own name.
    const script = `
      const requireFromString = require("require-from-string");
      const provider = requireFromString(${JSON.stringify(serializedProvider)}).handler();
      const lifecycle = require("pulumi-tencentcloud-member-email/internal/lifecycle");
      const methods = ${JSON.stringify(methods)};
      console.log(JSON.stringify(methods.filter((m) => typeof provider[m] === "function" && provider[m] === lifecycle[m])));`;
    const run = spawnSync(process.execPath, ["-e", script], { cwd: join(__dirname, "..", ".."), encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toEqual(methods);
  });

  test("is under 600 characters, a sixth of the SDK's serialization of memberEmailProvider", async () => {
    const sdkText = (await pulumi.runtime.serializeFunction(() => memberEmailProvider, { allowSecrets: true })).text;
    expect(serializedProvider.length).toBeLessThan(600);
    expect(serializedProvider.length * 5).toBeLessThan(sdkText.length);
  });
});
