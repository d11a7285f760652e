/**
 * `@pulumi/pulumi` as the mutation run's tests load it (jest.mutation.config.js maps the package's name here): the
 * same module, loaded in full only when a property other than `log` is first read.
 *
 * Why: the lifecycle reads nothing but `pulumi.log` when it runs, yet loading the whole SDK costs over a second in
 * each test file under jest, and Stryker loads again every test file that covers a mutant for each mutant: most of
 * the mutation run would go to loading the SDK. Nothing is replaced: `log` is the SDK's own module (the one the
 * SDK's index exports), and every other property is read from the SDK's index.
 */
let sdk;

/** The SDK's index, loaded on first use (by path: the bare name maps back to this module). */
function fullSdk() {
  if (sdk === undefined) sdk = require("@pulumi/pulumi/index.js");
  return sdk;
}

module.exports = new Proxy(
  {},
  {
    get(_target, property) {
      if (property === "__esModule") return true;
      if (property === "log") return require("@pulumi/pulumi/log");
      return fullSdk()[property];
    },
    has: (_target, property) => property in fullSdk(),
    ownKeys: () => Reflect.ownKeys(fullSdk()),
    getOwnPropertyDescriptor(_target, property) {
      const descriptor = Object.getOwnPropertyDescriptor(fullSdk(), property);
      return descriptor === undefined ? undefined : { ...descriptor, configurable: true };
    },
  },
);
