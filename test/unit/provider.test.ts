import { spawnSync } from "node:child_process";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { memberEmailProvider, serializedProvider, withSerializedProvider } from "../../provider/resource/provider";

/**
 * The provider text (`__provider`) a binding hands the (mocked) engine, from a module registry of its own loaded now,
 * so that the provider's module, the resource and the SDK all see the environment as it is at this call.
 */
async function providerTextOfRegisteredBinding(): Promise<string> {
  let carried: unknown;
  await jest.isolateModulesAsync(async () => {
    const sdk = await import("@pulumi/pulumi");
    const { OrganizationMemberEmail } = await import("../../provider/resource/resource");
    await sdk.runtime.setMocks({
      newResource: (resource) => {
        carried = (resource.inputs as Record<string, unknown>).__provider;
        return { id: `${resource.name}-id`, state: resource.inputs };
      },
      call: (call) => call.inputs,
    });
    const binding = new OrganizationMemberEmail("carried", {
      memberUin: 100000000001,
      email: "user@example.com",
      countryCode: "86",
      phone: "13800138000",
    });
    await new Promise((resolve) => binding.urn.apply(resolve));
  });
  if (typeof carried !== "string") throw new Error(`the binding carried no provider text: ${String(carried)}`);
  return carried;
}

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

  test("as a binding hands it to the engine, captures no credential, no machine path and no SDK client", async () => {
    // Credentials in the environment, as a CI runner has them, before the provider's module is loaded and the binding
    // registered: whatever the text is made of, at load or at registration, is made with them there.
    const credentials = {
      TENCENTCLOUD_SECRET_ID: "AKIDcarriedTextTest0000",
      TENCENTCLOUD_SECRET_KEY: "carriedTextTestSecretKey",
      TENCENTCLOUD_SESSION_TOKEN: "carriedTextTestSessionToken",
    };
    Object.assign(process.env, credentials);
    try {
      const carried = await providerTextOfRegisteredBinding();
      for (const secret of Object.values(credentials)) expect(carried).not.toContain(secret);
      const root = join(__dirname, "..", "..");
      for (const path of [process.cwd(), root, homedir(), dirname(process.execPath)])
        expect(carried).not.toContain(path);
      expect(carried).not.toMatch(/tencentcloud-sdk-nodejs|bottleneck|AbstractClient/);
      expect(carried).toContain('require(name + "/internal/lifecycle")');
      expect(carried.length).toBeLessThan(600);
    } finally {
      for (const name of Object.keys(credentials)) delete process.env[name];
    }
  });

  test("is under 600 characters, a sixth of the SDK's serialization of memberEmailProvider", async () => {
    const sdkText = (await pulumi.runtime.serializeFunction(() => memberEmailProvider, { allowSecrets: true })).text;
    expect(serializedProvider.length).toBeLessThan(600);
    expect(serializedProvider.length * 5).toBeLessThan(sdkText.length);
  });
});

describe("the inputs a binding hands the SDK's dynamic resource", () => {
  /** The value an output settles to (the SDK's own, internal, accessor: the Output type leaves it out). */
  function settled(output: unknown): Promise<unknown> {
    return (output as { promise(): Promise<unknown> }).promise();
  }

  test("store the short provider text in place of the SDK's serialization, once that is done", async () => {
    const inputs: Record<string, unknown> = {};
    withSerializedProvider(inputs).__provider = pulumi.output("the SDK's text of the provider, 3.3 kB");
    await expect(settled(inputs.__provider)).resolves.toBe(serializedProvider);
  });

  test("wait for the SDK's serialization, so that its failure stays the binding's, and none outlives the program", async () => {
    let finishSerializing: (text: string) => void = () => undefined;
    const sdkText = pulumi.output(new Promise<string>((resolve) => (finishSerializing = resolve)));
    const inputs: Record<string, unknown> = {};
    withSerializedProvider(inputs).__provider = sdkText;
    let stored: unknown;
    void settled(inputs.__provider).then((text) => (stored = text));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stored).toBeUndefined();
    finishSerializing("the SDK's text of the provider");
    await settled(inputs.__provider);
    expect(stored).toBe(serializedProvider);
  });

  test("share one provider text among all the bindings of a program, which share one SDK serialization", () => {
    const sdkText = pulumi.output("the SDK's text of the provider");
    const first: Record<string, unknown> = {};
    const second: Record<string, unknown> = {};
    withSerializedProvider(first).__provider = sdkText;
    withSerializedProvider(second).__provider = sdkText;
    expect(second.__provider).toBe(first.__provider);
  });

  test("store the provider text for a serialization given as plain text or nothing", async () => {
    for (const sdkText of ["exports.handler = () => provider;", null, undefined]) {
      const inputs: Record<string, unknown> = {};
      withSerializedProvider(inputs).__provider = sdkText;
      await expect(settled(inputs.__provider)).resolves.toBe(serializedProvider);
    }
  });

  test("pass every other input through as it is", () => {
    const inputs: Record<string, unknown> = {};
    const email = pulumi.secret("user@example.com");
    Object.assign(withSerializedProvider(inputs), { memberUin: 100000000001, email, bindId: undefined });
    expect(inputs).toEqual({ memberUin: 100000000001, email, bindId: undefined });
  });
});

describe("memberEmailProvider in a provider process that cannot load the package by its name", () => {
  const name = "pulumi-tencentcloud-member-email";

  /** What the provider's check throws when loading its implementation by package name fails with `failure`. */
  async function checkError(failure: Error): Promise<unknown> {
    let thrown: unknown;
    await jest.isolateModulesAsync(async () => {
      jest.doMock(`${name}/internal/lifecycle`, () => {
        throw failure;
      });
      const { memberEmailProvider: isolated } = await import("../../provider/resource/provider");
      try {
        void isolated.check?.({}, {});
      } catch (error) {
        thrown = error;
      }
    });
    return thrown;
  }

  /** Node's error for a module it cannot find. */
  function moduleNotFound(module: string): Error {
    return Object.assign(new Error(`Cannot find module '${module}'\nRequire stack:\n- /srv/program/index.js`), {
      code: "MODULE_NOT_FOUND",
    });
  }

  test("says it cannot be loaded from where it runs, and which installs work", async () => {
    const error = await checkError(moduleNotFound(`${name}/internal/lifecycle`));
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe(
      `${name} cannot be loaded by its name from ${process.cwd()}: install it there under that name ` +
        `(npm install ${name}); an npm alias, a pnpm install as another package's dependency, or a bundle cannot ` +
        "be loaded.",
    );
  });

  test("passes on as it is a module the package needs that is missing", async () => {
    const failure = moduleNotFound("valibot");
    expect(await checkError(failure)).toBe(failure);
  });

  test("passes on as it is any other failure to load the package", async () => {
    const failure = new SyntaxError(`Unexpected token in '${name}/internal/lifecycle'`);
    expect(await checkError(failure)).toBe(failure);
  });
});
