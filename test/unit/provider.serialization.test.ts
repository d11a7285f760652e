import * as pulumi from "@pulumi/pulumi";
import { memberEmailProvider } from "../../provider/resource/provider";

/**
 * The SDK's own serialization of memberEmailProvider: what a binding would carry should a version of the SDK stop
 * letting the resource store the short provider text (provider.test.ts). Apart from that file because it
 * serializes the provider's compiled code as it is, which only the build and jest's plain compilation have.
 */
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

  test("captures no credential, no machine path and no SDK client either, should a binding ever carry it", () => {
    expect(text).not.toContain(credentials.TENCENTCLOUD_SECRET_ID);
    expect(text).not.toContain(credentials.TENCENTCLOUD_SECRET_KEY);
    expect(text).not.toContain(process.cwd());
    expect(text).not.toMatch(/tencentcloud-sdk-nodejs|bottleneck|AbstractClient/);
    expect(text.length).toBeLessThan(4000);
  });
});
