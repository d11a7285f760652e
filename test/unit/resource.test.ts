import * as pulumi from "@pulumi/pulumi";
import { serializedProvider } from "../../provider/resource/provider";
import { OrganizationMemberEmail } from "../../provider/resource/resource";

/**
 * The SDK's promise-leak report (`runtime/debuggable.js`, internal): the promises still tracked, and the
 * text it prints for one when PULUMI_DEBUG_PROMISE_LEAKS is set.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- internal functions its typings leave out
const debuggable = require("@pulumi/pulumi/runtime/debuggable") as {
  leakedPromises(): [Set<Promise<unknown>>, string];
  promiseDebugString(promise: Promise<unknown>): string;
};

const args = { memberUin: 100000000001, email: "user@example.com", countryCode: "86", phone: "13800138000" };

/** The SDK's connection to the engine (`runtime/settings.js`, internal): here the mocked engine. */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- an internal function its typings leave out
const settings = require("@pulumi/pulumi/runtime/settings") as {
  getMonitor(): { registerResource(request: RegisterRequest, callback: unknown): unknown };
};

/** What this test reads of a RegisterResourceRequest, the protobuf message the engine receives. */
interface RegisterRequest {
  getName(): string;
  getAdditionalsecretoutputsList(): string[];
}

/** The inputs each resource was registered with, by name, as the (mocked) engine received them. */
const registeredInputs = new Map<string, Record<string, unknown>>();
/** The type token each resource was registered with, by name. */
const registeredTypes = new Map<string, string>();
/** The outputs each resource asked the engine to keep secret, by name. */
const registeredSecretOutputs = new Map<string, string[]>();

beforeAll(async () => {
  await pulumi.runtime.setMocks({
    newResource: (resource) => {
      registeredInputs.set(resource.name, resource.inputs as Record<string, unknown>);
      registeredTypes.set(resource.name, resource.type);
      return { id: `${resource.name}-id`, state: resource.inputs };
    },
    call: (call) => call.inputs,
  });
  const monitor = settings.getMonitor();
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (request, callback) => {
    registeredSecretOutputs.set(request.getName(), request.getAdditionalsecretoutputsList());
    return register(request, callback);
  };
});

afterEach(() => {
  delete process.env.PULUMI_DEBUG_PROMISE_LEAKS;
});

/** Waits until the (mocked) engine has registered `resource`, so no registration outlives its test. */
function registered(resource: pulumi.Resource): Promise<string> {
  return new Promise((resolve) => resource.urn.apply(resolve));
}

/** The leak report's stack of each promise a binding's construction left tracked. */
async function stacksOfConstruction(construct: () => pulumi.Resource): Promise<string[]> {
  debuggable.leakedPromises();
  const resource = construct();
  const [tracked] = debuggable.leakedPromises();
  await registered(resource);
  return [...tracked].map((promise) => debuggable.promiseDebugString(promise).split("STACK_TRACE:\n")[1]);
}

test("constructing bindings leaves Error.stackTraceLimit and Error.prepareStackTrace as the program set them", async () => {
  const { stackTraceLimit, prepareStackTrace } = Error;
  const binding = new OrganizationMemberEmail("restored", args);
  expect(Error.stackTraceLimit).toBe(stackTraceLimit);
  expect(Error.prepareStackTrace).toBe(prepareStackTrace);
  expect(() => new OrganizationMemberEmail("", args)).toThrow(/Missing resource name/);
  expect(Error.stackTraceLimit).toBe(stackTraceLimit);
  expect(Error.prepareStackTrace).toBe(prepareStackTrace);
  await registered(binding);
});

test("an error thrown while constructing a binding carries the stack of the program line that constructed it", () => {
  let thrown: unknown;
  try {
    new OrganizationMemberEmail("", args);
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(Error);
  expect((thrown as Error).stack).toMatch(/Missing resource name[^\n]*\n\s+at .*resource\.test\.ts:\d+/);
});

test("without PULUMI_DEBUG_PROMISE_LEAKS, the SDK keeps no stack for a binding's promises", async () => {
  const stacks = await stacksOfConstruction(() => new OrganizationMemberEmail("quiet", args));
  expect(stacks.length).toBeGreaterThan(20);
  for (const stack of stacks) expect(stack).not.toContain("\n");
});

test("with PULUMI_DEBUG_PROMISE_LEAKS set, the leak report's stacks of a binding's promises name the program line", async () => {
  process.env.PULUMI_DEBUG_PROMISE_LEAKS = "true";
  const stacks = await stacksOfConstruction(() => new OrganizationMemberEmail("debugged", args));
  expect(stacks.length).toBeGreaterThan(20);
  for (const stack of stacks) expect(stack).toContain("resource.test.ts");
});

test("a binding is a dynamic resource that hands the engine the package's short provider text", async () => {
  const binding = new OrganizationMemberEmail("provider-text", args);
  expect(binding).toBeInstanceOf(pulumi.dynamic.Resource);
  await registered(binding);
  const inputs = registeredInputs.get("provider-text");
  expect(inputs?.__provider).toBe(serializedProvider);
  expect(inputs).toMatchObject({ memberUin: args.memberUin, countryCode: args.countryCode });
});

/** A secret as the engine receives it among a resource's inputs. */
function secret(value: unknown): Record<string, unknown> {
  return { [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig, value };
}

test("a binding hands the engine its email and phone as secrets, and asks for them secret in its outputs too", async () => {
  await registered(new OrganizationMemberEmail("secrets", args));
  const inputs = registeredInputs.get("secrets");
  expect(inputs?.email).toEqual(secret(args.email));
  expect(inputs?.phone).toEqual(secret(args.phone));
  expect(inputs?.countryCode).toBe(args.countryCode);
  expect(registeredSecretOutputs.get("secrets")).toEqual(["email", "phone"]);
});

test("a binding that adopts the member's existing binding declares no phone, and hands the engine none", async () => {
  const { phone: _phone, ...withoutPhone } = args;
  await registered(new OrganizationMemberEmail("adopting", withoutPhone));
  const inputs = registeredInputs.get("adopting");
  expect(inputs).not.toHaveProperty("phone");
  expect(inputs?.email).toEqual(secret(args.email));
});

test("a JavaScript program that leaves out the email hands the engine no email, not a secret of nothing", async () => {
  const { email: _email, ...withoutEmail } = args;
  await registered(new OrganizationMemberEmail("no-email", withoutEmail as typeof args));
  expect(registeredInputs.get("no-email")).not.toHaveProperty("email");
});

test("with PULUMI_DEBUG_PROMISE_LEAKS set, an error thrown while constructing a binding keeps the SDK's frames too", () => {
  process.env.PULUMI_DEBUG_PROMISE_LEAKS = "true";
  let thrown: unknown;
  try {
    new OrganizationMemberEmail("", args);
  } catch (error) {
    thrown = error;
  }
  const stack = String((thrown as Error).stack);
  expect(stack).toMatch(/^Error: Missing resource name/);
  // The SDK's constructor that threw, then the program's line.
  expect(stack).toContain("at new CustomResource");
  expect(stack).toMatch(/resource\.test\.ts:\d+/);
});

test("a binding's type in the stack is tencentcloud:OrganizationMemberEmail, as its state and URN have always named it", async () => {
  await registered(new OrganizationMemberEmail("typed", args));
  expect(registeredTypes.get("typed")).toBe("pulumi-nodejs:dynamic/tencentcloud:OrganizationMemberEmail");
});
