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

/** The inputs each resource was registered with, by name, as the (mocked) engine received them. */
const registeredInputs = new Map<string, Record<string, unknown>>();

beforeAll(async () => {
  await pulumi.runtime.setMocks({
    newResource: (resource) => {
      registeredInputs.set(resource.name, resource.inputs as Record<string, unknown>);
      return { id: `${resource.name}-id`, state: resource.inputs };
    },
    call: (call) => call.inputs,
  });
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
