/**
 * The suites that time the provider against the API's limit (calls a second, the busiest second, how long a
 * paced command takes): `npm test` runs them on their own, one at a time, after the others, so that no other
 * suite's load moves their clock. The others run two at a time (JEST_GROUP=untimed): most of their time is spent
 * waiting for the Pulumi CLI, the emulator's pacing or a child process, which a second worker overlaps.
 */
const timedSuites = [
  "test/engine/audit.test.ts",
  "test/engine/organization.test.ts",
  "test/provider/faults.test.ts",
  "test/provider/shared-budget.test.ts",
];
const group = process.env.JEST_GROUP;
if (group !== undefined && group !== "timed" && group !== "untimed") {
  throw new Error(`JEST_GROUP=${group}: expected timed, untimed, or nothing (every suite)`);
}

/** @type {import("jest").Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: group === "timed" ? timedSuites.map((file) => `<rootDir>/${file}`) : ["**/*.test.ts"],
  // The shared limiter's tests need a redis-server: \`npm run test:redis\` runs them (it lifts this pattern).
  testPathIgnorePatterns: [
    "/node_modules/",
    "<rootDir>/test/redis/",
    ...(group === "untimed" ? timedSuites.map((file) => `<rootDir>/${file}`) : []),
  ],
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json" }] },
  // The provider loads its implementation by package name at call time (see provider/resource/provider.ts);
  // inside jest that name maps to the TypeScript sources under test rather than the build output.
  moduleNameMapper: {
    "^pulumi-tencentcloud-member-email/internal/lifecycle$": "<rootDir>/provider/resource/lifecycle.ts",
    "^tencentcloud-organization-emulator$": "<rootDir>/emulator/src/index.ts",
  },
  globalSetup: "<rootDir>/test/global-setup.ts",
  globalTeardown: "<rootDir>/test/global-teardown.ts",
  testTimeout: 60000,
};
